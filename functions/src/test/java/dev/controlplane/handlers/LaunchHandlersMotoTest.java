package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.launch.DataSharingRefusedException;
import dev.controlplane.domain.launch.LaunchFixtures;
import dev.controlplane.domain.launch.MonthlyCost;
import dev.controlplane.domain.launch.UnknownVersionException;
import dev.testsupport.IntegrationTest;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The launch handlers built from their environment as in Lambda: the artifact buckets' index, runs table and the
 * workspace token in moto, the real Databricks SDK against the local workspace.
 */
@IntegrationTest
class LaunchHandlersMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dapi-launch-handlers";
    private static final String CHURN = "data-eng/churn/churn";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;

    @TempDir
    Path dir;

    private LocalWorkspace workspace;
    private WorkspaceClient client;
    private String devBucket;
    private String prodBucket;
    private String runsTable;
    private Map<String, String> environment;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
        s3 = ArtifactsMoto.s3(aws);
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            secrets.createSecret(request -> request.name("controlplane/dev/databricks-token").secretString(TOKEN));
        }
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            dynamoDb.close();
            s3.close();
            aws.close();
        }
    }

    @BeforeEach
    void start() {
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "controlplane@example.com")
                .withTimings(RunTimings.instant()));
        client = DatabricksRuns.client(workspace.url(), TOKEN);
        runsTable = "controlplane-runs-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, runsTable);
        Path config = LaunchFixtures.writeConfig(dir, workspace.url(), LaunchFixtures.POLICY);
        PlatformConfig platform = PlatformConfig.load(config);
        devBucket = platform.environment("dev").orElseThrow().artifactsBucket();
        prodBucket = platform.environment("prod").orElseThrow().artifactsBucket();
        publish("1.4.0", List.of("dev", "prod"));
        publish("1.5.0", List.of("dev"));
        ArtifactsMoto.indexLatest(s3, devBucket, CHURN, "1.5.0");
        ArtifactsMoto.indexLatest(s3, prodBucket, CHURN, "1.4.0");
        environment = new HashMap<>(ArtifactsMoto.environment(aws, "unused"));
        environment.put("CONTROLPLANE_ENVIRONMENT", "dev");
        environment.put("ARTIFACTS_BUCKET", devBucket);
        environment.put("CONTROLPLANE_CONFIG_DIR", config.toString());
        environment.put("RUNS_TABLE", runsTable);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    /** What promote-artifact leaves in each environment's bucket: the version's record in its index. */
    private void publish(String version, List<String> environments) {
        for (String environment : environments) {
            ArtifactsMoto.indexVersion(s3, environment.equals("dev") ? devBucket : prodBucket, environment, CHURN, version,
                    List.of(CHURN + "/churn-" + version + ".py", CHURN + "/churn-" + version + "-py3-none-any.whl"));
        }
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private static ObjectNode operator(String version, boolean sharing) {
        ObjectNode input = JSON.createObjectNode().put("team", "data-eng").put("project_name", "churn")
                .put("use_data_sharing", sharing);
        if (version != null) {
            input.put("script_version", version);
        }
        input.putObject("parameters").put("date", "2025-05-12");
        input.putArray("view_access_control_list").add("analysts");
        return input;
    }

    private JsonNode submit(JsonNode run, String execution) throws IOException {
        ObjectNode input = JSON.createObjectNode().put("execution", execution);
        input.set("run", run);
        return invoke(new SubmitRunHandler(environment), input);
    }

    private JsonNode pollUntilTerminal(JsonNode submitted) throws IOException, InterruptedException {
        PollRunHandler poll = new PollRunHandler(environment);
        for (int attempt = 0; attempt < 6000; attempt++) {
            JsonNode status = invoke(poll, submitted);
            if (status.get("terminal").booleanValue()) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run never ended");
    }

    @Test
    void launchResolvesLatestSubmitsOnceAndRecordsTheRun() throws Exception {
        JsonNode run = invoke(new ResolveRunHandler(environment), operator(null, false));

        JsonNode submitted = submit(run, "launch-7f3a");
        JsonNode retried = submit(run, "launch-7f3a");
        JsonNode status = pollUntilTerminal(submitted);
        ObjectNode record = JSON.createObjectNode().put("execution", "launch-7f3a");
        record.set("run", run);
        record.set("submitted", submitted);
        record.set("status", status);
        JsonNode recorded = invoke(new RecordRunHandler(environment), record);

        assertThat(run.get("scriptVersion").asText()).isEqualTo("1.5.0");
        assertThat(run.get("parameters")).isEqualTo(JSON.readTree("[\"--date\", \"2025-05-12\"]"));
        assertThat(retried.get("runId")).as("a retried submit gives the same run").isEqualTo(submitted.get("runId"));
        assertThat(StreamSupport.stream(client.jobs().listRuns(new ListRunsRequest()).spliterator(), false)).hasSize(1);
        assertThat(submitted.get("policySync").asText()).isEqualTo("CREATED");
        assertThat(retried.get("policySync").asText()).isEqualTo("UNCHANGED");
        var cluster = client.jobs().getRun(submitted.get("runId").asLong()).getTasks().iterator().next().getNewCluster();
        assertThat(cluster.getPolicyId()).isEqualTo(submitted.get("policyId").asText());
        assertThat(cluster.getCustomTags()).containsEntry("team", "data-eng").containsEntry("cost_centre", "CC-1042");
        assertThat(status.get("life_cycle_state").asText()).isEqualTo("TERMINATED");
        assertThat(status.get("result_state").asText()).isEqualTo("SUCCESS");
        assertThat(status.get("run_page_url").asText()).startsWith(workspace.url());
        assertThat(recorded.get("team").asText()).isEqualTo("data-eng");
        List<dev.controlplane.domain.launch.RunRecord> records = new DynamoDbRunRecords(dynamoDb, runsTable)
                .byTeamAndMonth("data-eng", YearMonth.parse(recorded.get("month").asText()));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.runId()).isEqualTo(submitted.get("runId").asLong());
            assertThat(r.version()).isEqualTo("1.5.0");
            assertThat(r.resultState()).isEqualTo("SUCCESS");
            assertThat(r.maxWorkers()).isEqualTo(2);
            assertThat(r.nodeTypeId()).isEqualTo("m5.xlarge");
            assertThat(r.execution()).isEqualTo("launch-7f3a");
        });
    }

    @Test
    void resolveNamesTheUnknownVersionAndRefusesDataSharingInProd() {
        Map<String, String> prod = new HashMap<>(environment);
        prod.put("CONTROLPLANE_ENVIRONMENT", "prod");
        prod.put("ARTIFACTS_BUCKET", prodBucket);

        assertThatThrownBy(() -> invoke(new ResolveRunHandler(environment), operator("2.0.0", false)))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("script_version is '2.0.0', but " + CHURN + " has no such version");
        assertThatThrownBy(() -> invoke(new ResolveRunHandler(prod), operator(null, true)))
                .isInstanceOf(DataSharingRefusedException.class)
                .hasMessageContaining("use_data_sharing is true in prod");
    }

    @Test
    void prodResolvesLatestAndVersionsFromItsOwnBucketOnly() throws IOException {
        Map<String, String> prod = new HashMap<>(environment);
        prod.put("CONTROLPLANE_ENVIRONMENT", "prod");
        prod.put("ARTIFACTS_BUCKET", prodBucket);

        JsonNode run = invoke(new ResolveRunHandler(prod), operator(null, false));

        assertThat(run.get("scriptVersion").asText()).isEqualTo("1.4.0");
        assertThat(run.get("scriptPath").asText()).isEqualTo("s3://" + prodBucket + "/" + CHURN + "/churn-1.4.0.py");
        assertThat(run.get("wheelPath").asText()).isEqualTo("s3://" + prodBucket + "/" + CHURN + "/churn-1.4.0-py3-none-any.whl");
        assertThatThrownBy(() -> invoke(new ResolveRunHandler(prod), operator("1.5.0", false)))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("script_version is '1.5.0', but " + CHURN + " has no such version in prod");
    }

    @Test
    void failedRunIsTerminalWithDatabricksMessageUrlAndError() throws Exception {
        JsonNode run = invoke(new ResolveRunHandler(environment), operator("1.4.0", false));
        workspace.faults().failNextRun("ModuleNotFoundError: No module named 'etl'");

        JsonNode status = pollUntilTerminal(submit(run, "launch-failing"));

        assertThat(status.get("result_state").asText()).isEqualTo("FAILED");
        assertThat(status.get("succeeded").booleanValue()).isFalse();
        assertThat(status.get("state_message").asText()).isEqualTo("ModuleNotFoundError: No module named 'etl'");
        assertThat(status.get("error").asText()).isEqualTo("ModuleNotFoundError: No module named 'etl'");
        assertThat(status.get("run_page_url").asText()).startsWith(workspace.url()).contains("/run/");
    }

    @Test
    void cancelEndsTheRun() throws Exception {
        JsonNode run = invoke(new ResolveRunHandler(environment), operator(null, false));
        workspace.faults().nextClusterNeverStarts();
        JsonNode submitted = submit(run, "launch-stuck");
        assertThat(invoke(new PollRunHandler(environment), submitted).get("terminal").booleanValue()).isFalse();

        JsonNode cancelled = invoke(new CancelRunHandler(environment), submitted);

        assertThat(cancelled.get("cancel_requested").booleanValue()).isTrue();
        JsonNode status = pollUntilTerminal(submitted);
        assertThat(status.get("result_state").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aHostOrSecretInTheInputIsNeverCalledTheTeamsConfiguredWorkspaceIs() throws Exception {
        List<String> elsewhere = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            elsewhere.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            String otherHost = "http://127.0.0.1:" + other.getAddress().getPort();
            ObjectNode run = (ObjectNode) invoke(new ResolveRunHandler(environment), operator(null, false));
            run.put("workspaceHost", otherHost).put("tokenSecretId", "controlplane/dev/databricks-token");
            workspace.faults().nextClusterNeverStarts();

            ObjectNode submitted = (ObjectNode) submit(run, "launch-elsewhere");
            assertThat(submitted.get("workspaceHost").asText()).as("the team's, from config").isEqualTo(workspace.url());
            assertThat(submitted.has("tokenSecretId")).isFalse();
            submitted.put("workspaceHost", otherHost).put("tokenSecretId", "controlplane/dev/databricks-token");
            JsonNode polled = invoke(new PollRunHandler(environment), submitted);
            invoke(new CancelRunHandler(environment), submitted);

            assertThat(elsewhere).as("requests the other host got").isEmpty();
            assertThat(polled.get("run_page_url").asText()).startsWith(workspace.url());
            assertThat(pollUntilTerminal(submitted).get("result_state").asText()).isEqualTo("CANCELED");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aRunResolvedForAnotherEnvironmentIsNotSubmittedHere() throws Exception {
        ObjectNode run = (ObjectNode) invoke(new ResolveRunHandler(environment), operator(null, false));
        run.put("environment", "prod");

        assertThatThrownBy(() -> submit(run, "launch-prod-from-dev"))
                .hasMessage("run request: environment is 'prod'; expected 'dev', the environment this stack serves"
                        + " (runs launch only where resolved)");
    }

    @Test
    void policyEditedByHandIsPutBackAndReportedAsDrift() throws Exception {
        SyncPoliciesHandler sync = new SyncPoliciesHandler(environment);
        JsonNode first = invoke(sync, JSON.createObjectNode());
        String policyId = first.get("policies").get(0).get("policyId").asText();
        client.clusterPolicies().edit(new EditPolicy().setPolicyId(policyId).setName("controlplane-data-eng")
                .setDefinition("{\"spark_version\": {\"type\": \"unlimited\", \"defaultValue\": \"13.3.x-scala2.12\"},"
                        + " \"node_type_id\": {\"type\": \"unlimited\", \"defaultValue\": \"x1.32xlarge\"}}"));

        JsonNode second = invoke(sync, JSON.createObjectNode());
        JsonNode third = invoke(sync, JSON.createObjectNode());

        assertThat(first.get("policies").get(0).get("outcome").asText()).isEqualTo("CREATED");
        assertThat(first.get("drift")).isEmpty();
        assertThat(second.get("drift")).singleElement().satisfies(drift -> {
            assertThat(drift.get("team").asText()).isEqualTo("data-eng");
            assertThat(drift.get("policyId").asText()).isEqualTo(policyId);
            assertThat(drift.get("workspaceDefinition").asText()).contains("x1.32xlarge");
        });
        assertThat(client.clusterPolicies().get(policyId).getDefinition()).contains("m5.xlarge").doesNotContain("x1.32xlarge");
        assertThat(third.get("policies").get(0).get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(third.get("drift")).isEmpty();
    }

    @Test
    void runRecordsAreSummedByTeamAndMonth() throws Exception {
        JsonNode run = invoke(new ResolveRunHandler(environment), operator(null, false));
        RecordRunHandler record = new RecordRunHandler(environment);
        recordRun(record, run, 1, "2025-05-03T10:00:00Z", "2025-05-03T11:00:00Z");
        recordRun(record, run, 2, "2025-05-31T23:30:00Z", "2025-06-01T00:00:00Z");
        recordRun(record, run, 2, "2025-05-31T23:30:00Z", "2025-06-01T00:00:00Z");
        recordRun(record, run, 3, "2025-06-01T00:10:00Z", "2025-06-01T00:40:00Z");

        DynamoDbRunRecords records = new DynamoDbRunRecords(dynamoDb, runsTable);
        MonthlyCost may = records.cost("data-eng", YearMonth.of(2025, 5));
        MonthlyCost june = records.cost("data-eng", YearMonth.of(2025, 6));

        // m5.xlarge at 0.69 DBU/h, 3 nodes (driver + 2 workers): 1 h = 2.07 DBU, 30 min = 1.035 DBU; 0.15 USD/DBU, each record rounded to 4 decimals.
        assertThat(may).isEqualTo(new MonthlyCost("data-eng", YearMonth.of(2025, 5), 2, 3.105, 0.4657));
        assertThat(june).isEqualTo(new MonthlyCost("data-eng", YearMonth.of(2025, 6), 1, 1.035, 0.1552));
        assertThat(records.cost("payments", YearMonth.of(2025, 5)).runs()).isZero();
    }

    private static void recordRun(RecordRunHandler handler, JsonNode run, long runId, String start, String end)
            throws IOException {
        ObjectNode input = JSON.createObjectNode().put("execution", "launch-" + runId);
        input.set("run", run);
        input.putObject("submitted").put("runId", runId).put("nodeTypeId", "m5.xlarge").put("minWorkers", 1)
                .put("maxWorkers", 2);
        input.putObject("status").put("life_cycle_state", "TERMINATED").put("result_state", "SUCCESS")
                .put("start_time", start).put("end_time", end);
        invoke(handler, input);
    }
}
