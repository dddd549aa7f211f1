package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.github.DeliveryLedger;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.WebhookReceiver;
import dev.controlplane.domain.github.WebhookRequest;
import dev.controlplane.domain.github.WebhookSecretSource;
import dev.controlplane.domain.github.WebhookSignature;
import dev.controlplane.domain.upload.UploadReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * SnapStart priming: just before Lambda snapshots an initialised function, one made-up event goes through
 * the handler's own code (parse, verify, decide, serialise, log line), so the restored snapshot starts with
 * that path's classes loaded: the triggers' priming, run by their {@link SnapStartHook}. The AWS adapters are replaced by in-memory ones that only build the SDK request
 * objects: priming calls no AWS service, reads no secret, records no delivery, starts no execution and
 * writes no log line.
 */
final class SnapStartPriming {

    private SnapStartPriming() {
    }


    /** Signs the priming delivery only; it is in the source on purpose and opens nothing. */
    static final byte[] PRIMING_SECRET = "snapstart-priming: signs the priming delivery only".getBytes(UTF_8);
    static final String PRIMING_DELIVERY = "00000000-0000-0000-0000-00000000beef";
    static final String PRIMING_STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:snapstart-priming";

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

    /** A signed push to the default branch through {@link GitHubWebhookHandler}'s path, ending in a started (made-up) execution. */
    static APIGatewayV2HTTPResponse primeWebhook() {
        byte[] body = PUSH_BODY.getBytes(UTF_8);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /github")
                .withRawPath("/github")
                .withHeaders(Map.of(
                        "content-type", "application/json",
                        WebhookRequest.EVENT_HEADER.toLowerCase(java.util.Locale.ROOT), "push",
                        WebhookRequest.DELIVERY_HEADER.toLowerCase(java.util.Locale.ROOT), PRIMING_DELIVERY,
                        WebhookSignature.HEADER.toLowerCase(java.util.Locale.ROOT), WebhookSignature.sign(PRIMING_SECRET, body)))
                .withBody(PUSH_BODY)
                .withIsBase64Encoded(false)
                .build();
        WebhookReceiver receiver = new WebhookReceiver(new PrimingSecret(), new PrimingLedger(), new PrimingStarter());
        return GitHubWebhookHandler.handle(receiver, event);
    }

    /** A manifest upload event through {@link ArtifactUploadedHandler}'s stream path, ending in a started (made-up) execution. */
    static ArtifactUploadedHandler.Summary primeUpload() {
        try {
            return ArtifactUploadedHandler.handle(new UploadReceiver(new PrimingStarter()),
                    new ByteArrayInputStream(UPLOAD_EVENT.getBytes(UTF_8)), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("priming writes to a null stream, which does not fail", e);
        }
    }

    /** The priming secret; builds the request the real source would send, sends nothing. */
    private static final class PrimingSecret implements WebhookSecretSource {
        @Override
        public byte[] current() {
            GetSecretValueRequest.builder().secretId("snapstart-priming").build();
            return PRIMING_SECRET;
        }

        @Override
        public Optional<byte[]> rereadAfterMismatch() {
            return Optional.empty();
        }
    }

    /** Every delivery is new; builds the reads and puts the real ledger would send, sends nothing. */
    private static final class PrimingLedger implements DeliveryLedger {
        @Override
        public boolean seen(DeliveryIdentity delivery) {
            GetItemRequest.builder().tableName("snapstart-priming")
                    .key(Map.of("deliveryId", AttributeValue.fromS(delivery.deliveryId())))
                    .projectionExpression("#key").expressionAttributeNames(Map.of("#key", "deliveryId"))
                    .consistentRead(true).build();
            return false;
        }

        @Override
        public void record(DeliveryIdentity delivery, String repository) {
            PutItemRequest.builder()
                    .tableName("snapstart-priming")
                    .item(Map.of("deliveryId", AttributeValue.fromS(delivery.deliveryId()),
                            "delivery", AttributeValue.fromS(delivery.deliveryId()), "event", AttributeValue.fromS(delivery.event()),
                            "repository", AttributeValue.fromS(repository), "execution", AttributeValue.fromS(delivery.executionName()),
                            "expiresAt", AttributeValue.fromN("0")))
                    .build();
        }
    }

    /** Builds the StartExecution request the real starter would send and answers with a made-up execution. */
    private static final class PrimingStarter implements PromoteArtifactStarter {
        @Override
        public StartedExecution start(String executionName, String input) {
            StartExecutionRequest.builder().stateMachineArn(PRIMING_STATE_MACHINE).name(executionName).input(input).build();
            return new StartedExecution(executionName,
                    PRIMING_STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + executionName, false);
        }
    }
}
