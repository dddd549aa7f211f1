package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.github.WebhookSignature;
import dev.controlplane.domain.launch.LaunchFixtures;
import dev.testsupport.IntegrationTest;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The webhook secret and the Databricks token, known values kept in (moto's) Secrets Manager, never appear in what
 * the functions write (stdout, stderr, the Lambda logger), in what they answer (a task's output is what Step
 * Functions records in the execution history; the webhook's answer is what GitHub shows), in the execution input
 * the webhook starts, or in the message of a failure (the history's cause).
 */
@IntegrationTest
class SecretsStayOutOfLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_SECRET = "whsec-" + UUID.randomUUID();
    private static final String TOKEN = "dapi" + UUID.randomUUID().toString().replace("-", "");
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:controlplane-launch-cluster-dev:secrets-1";
    private static final String PUSH = """
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000",\
            "after":"3f786850e387550fdab836ed7e6dc881de23001b","created":false,"deleted":false,"forced":false,\
            "repository":{"full_name":"acme-data/churn","name":"churn","default_branch":"main"},\
            "commits":[],"head_commit":null}""";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;
    private static SfnClient sfn;
    private static String webhookSecretId;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;
    /** Everything written, answered or started, to search for the secrets. */
    private final StringBuilder seen = new StringBuilder();
    private LocalWorkspace workspace;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
        sfn = aws.sfn();
        webhookSecretId = "controlplane/dev/github-webhook-secret-" + UUID.randomUUID();
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            secrets.createSecret(request -> request.name(webhookSecretId).secretString(WEBHOOK_SECRET));
            secrets.createSecret(request -> request.name("controlplane/dev/databricks-token").secretString(TOKEN));
        }
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            dynamoDb.close();
            sfn.close();
            aws.close();
        }
    }

    @BeforeEach
    void captureOutput() {
        out = System.out;
        err = System.err;
        PrintStream both = new PrintStream(captured, true, UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(out);
        System.setErr(err);
        if (workspace != null) {
            workspace.close();
        }
    }

    private void assertNoSecretIn(RecordingContext... contexts) {
        StringBuilder everything = new StringBuilder(seen).append(captured.toString(UTF_8));
        for (RecordingContext context : contexts) {
            everything.append(context.logged());
        }
        assertThat(everything.toString()).as("logs, answers and execution inputs")
                .isNotBlank()
                .doesNotContain(WEBHOOK_SECRET)
                .doesNotContain(TOKEN);
    }

    private static APIGatewayV2HTTPEvent delivery(String signature, String deliveryId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-github-event", "push");
        headers.put("x-github-delivery", deliveryId);
        if (signature != null) {
            headers.put("x-hub-signature-256", signature);
        }
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /github/webhook")
                .withRawPath("/github/webhook").withHeaders(headers).withBody(PUSH).withIsBase64Encoded(false).build();
    }

    @Test
    void theWebhookSecretIsInNoLogAnswerOrExecutionInput() {
        String table = "deliveries-" + UUID.randomUUID().toString().substring(0, 8);
        MotoEndpoint.createDeliveriesTable(dynamoDb, table);
        String stateMachine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + UUID.randomUUID().toString().substring(0, 8));
        GitHubWebhookHandler handler = new GitHubWebhookHandler(aws.environment(webhookSecretId, table, stateMachine));
        RecordingContext context = new RecordingContext("req-webhook");

        String good = WebhookSignature.sign(WEBHOOK_SECRET.getBytes(UTF_8), PUSH.getBytes(UTF_8));
        String wrong = WebhookSignature.sign("not-the-secret".getBytes(UTF_8), PUSH.getBytes(UTF_8));
        List<APIGatewayV2HTTPResponse> answers = List.of(
                handler.handleRequest(delivery(good, UUID.randomUUID().toString()), context),
                handler.handleRequest(delivery(wrong, UUID.randomUUID().toString()), context),
                handler.handleRequest(delivery(null, UUID.randomUUID().toString()), context));

        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(202, 401, 401);
        answers.forEach(answer -> seen.append(answer.getBody()).append(answer.getHeaders()));
        sfn.listExecutions(request -> request.stateMachineArn(stateMachine)).executions().forEach(execution ->
                seen.append(sfn.describeExecution(request -> request.executionArn(execution.executionArn())).input()));
        assertThat(seen).contains("acme-data/churn");
        assertNoSecretIn(context);
    }

    @Test
    void theDatabricksTokenIsInNoLogNorTaskOutputOfALaunchNorInAFailure() throws Exception {
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "controlplane@example.com")
                .withTimings(RunTimings.instant()));
        String runs = "runs-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, runs);
        Path config = LaunchFixtures.writeConfig(dir, workspace.url(), LaunchFixtures.POLICY);
        String bucket = PlatformConfig.load(config).environment("dev").orElseThrow().artifactsBucket();
        try (S3Client s3 = ArtifactsMoto.s3(aws)) {
            ArtifactsMoto.indexVersion(s3, bucket, "dev", "data-eng/churn/churn", "1.5.0",
                    List.of("data-eng/churn/churn/churn-1.5.0.py"));
            ArtifactsMoto.indexLatest(s3, bucket, "data-eng/churn/churn", "1.5.0");
        }
        Map<String, String> environment = new HashMap<>(ArtifactsMoto.environment(aws, "unused"));
        environment.put("CONTROLPLANE_ENVIRONMENT", "dev");
        environment.put("ARTIFACTS_BUCKET", bucket);
        environment.put("CONTROLPLANE_CONFIG_DIR", config.toString());
        environment.put("RUNS_TABLE", runs);
        RecordingContext context = new RecordingContext("req-launch");

        ObjectNode operator = JSON.createObjectNode().put("team", "data-eng").put("project_name", "churn")
                .put("executionArn", EXECUTION);
        JsonNode run = invoke(new ResolveRunHandler(environment), operator, context);
        ObjectNode submit = JSON.createObjectNode().put("execution", "secrets-1").put("executionArn", EXECUTION);
        submit.set("run", run);
        JsonNode submitted = invoke(new SubmitRunHandler(environment), submit, context);
        JsonNode status = invoke(new PollRunHandler(environment), submitted, context);
        for (int attempt = 0; attempt < 3000 && !status.path("terminal").asBoolean(); attempt++) {
            Thread.sleep(10);
            status = invoke(new PollRunHandler(environment), submitted, context);
        }
        invoke(new CancelRunHandler(environment), submitted, context);
        ObjectNode record = JSON.createObjectNode().put("execution", "secrets-1").put("executionArn", EXECUTION);
        record.set("run", run);
        record.set("submitted", submitted);
        record.set("status", status);
        invoke(new RecordRunHandler(environment), record, context);
        invoke(new SyncPoliciesHandler(environment), JSON.createObjectNode(), context);

        // A token the workspace refuses: the failure's message (the history's cause) names no token either.
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            secrets.putSecretValue(request -> request.secretId("controlplane/dev/databricks-token")
                    .secretString(TOKEN + "-revoked"));
        }
        Throwable refused = catchThrowable(() -> invoke(new SubmitRunHandler(environment), submit, context));
        assertThat(refused).isNotNull();
        seen.append(refused).append(refused.getMessage());
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            secrets.putSecretValue(request -> request.secretId("controlplane/dev/databricks-token").secretString(TOKEN));
        }

        assertThat(status.path("terminal").asBoolean()).isTrue();
        assertThat(context.logged()).as("the lines carry the execution (also as the correlation id) and team")
                .contains("\"executionArn\":\"" + EXECUTION + "\"").contains("\"correlation_id\":\"" + EXECUTION + "\"")
                .contains("\"team\":\"data-eng\"")
                .contains("\"Launches\":1.0");
        assertNoSecretIn(context);
    }

    private JsonNode invoke(RequestStreamHandler handler, JsonNode input, RecordingContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, context);
        String answer = output.toString(UTF_8);
        seen.append(answer);
        return JSON.readTree(answer);
    }
}
