package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbDeliveryLedger;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.SecretsManagerWebhookSecret;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.github.WebhookReceiver;
import dev.controlplane.domain.github.WebhookRequest;
import dev.controlplane.domain.github.WebhookSignature;
import dev.controlplane.domain.upload.UploadReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SnapStart priming of the triggers: just before Lambda snapshots an initialised function, one made-up event goes
 * through the handler's own code (parse, verify, decide, serialise, log line) and its AWS adapters, on SDK clients
 * built as the function builds them but with made-up credentials and an HTTP client that answers each request from
 * memory ({@link #http()}), so the restored snapshot starts with the whole path loaded: the SDK's marshalling,
 * signing and unmarshalling included. Nothing leaves the process: priming reads no secret, records no delivery,
 * starts no execution and writes no log line.
 */
final class SnapStartPriming {

    private SnapStartPriming() {
    }


    /** Signs the priming delivery only; it is in the source on purpose and opens nothing. */
    static final String PRIMING_SECRET = "snapstart-priming: signs the priming delivery only";
    static final String PRIMING_DELIVERY = "00000000-0000-0000-0000-00000000beef";
    static final String PRIMING_STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:snapstart-priming";
    static final String PRIMING_EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:snapstart-priming:priming";
    /** The made-up secret and table the priming adapters name. */
    static final String PRIMING_RESOURCE = "snapstart-priming";

    /** Secrets Manager's protocol (JSON 1.1), and DynamoDB's and Step Functions' (JSON 1.0). */
    private static final String AWS_JSON_1_1 = "application/x-amz-json-1.1";
    private static final String AWS_JSON_1_0 = "application/x-amz-json-1.0";

    private static final String PUSH_BODY = """
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000",\
            "after":"1111111111111111111111111111111111111111","created":false,"deleted":false,"forced":false,\
            "repository":{"full_name":"snapstart-priming/priming","name":"priming","default_branch":"main"},\
            "commits":[],"head_commit":null}""";

    private static final String UPLOAD_EVENT = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
            "eventTime":"2025-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",\
            "userIdentity":{"principalId":"snapstart-priming"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},\
            "responseElements":{"x-amz-request-id":"0","x-amz-id-2":"0"},\
            "s3":{"s3SchemaVersion":"1.0","configurationId":"snapstart-priming",\
            "bucket":{"name":"snapstart-priming","ownerIdentity":{"principalId":"0"},"arn":"arn:aws:s3:::snapstart-priming"},\
            "object":{"key":"priming-team/priming/1111111111111111111111111111111111111111/manifest.json",\
            "size":2,"eTag":"99914b932bd37a50b983c5e7c90ae93b","versionId":"snapstart-priming","sequencer":"0"}}}]}""";

    /**
     * Answers the triggers' priming requests: the priming secret, a delivery not seen before and then recorded, and
     * a started execution.
     */
    static PrimingHttpClient http() {
        return new PrimingHttpClient(request -> switch (request.firstMatchingHeader("X-Amz-Target").orElse("")) {
            case "secretsmanager.GetSecretValue" -> PrimingHttpClient.Answer.of(AWS_JSON_1_1, LeanJson.write(Map.of(
                    "ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:snapstart-priming-AbCdEf",
                    "Name", PRIMING_RESOURCE, "VersionId", "00000000-0000-0000-0000-000000000000",
                    "SecretString", PRIMING_SECRET, "VersionStages", java.util.List.of("AWSCURRENT"),
                    "CreatedDate", 1735689600)));
            case "DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem" -> PrimingHttpClient.Answer.of(AWS_JSON_1_0, "{}");
            case "AWSStepFunctions.StartExecution" -> PrimingHttpClient.Answer.of(AWS_JSON_1_0, LeanJson.write(Map.of(
                    "executionArn", PRIMING_EXECUTION, "startDate", 1735689600)));
            default -> null;
        });
    }

    /**
     * A signed push to the default branch through {@link GitHubWebhookHandler}'s path: the secret read, the delivery
     * looked up and recorded and the promotion started, each through the SDK client the function builds from
     * {@code environment}, answered by {@code http}.
     */
    static APIGatewayV2HTTPResponse primeWebhook(Map<String, String> environment, PrimingHttpClient http) {
        byte[] body = PUSH_BODY.getBytes(UTF_8);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /github")
                .withRawPath("/github")
                .withHeaders(Map.of(
                        "content-type", "application/json",
                        WebhookRequest.EVENT_HEADER.toLowerCase(java.util.Locale.ROOT), "push",
                        WebhookRequest.DELIVERY_HEADER.toLowerCase(java.util.Locale.ROOT), PRIMING_DELIVERY,
                        WebhookSignature.HEADER.toLowerCase(java.util.Locale.ROOT),
                        WebhookSignature.sign(PRIMING_SECRET.getBytes(UTF_8), body)))
                .withBody(PUSH_BODY)
                .withIsBase64Encoded(false)
                .build();
        try (SecretsManagerClient secrets = AwsClientConfig.configurePriming(SecretsManagerClient.builder(), environment, http).build();
                DynamoDbClient dynamoDb = AwsClientConfig.configurePriming(DynamoDbClient.builder(), environment, http).build();
                SfnClient sfn = AwsClientConfig.configurePriming(SfnClient.builder(), environment, http).build()) {
            WebhookReceiver receiver = new WebhookReceiver(new SecretsManagerWebhookSecret(secrets, PRIMING_RESOURCE),
                    new DynamoDbDeliveryLedger(dynamoDb, PRIMING_RESOURCE), new SfnPromoteArtifactStarter(sfn, PRIMING_STATE_MACHINE));
            return GitHubWebhookHandler.handle(receiver, event);
        }
    }

    /**
     * A manifest upload event through {@link ArtifactUploadedHandler}'s stream path, its promotion started through the
     * Step Functions client the function builds from {@code environment}, answered by {@code http}.
     */
    static ArtifactUploadedHandler.Summary primeUpload(Map<String, String> environment, PrimingHttpClient http) {
        try (SfnClient sfn = AwsClientConfig.configurePriming(SfnClient.builder(), environment, http).build()) {
            return ArtifactUploadedHandler.handle(new UploadReceiver(new SfnPromoteArtifactStarter(sfn, PRIMING_STATE_MACHINE)),
                    new ByteArrayInputStream(UPLOAD_EVENT.getBytes(UTF_8)), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("priming writes to a null stream, which does not fail", e);
        }
    }
}
