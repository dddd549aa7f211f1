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
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private static final PlatformConfig CONFIG = PlatformConfig.load(Path.of("../config"));
    private static final Map<String, String> UNREACHABLE = PrimingEnvironments.unreachable(
            Map.of("REGISTRY_TABLE", "registry", "AWS_ACCESS_KEY_ID", "function", "AWS_SECRET_ACCESS_KEY", "secret"));
    /** The triggers' environments, their clients pointing at a closed port. */
    private static final Map<String, String> UPLOAD = PrimingEnvironments.unreachable(Map.of("AWS_ACCESS_KEY_ID", "function",
            "AWS_SECRET_ACCESS_KEY", "secret", SfnPromoteArtifactStarter.STATE_MACHINE_ARN,
            "arn:aws:states:eu-west-1:123456789012:stateMachine:promote-artifact"));
    private static final Map<String, String> WEBHOOK = PrimingEnvironments.unreachable(Map.of("AWS_ACCESS_KEY_ID", "function",
            "AWS_SECRET_ACCESS_KEY", "secret", "WEBHOOK_SECRET_ID", "github-webhook", "DELIVERIES_TABLE", "deliveries",
            SfnPromoteArtifactStarter.STATE_MACHINE_ARN, "arn:aws:states:eu-west-1:123456789012:stateMachine:promote-artifact"));

    @Test
    void webhookPrimingTakesASignedPushThroughTheSdkToAStartedPromotion() throws Exception {
        PrimingHttpClient http = SnapStartPriming.http();

        APIGatewayV2HTTPResponse[] answer = new APIGatewayV2HTTPResponse[1];
        HandlerShell.priming(() -> answer[0] = SnapStartPriming.primeWebhook(WEBHOOK, http));
        APIGatewayV2HTTPResponse response = answer[0];

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.path("message").asText()).isEqualTo("started");
        assertThat(body.path("action").asText()).isEqualTo("promote");
        assertThat(body.path("input").path("repository").asText()).isEqualTo("snapstart-priming/priming");
        assertThat(body.path("executionArn").asText()).isEqualTo(SnapStartPriming.PRIMING_EXECUTION);
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                // the signed payload's hash and the delivery id: each looked up, and each recorded once started
                "POST 127.0.0.1 secretsmanager.GetSecretValue", "POST 127.0.0.1 DynamoDB_20120810.GetItem",
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 AWSStepFunctions.StartExecution",
                "POST 127.0.0.1 DynamoDB_20120810.PutItem", "POST 127.0.0.1 DynamoDB_20120810.PutItem");
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void webhookHookPrimesWithoutTouchingTheHandlersOwnClientsAndLogsNothing() throws Exception {
        // the handler's own clients point at a closed port: had priming used them, it would fail
        SnapStartHook hook = new GitHubWebhookHandler(WEBHOOK).priming();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);
        hook.afterRestore(null);

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void handlersOnTheCallersAdaptersRegisterNoPriming() {
        List<String> calls = new ArrayList<>();
        assertThat(new GitHubWebhookHandler(recordingSecrets(calls), recordingLedger(calls), recordingStarter(calls)).priming())
                .isNull();
        assertThat(new ArtifactUploadedHandler(recordingStarter(calls)).priming()).isNull();
        assertThat(calls).isEmpty();
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
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
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
    void retryPromotionPrimingInTheFirstEnvironmentClaimsTheMadeUpVersionsCommitAgain() throws Exception {
        String first = CONFIG.environments().get(0).name();
        PrimingHttpClient http = ClaimPriming.retryHttp(CONFIG, first);

        JsonNode retried = primedRetry(first, http);

        assertThat(retried.path("artifact").asText()).isEqualTo(PrimingBuild.ARTIFACT);
        assertThat(retried.path("alreadyIn").toString()).isEqualTo("[\"" + first + "\"]");
        assertThat(retried.path("requestedBy").asText()).isEqualTo("snapstart-priming");
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 DynamoDB_20120810.GetItem",
                "POST 127.0.0.1 DynamoDB_20120810.UpdateItem");
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void retryPromotionPrimingInAnEnvironmentThatPullsReleasesTheFailedArrivalsClaim() throws Exception {
        String first = CONFIG.environments().get(0).name();
        String second = CONFIG.environments().get(1).name();
        PrimingHttpClient http = ClaimPriming.retryHttp(CONFIG, second);

        JsonNode plan = primedRetry(second, http);

        assertThat(plan.path("artifact").asText()).isEqualTo(PrimingBuild.ARTIFACT);
        assertThat(plan.path("from").asText()).isEqualTo(first);
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 AWSStepFunctions.DescribeExecution",
                "POST 127.0.0.1 DynamoDB_20120810.UpdateItem");
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void retryPromotionHookPrimesWithoutTouchingTheHandlersOwnClientsAndLogsNothing() throws Exception {
        for (EnvironmentConfig environment : CONFIG.environments()) {
            Map<String, String> variables = new java.util.HashMap<>(UNREACHABLE);
            variables.putAll(Map.of("CONTROLPLANE_CONFIG_DIR", "../config", "CONTROLPLANE_ENVIRONMENT", environment.name()));
            SnapStartHook hook = new RetryPromotionHandler(variables).priming();

            assertThat(hook.registered()).isFalse();
            hook.beforeCheckpoint(null);
        }

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void uploadPrimingStartsOneMadeUpExecutionForItsManifestThroughTheSdk() {
        PrimingHttpClient http = SnapStartPriming.http();

        ArtifactUploadedHandler.Summary[] summary = new ArtifactUploadedHandler.Summary[1];
        HandlerShell.priming(() -> summary[0] = SnapStartPriming.primeUpload(UPLOAD, http));

        assertThat(summary[0]).isEqualTo(new ArtifactUploadedHandler.Summary(1, 0, 0));

        assertThat(http.answered()).extracting(PrimingEnvironments::call)
                .containsExactly("POST 127.0.0.1 AWSStepFunctions.StartExecution");
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void uploadHookPrimesWithoutTouchingTheHandlersOwnClientAndLogsNothing() throws Exception {
        SnapStartHook hook = new ArtifactUploadedHandler(UPLOAD).priming();

        assertThat(hook.registered()).isFalse();
        hook.beforeCheckpoint(null);
        hook.afterRestore(null);

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

    /** RetryPromotion's priming in {@code environment}, run as its hook runs it (its lines left out); its answer. */
    private static JsonNode primedRetry(String environment, PrimingHttpClient http) throws Exception {
        String[] answer = new String[1];
        HandlerShell.priming(() -> answer[0] = ClaimPriming.retryPromotion(CONFIG, environment, UNREACHABLE, http));
        return JSON.readTree(answer[0]);
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
