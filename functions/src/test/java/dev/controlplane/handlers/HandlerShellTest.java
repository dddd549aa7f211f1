package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.launch.LaunchFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell every handler runs in: Powertools' JSON lines on stdout with the request id and the task's correlation
 * ids as fields, secret-named fields masked, metrics as CloudWatch embedded metric format lines.
 */
class HandlerShellTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:states:eu-west-1:111111111111:execution:controlplane-launch-cluster-dev:run-1";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream out;

    @BeforeEach
    void captureStdout() {
        out = System.out;
        System.setOut(new PrintStream(captured, true, UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(out);
    }

    /** What reached the Lambda loggers of {@code contexts}, then stdout, as JSON objects. */
    private List<JsonNode> lines(RecordingContext... contexts) throws IOException {
        StringBuilder all = new StringBuilder();
        for (RecordingContext context : contexts) {
            all.append(context.logged());
        }
        all.append(captured.toString(UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : all.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** One task through a shell: {@code input} read as the handler reads it, then {@code body}. */
    private static void invoke(String function, RecordingContext context, String input, Runnable body) throws IOException {
        HandlerShell.of(function).stream(new ByteArrayInputStream(input.getBytes(UTF_8)), OutputStream.nullOutputStream(),
                context, (in, output, c) -> {
                    TaskInput.read(function, in);
                    body.run();
                });
    }

    @Test
    void aHandlersLinesCarryTheRequestIdAndTheExecutionArnAsCorrelationId() throws IOException {
        Path config = LaunchFixtures.writeConfig(dir, "https://dbc-dev.cloud.databricks.com", LaunchFixtures.POLICY);
        ListDatasetsHandler handler = new ListDatasetsHandler(Map.of("CONTROLPLANE_CONFIG_DIR", config.toString()));
        RecordingContext context = new RecordingContext("req-1");

        handler.handleRequest(new ByteArrayInputStream(("{\"executionArn\": \"" + EXECUTION + "\", \"team\": \"data-eng\"}")
                .getBytes(UTF_8)), new ByteArrayOutputStream(), context);

        assertThat(context.logged()).as("through the Lambda logger").isNotEmpty();
        assertThat(lines(context)).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("message").asText()).isEqualTo("listed");
            assertThat(line.path("function").asText()).isEqualTo("ListDatasets");
            assertThat(line.path("function_request_id").asText()).isEqualTo("req-1");
            assertThat(line.path("correlation_id").asText()).isEqualTo(EXECUTION);
            assertThat(line.path("executionArn").asText()).isEqualTo(EXECUTION);
            assertThat(line.path("team").asText()).isEqualTo("data-eng");
            assertThat(line.path("datasets").isArray()).isTrue();
        });
    }

    @Test
    void theTeamComesFromAnArtifactAndAnExecutionNameIsNotAnArn() throws IOException {
        RecordingContext context = new RecordingContext("req-2");
        invoke("PublishArtifact", context,
                "{\"execution\": \"launch-7f3a\", \"artifact\": \"payments/ledger/daily_close\"}",
                () -> TaskLog.info("published", Map.of()));

        JsonNode line = lines(context).get(0);
        assertThat(line.path("team").asText()).isEqualTo("payments");
        assertThat(line.has("executionArn")).isFalse();
        assertThat(line.has("correlation_id")).isFalse();
    }

    @Test
    void oneInvocationsCorrelationIsNotTheNextOnes() throws IOException {
        RecordingContext first = new RecordingContext("req-3");
        RecordingContext next = new RecordingContext("req-4");
        invoke("RecordRun", first, "{\"executionArn\": \"" + EXECUTION + "\", \"team\": \"data-eng\"}",
                () -> { });
        HandlerShell.of("SyncPolicies").call(next, () -> {
            TaskLog.info("policy drift put back", Map.of("policyName", "p"));
            return null;
        });

        assertThat(first.logged()).isEmpty();
        JsonNode line = lines(next).get(0);
        assertThat(line.path("function_request_id").asText()).isEqualTo("req-4");
        assertThat(line.path("function").asText()).isEqualTo("SyncPolicies");
        assertThat(line.has("executionArn")).isFalse();
        assertThat(line.has("correlation_id")).isFalse();
        assertThat(line.has("team")).isFalse();
    }

    @Test
    void fieldsNamedLikeSecretsAreMaskedButSecretIdsAreNot() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("taskToken", "AAAA-task-token");
        fields.put("webhookSecret", "hush");
        fields.put("Authorization", "Bearer dapi-1");
        fields.put("password", "pw");
        fields.put("tokenSecretId", "controlplane/dev/databricks-token");
        fields.put("runId", 1);

        RecordingContext context = new RecordingContext("req-5");
        invoke("SubmitRun", context, "{}", () -> TaskLog.info("run submitted", fields));

        assertThat(context.logged() + captured.toString(UTF_8)).doesNotContain("AAAA-task-token", "hush", "dapi-1", "\"pw\"");
        JsonNode line = lines(context).get(0);
        assertThat(line.path("taskToken").asText()).isEqualTo(TaskLog.MASK);
        assertThat(line.path("webhookSecret").asText()).isEqualTo(TaskLog.MASK);
        assertThat(line.path("Authorization").asText()).isEqualTo(TaskLog.MASK);
        assertThat(line.path("password").asText()).isEqualTo(TaskLog.MASK);
        assertThat(line.path("tokenSecretId").asText()).isEqualTo("controlplane/dev/databricks-token");
        assertThat(line.path("runId").asInt()).isEqualTo(1);
    }

    @Test
    void metricsAreAnEmbeddedMetricFormatLineWhoseDimensionsAndValuesAreFieldsOfTheLine() throws IOException {
        RecordingContext context = new RecordingContext("req-6");
        // EMF refuses timestamps more than two weeks old
        Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

        invoke("CopyBatch", context, "{\"executionArn\": \"" + EXECUTION + "\"}",
                () -> EmfMetrics.of(context, "staging", clock).dimension("Dataset", "sales-orders")
                        .dimension("Team", null).count("ReplicatedObjects", 42).bytes("ReplicatedBytes", 1_000_000)
                        .count("ReplicationFailedObjects", 0).write());

        assertThat(captured.toString(UTF_8)).as("nothing on stdout: the line went to the Lambda logger").isEmpty();
        JsonNode line = lines(context).get(0);
        JsonNode directive = line.path("_aws");
        assertThat(directive.path("Timestamp").asLong()).isEqualTo(clock.millis());
        JsonNode metrics = directive.path("CloudWatchMetrics").path(0);
        assertThat(metrics.path("Namespace").asText()).isEqualTo("ControlPlane");
        assertThat(metrics.path("Dimensions").toString())
                .isEqualTo("[[\"Environment\"],[\"Environment\",\"Dataset\"]]");
        for (JsonNode set : metrics.path("Dimensions")) {
            set.forEach(dimension -> assertThat(line.path(dimension.asText()).isTextual())
                    .as("dimension " + dimension + " is a text field of the line").isTrue());
        }
        assertThat(line.path("Environment").asText()).isEqualTo("staging");
        assertThat(line.path("Dataset").asText()).isEqualTo("sales-orders");
        // the library writes the definitions in its own order, which CloudWatch does not read
        List<String> definitions = new ArrayList<>();
        metrics.path("Metrics").forEach(definition -> definitions.add(definition.toString()));
        assertThat(definitions).containsExactlyInAnyOrder("{\"Name\":\"ReplicatedObjects\",\"Unit\":\"Count\"}",
                "{\"Name\":\"ReplicatedBytes\",\"Unit\":\"Bytes\"}", "{\"Name\":\"ReplicationFailedObjects\",\"Unit\":\"Count\"}");
        assertThat(line.path("ReplicatedObjects").asDouble()).isEqualTo(42);
        assertThat(line.path("ReplicatedBytes").asDouble()).isEqualTo(1_000_000);
        assertThat(line.path("executionArn").asText()).isEqualTo(EXECUTION);
        assertThat(line.path("function_request_id").asText()).isEqualTo("req-6");
    }

    @Test
    void noMetricNoLine() throws IOException {
        RecordingContext context = new RecordingContext("req-7");

        invoke("SubmitRun", context, "{}",
                () -> EmfMetrics.of(context, "dev", Clock.systemUTC()).dimension("Team", "data-eng").write());

        assertThat(context.logged() + captured.toString(UTF_8)).isEmpty();
    }

    @Test
    void withoutALambdaContextTheLinesGoToStandardOutput() throws IOException {
        HandlerShell.of("ListDatasets").call(null, () -> {
            TaskLog.info("listed", Map.of("datasets", List.of("orders")));
            return null;
        });

        JsonNode line = lines().get(0);
        assertThat(line.path("message").asText()).isEqualTo("listed");
        assertThat(line.path("function").asText()).isEqualTo("ListDatasets");
    }

    @Test
    void infoAndAboveAreWrittenAndTheSdksOwnLinesOnlyFromWarn() throws IOException {
        RecordingContext context = new RecordingContext("req-9");
        HandlerShell.of("ListDatasets").call(context, () -> {
            org.slf4j.LoggerFactory.getLogger(TaskLog.class).debug("ours, debug");
            org.slf4j.LoggerFactory.getLogger(TaskLog.class).info("ours, info");
            org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request").info("sdk, info");
            org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request").warn("sdk, warn");
            org.slf4j.LoggerFactory.getLogger("com.databricks.sdk.core").info("databricks, info");
            org.slf4j.LoggerFactory.getLogger("com.databricks.sdk.core").error("databricks, error");
            return null;
        });

        assertThat(lines(context)).extracting(line -> line.path("message").asText())
                .containsExactly("ours, info", "sdk, warn", "databricks, error");
        assertThat(lines(context)).allSatisfy(line ->
                assertThat(line.path("function_request_id").asText()).isEqualTo("req-9"));
    }

    /** A value Powertools' serialiser does not know. */
    record Move(String script, boolean moved) {
    }

    @Test
    void recordsAndListsOfRecordsAreWrittenAsObjects() throws IOException {
        RecordingContext context = new RecordingContext("req-10");
        HandlerShell.of("MoveLatest").call(context, () -> {
            TaskLog.info("latest moved", Map.of("moved", List.of(new Move("daily_close", true)),
                    "last", new Move("weekly", false)));
            return null;
        });

        assertThat(lines(context)).singleElement().satisfies(line -> {
            assertThat(line.path("moved").get(0).path("script").asText()).isEqualTo("daily_close");
            assertThat(line.path("moved").get(0).path("moved").asBoolean()).isTrue();
            assertThat(line.path("last").path("script").asText()).isEqualTo("weekly");
        });
    }
}
