package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.DynamoDbDeliveryLedger;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.aws.SecretsManagerWebhookSecret;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.DeliveryLedger;
import dev.testsupport.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The handler end to end, built from its environment as in Lambda, against moto: the signed sample
 * deliveries in events/ go in, executions of a stand-in state machine come out.
 */
@IntegrationTest
class GitHubWebhookHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = locateEvents();

    private static MotoEndpoint aws;
    private static SecretsManagerClient secretsManager;
    private static DynamoDbClient dynamoDb;
    private static SfnClient sfn;
    private static String secretId;

    private String table;
    private String stateMachineArn;
    private GitHubWebhookHandler handler;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        secretsManager = aws.secretsManager();
        dynamoDb = aws.dynamoDb();
        sfn = aws.sfn();
        String secret = JSON.readTree(EVENTS.resolve("github-webhook-secret.json").toFile()).path("secret").asText();
        secretId = "github-webhook-" + UUID.randomUUID();
        secretsManager.createSecret(request -> request.name(secretId).secretString(secret));
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            secretsManager.close();
            dynamoDb.close();
            sfn.close();
            aws.close();
        }
    }

    @BeforeEach
    void freshTableAndStateMachine() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        table = "deliveries-" + suffix;
        MotoEndpoint.createDeliveriesTable(dynamoDb, table);
        stateMachineArn = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + suffix);
        handler = new GitHubWebhookHandler(aws.environment(secretId, table, stateMachineArn));
    }

    private static Path locateEvents() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("events/github-ping.json"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("events/github-ping.json not found above " + Path.of("").toAbsolutePath());
    }

    /** A sample delivery read as API Gateway hands it to the function. */
    private static APIGatewayV2HTTPEvent sample(String name) throws IOException {
        JsonNode json = JSON.readTree(EVENTS.resolve(name).toFile());
        Map<String, String> headers = new HashMap<>();
        json.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(json.path("version").asText())
                .withRouteKey(json.path("routeKey").asText())
                .withRawPath(json.path("rawPath").asText())
                .withHeaders(headers)
                .withBody(json.path("body").asText())
                .withIsBase64Encoded(json.path("isBase64Encoded").asBoolean())
                .build();
    }

    private APIGatewayV2HTTPResponse deliver(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        return JSON.readTree(response.getBody());
    }

    private List<ExecutionListItem> executions() {
        return sfn.listExecutions(request -> request.stateMachineArn(stateMachineArn)).executions();
    }

    private JsonNode onlyExecutionInput() throws IOException {
        assertThat(executions()).hasSize(1);
        String arn = executions().get(0).executionArn();
        return JSON.readTree(sfn.describeExecution(request -> request.executionArn(arn)).input());
    }

    private int ledgerSize() {
        return dynamoDb.scan(request -> request.tableName(table)).count();
    }

    @Test
    void pingIsAnsweredWithPongAndStartsNothing() throws IOException {
        APIGatewayV2HTTPResponse response = deliver(sample("github-ping.json"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).path("message").asText()).isEqualTo("pong");
        assertThat(executions()).isEmpty();
    }

    @Test
    void mergeToTheDefaultBranchStartsAPromotion() throws IOException {
        APIGatewayV2HTTPResponse response = deliver(sample("github-push-merge.json"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode answer = body(response);
        assertThat(answer.path("message").asText()).isEqualTo("started");
        assertThat(answer.path("action").asText()).isEqualTo("promote");
        JsonNode input = onlyExecutionInput();
        assertThat(input.path("action").asText()).isEqualTo("promote");
        assertThat(input.path("repository").asText()).isEqualTo("acme-data/churn");
        assertThat(input.path("commit").asText()).isEqualTo("3f786850e387550fdab836ed7e6dc881de23001b");
        assertThat(input.path("branch").asText()).isEqualTo("main");
        assertThat(input.path("delivery").asText()).isEqualTo("7d1e5a40-2f0f-11f0-9a7c-5b6c7d8e9f01");
        assertThat(answer.path("executionArn").asText()).isEqualTo(executions().get(0).executionArn());
    }

    @Test
    void redeliveredWebhookStartsExactlyOneExecution() throws IOException {
        assertThat(deliver(sample("github-push-merge.json")).getStatusCode()).isEqualTo(202);

        APIGatewayV2HTTPResponse redelivery = deliver(sample("github-push-merge.json"));

        assertThat(redelivery.getStatusCode()).isEqualTo(200);
        assertThat(body(redelivery).path("message").asText()).isEqualTo("already processed");
        assertThat(executions()).hasSize(1);
    }

    @Test
    void publishedReleaseMovesLatestToTheTaggedVersion() throws IOException {
        APIGatewayV2HTTPResponse response = deliver(sample("github-release-published.json"));
        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode input = onlyExecutionInput();
        assertThat(input.path("action").asText()).isEqualTo("move-latest");
        assertThat(input.path("version").asText()).isEqualTo("1.4.0");
        assertThat(input.path("tag").asText()).isEqualTo("v1.4.0");
    }

    @Test
    void deletedFeatureBranchIsRetired() throws IOException {
        APIGatewayV2HTTPResponse response = deliver(sample("github-branch-deleted.json"));
        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode input = onlyExecutionInput();
        assertThat(input.path("action").asText()).isEqualTo("retire");
        assertThat(input.path("branch").asText()).isEqualTo("feature/login");
    }

    @Test
    void featureBranchPushIsIgnoredWithTheReason() throws IOException {
        APIGatewayV2HTTPResponse response = deliver(sample("github-push-feature.json"));
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(body(response).path("reason").asText())
                .isEqualTo("push to feature branch 'feature/login' builds via the S3 upload, nothing to promote");
        assertThat(executions()).isEmpty();
    }

    @Test
    void tamperedBodyIs401WithNothingStartedOrRecorded() throws IOException {
        APIGatewayV2HTTPEvent event = sample("github-push-merge.json");
        event.setBody(event.getBody().replace("refs/heads/main", "refs/heads/mainx"));

        APIGatewayV2HTTPResponse response = deliver(event);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(body(response).path("message").asText()).contains("X-Hub-Signature-256 does not match the body");
        assertThat(executions()).isEmpty();
        assertThat(ledgerSize()).isZero();
    }

    @Test
    void missingSignatureIs401NamingTheHeader() throws IOException {
        APIGatewayV2HTTPEvent event = sample("github-push-merge.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("x-hub-signature-256");
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = deliver(event);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(body(response).path("message").asText()).contains("X-Hub-Signature-256 is missing");
        assertThat(executions()).isEmpty();
    }

    @Test
    void answersNeverEchoTheSignatureOrTheSecret() throws IOException {
        APIGatewayV2HTTPEvent event = sample("github-push-merge.json");
        String signature = event.getHeaders().get("x-hub-signature-256");
        event.setBody(event.getBody() + " ");
        String answer = deliver(event).getBody();
        assertThat(answer).doesNotContain(signature.substring("sha256=".length()))
                .doesNotContain("local-webhook-secret");
    }

    @Test
    void headerNamesInAnyCaseAreRead() {
        APIGatewayV2HTTPEvent event;
        try {
            event = sample("github-push-merge.json");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> canonical = new HashMap<>();
        event.getHeaders().forEach((name, value) -> canonical.put(name.toUpperCase(Locale.ROOT), value));
        event.setHeaders(canonical);
        assertThat(deliver(event).getStatusCode()).isEqualTo(202);
        assertThat(executions()).hasSize(1);
    }

    @Test
    void base64EncodedBodyIsVerifiedOnItsDecodedBytes() throws IOException {
        APIGatewayV2HTTPEvent event = sample("github-release-published.json");
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(UTF_8)));
        event.setIsBase64Encoded(true);
        assertThat(deliver(event).getStatusCode()).isEqualTo(202);
    }

    @Test
    void signedDeliveryThatCannotBeReadIs400NamingTheField() throws IOException {
        APIGatewayV2HTTPEvent event = sample("github-push-merge.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("x-github-event");
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = deliver(event);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).isEqualTo(
                "headers: X-GitHub-Event is missing; expected the GitHub event name, e.g. push, release or ping");
    }

    @Test
    void failureToStartIs500AndTheRedeliveryStartsTheExecution() throws IOException {
        // A state machine that does not exist yet: the start fails, the delivery is not kept as processed.
        String missing = stateMachineArn + "-not-yet";
        GitHubWebhookHandler early = new GitHubWebhookHandler(aws.environment(secretId, table, missing));
        APIGatewayV2HTTPResponse failed = early.handleRequest(sample("github-push-merge.json"), null);
        assertThat(failed.getStatusCode()).isEqualTo(500);
        assertThat(body(failed).path("message").asText()).contains("redeliver");
        assertThat(ledgerSize()).isZero();

        assertThat(deliver(sample("github-push-merge.json")).getStatusCode()).isEqualTo(202);
        assertThat(executions()).hasSize(1);
    }

    @Test
    void capturedBodySentAgainUnderANewDeliveryIdStartsNothing() throws IOException {
        assertThat(deliver(sample("github-push-merge.json")).getStatusCode()).isEqualTo(202);
        APIGatewayV2HTTPEvent replay = sample("github-push-merge.json");
        Map<String, String> headers = new HashMap<>(replay.getHeaders());
        headers.put("x-github-delivery", UUID.randomUUID().toString());
        replay.setHeaders(headers);

        APIGatewayV2HTTPResponse response = deliver(replay);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).path("message").asText()).isEqualTo("already processed");
        assertThat(executions()).hasSize(1);
    }

    @Test
    void crashAfterTheStartBeforeTheRecordLeavesARedeliveryThatFindsTheExecution() throws IOException {
        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamoDb, table);
        DeliveryLedger crashing = new DeliveryLedger() {
            @Override
            public boolean seen(DeliveryIdentity delivery) {
                return ledger.seen(delivery);
            }

            @Override
            public void record(DeliveryIdentity delivery, String repository) {
                throw new IllegalStateException("Task timed out after 10.00 seconds");
            }
        };
        GitHubWebhookHandler crashy = new GitHubWebhookHandler(new SecretsManagerWebhookSecret(secretsManager, secretId),
                crashing, new SfnPromoteArtifactStarter(sfn, stateMachineArn));
        assertThat(crashy.handleRequest(sample("github-push-merge.json"), null).getStatusCode()).isEqualTo(500);
        assertThat(executions()).as("started before the crash").hasSize(1);

        APIGatewayV2HTTPResponse redelivered = deliver(sample("github-push-merge.json"));

        assertThat(redelivered.getStatusCode()).as("not 'already processed': the delivery was never recorded").isEqualTo(202);
        assertThat(body(redelivered).path("executionArn").asText()).isEqualTo(executions().get(0).executionArn());
        assertThat(executions()).hasSize(1);
        assertThat(ledgerSize()).as("recorded by id and by payload").isEqualTo(2);
    }
}
