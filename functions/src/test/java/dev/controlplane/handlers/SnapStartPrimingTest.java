package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.DeliveryLedger;
import dev.controlplane.domain.github.WebhookSecretSource;
import dev.controlplane.domain.PromoteArtifactStarter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The SnapStart hooks: the hot path runs on a made-up event, and the handler's real adapters see nothing. */
class SnapStartPrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CapturedStdout printed = new CapturedStdout();

    private static final Map<String, String> UNREACHABLE = PrimingEnvironments.unreachable(
            Map.of("REGISTRY_TABLE", "registry", "AWS_ACCESS_KEY_ID", "function", "AWS_SECRET_ACCESS_KEY", "secret"));

    @Test
    void webhookPrimingTakesASignedPushThroughToAStartedPromotion() throws Exception {
        APIGatewayV2HTTPResponse response = SnapStartPriming.primeWebhook();

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.path("message").asText()).isEqualTo("started");
        assertThat(body.path("action").asText()).isEqualTo("promote");
        assertThat(body.path("input").path("repository").asText()).isEqualTo("snapstart-priming/priming");
        assertThat(body.path("executionArn").asText()).startsWith("arn:aws:states:us-east-1:000000000000:execution:snapstart-priming:");
    }

    @Test
    void webhookCheckpointHookReadsNoSecretRecordsNothingStartsNothingAndLogsNothing() throws Exception {
        List<String> calls = new ArrayList<>();
        GitHubWebhookHandler handler = new GitHubWebhookHandler(recordingSecrets(calls), recordingLedger(calls),
                recordingStarter(calls));

        handler.priming().beforeCheckpoint(null);
        handler.priming().afterRestore(null);

        assertThat(calls).isEmpty();
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void releaseStaleClaimPrimingReleasesTheClaimOfAFailedExecutionAndDropsItsApproval() throws Exception {
        PrimingHttpClient http = ClaimPriming.http();

        JsonNode answer = JSON.readTree(ClaimPriming.releaseStaleClaim(UNREACHABLE, http));

        assertThat(answer.path("released").asBoolean()).isTrue();
        assertThat(answer.path("state").asText()).isEqualTo("FAILED");
        assertThat(answer.path("claimedBy").asText()).isEqualTo(ClaimPriming.STALE);
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "POST 127.0.0.1 AWSStepFunctions.DescribeExecution", "POST 127.0.0.1 DynamoDB_20120810.UpdateItem",
                "POST 127.0.0.1 DynamoDB_20120810.Query", "POST 127.0.0.1 DynamoDB_20120810.DeleteItem");
        assertThat(http.answered()).allSatisfy(request -> assertThat(request.firstMatchingHeader("Authorization"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("AWS4-HMAC-SHA256 Credential=AKIASNAPSTARTPRIMING/")));
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void releaseStaleClaimHookPrimesWithoutTouchingTheHandlersOwnClientsAndLogsNothing() throws Exception {
        // the handler's own clients point at a closed port: had priming used them, it would fail
        SnapStartHook hook = new ReleaseStaleClaimHandler(UNREACHABLE).priming();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void uploadPrimingStartsOneMadeUpExecutionForItsManifest() {
        assertThat(SnapStartPriming.primeUpload()).isEqualTo(new ArtifactUploadedHandler.Summary(1, 0, 0));
    }

    @Test
    void uploadCheckpointHookCallsNoStepFunctionsAndLogsNothing() throws Exception {
        List<String> calls = new ArrayList<>();
        try (SfnClient sfn = SfnClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(context.request().getClass().getSimpleName());
                    }
                }))
                .build()) {
            ArtifactUploadedHandler handler = new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn,
                    "arn:aws:states:us-east-1:123456789012:stateMachine:promote-artifact"));

            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        }

        assertThat(calls).isEmpty();
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void hookIsHandedToCracOnlyWhenLambdaInitialisesForSnapStart() {
        assertThat(SnapStartHook.register(() -> { }, "snap-start").registered()).isTrue();
        assertThat(SnapStartHook.register(() -> { }, "on-demand").registered()).isFalse();
        assertThat(SnapStartHook.register(() -> { }, "provisioned-concurrency").registered()).isFalse();
        assertThat(SnapStartHook.register(() -> { }, null).registered()).isFalse();
    }

    @Test
    void checkpointHookRunsItsPrimingOnce() throws Exception {
        int[] runs = {0};
        SnapStartHook priming = SnapStartHook.register(() -> runs[0]++, "snap-start");

        priming.beforeCheckpoint(null);

        assertThat(runs[0]).isEqualTo(1);
    }

    private static WebhookSecretSource recordingSecrets(List<String> calls) {
        return new WebhookSecretSource() {
            @Override
            public byte[] current() {
                calls.add("secret read");
                return "real secret".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Optional<byte[]> rereadAfterMismatch() {
                calls.add("secret re-read");
                return Optional.empty();
            }
        };
    }

    private static DeliveryLedger recordingLedger(List<String> calls) {
        return new DeliveryLedger() {
            @Override
            public boolean seen(DeliveryIdentity delivery) {
                calls.add("looked up " + delivery.deliveryId());
                return false;
            }

            @Override
            public void record(DeliveryIdentity delivery, String repository) {
                calls.add("recorded " + delivery.deliveryId());
            }
        };
    }

    private static PromoteArtifactStarter recordingStarter(List<String> calls) {
        return (executionName, input) -> {
            calls.add("started " + executionName);
            return new PromoteArtifactStarter.StartedExecution(executionName, "arn", false);
        };
    }
}
