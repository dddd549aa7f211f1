package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log lines and EMF metric lines the functions write: correlation fields, no secret-named field, valid EMF. */
class TaskLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:states:eu-west-1:111111111111:execution:controlplane-launch-cluster-dev:run-1";

    private static List<JsonNode> lines(RecordingContext context) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : context.logged().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static void read(String function, String input) throws IOException {
        TaskInput.read(function, new ByteArrayInputStream(input.getBytes(UTF_8)));
    }

    @Test
    void aLineCarriesTheRequestIdTheExecutionArnAndTheTeamOfItsTask() throws IOException {
        RecordingContext context = new RecordingContext("req-1");
        read("RecordRun", "{\"executionArn\": \"" + EXECUTION + "\", \"run\": {\"team\": \"data-eng\"}}");

        TaskLog.info(context, "RecordRun", "run recorded", Map.of("runId", 7));

        assertThat(lines(context)).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("function").asText()).isEqualTo("RecordRun");
            assertThat(line.path("message").asText()).isEqualTo("run recorded");
            assertThat(line.path("requestId").asText()).isEqualTo("req-1");
            assertThat(line.path("executionArn").asText()).isEqualTo(EXECUTION);
            assertThat(line.path("team").asText()).isEqualTo("data-eng");
            assertThat(line.path("runId").asInt()).isEqualTo(7);
        });
    }

    @Test
    void theTeamComesFromAnArtifactAndAnExecutionNameIsNotAnArn() throws IOException {
        RecordingContext context = new RecordingContext("req-2");
        read("PublishArtifact", "{\"execution\": \"launch-7f3a\", \"artifact\": \"payments/ledger/daily_close\"}");

        TaskLog.info(context, "PublishArtifact", "published", Map.of());

        JsonNode line = lines(context).get(0);
        assertThat(line.path("team").asText()).isEqualTo("payments");
        assertThat(line.has("executionArn")).isFalse();
    }

    @Test
    void anotherFunctionsTaskOnTheSameThreadIsNotThisLinesCorrelation() throws IOException {
        RecordingContext context = new RecordingContext("req-3");
        read("RecordRun", "{\"executionArn\": \"" + EXECUTION + "\", \"team\": \"data-eng\"}");

        TaskLog.info(context, "SyncPolicies", "policy drift put back", Map.of("policyName", "p"));

        JsonNode line = lines(context).get(0);
        assertThat(line.has("executionArn")).isFalse();
        assertThat(line.has("team")).isFalse();
    }

    @Test
    void fieldsNamedLikeSecretsAreNeverWrittenButSecretIdsAre() throws IOException {
        RecordingContext context = new RecordingContext("req-4");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("taskToken", "AAAA-task-token");
        fields.put("webhookSecret", "hush");
        fields.put("Authorization", "Bearer dapi-1");
        fields.put("password", "pw");
        fields.put("tokenSecretId", "controlplane/dev/databricks-token");
        fields.put("runId", 1);

        TaskLog.info(context, "SubmitRun", "run submitted", fields);

        assertThat(context.logged()).doesNotContain("AAAA-task-token", "hush", "dapi-1", "\"pw\"");
        JsonNode line = lines(context).get(0);
        assertThat(line.path("tokenSecretId").asText()).isEqualTo("controlplane/dev/databricks-token");
        assertThat(line.path("runId").asInt()).isEqualTo(1);
    }

    @Test
    void metricsAreAnEmbeddedMetricFormatLineWhoseDimensionsAndValuesAreFieldsOfTheLine() throws IOException {
        RecordingContext context = new RecordingContext("req-5");
        read("CopyBatch", "{\"executionArn\": \"" + EXECUTION + "\"}");
        Clock clock = Clock.fixed(Instant.parse("2025-05-12T02:00:00Z"), ZoneOffset.UTC);

        EmfMetrics.of(context, "CopyBatch", "staging", clock).dimension("Dataset", "sales-orders")
                .dimension("Team", null).count("ReplicatedObjects", 42).bytes("ReplicatedBytes", 1_000_000)
                .count("ReplicationFailedObjects", 0).write();

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
        assertThat(metrics.path("Metrics").toString()).isEqualTo("[{\"Name\":\"ReplicatedObjects\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ReplicatedBytes\",\"Unit\":\"Bytes\"},{\"Name\":\"ReplicationFailedObjects\",\"Unit\":\"Count\"}]");
        assertThat(line.path("ReplicatedObjects").asDouble()).isEqualTo(42);
        assertThat(line.path("ReplicatedBytes").asDouble()).isEqualTo(1_000_000);
        assertThat(line.path("executionArn").asText()).isEqualTo(EXECUTION);
        assertThat(line.path("requestId").asText()).isEqualTo("req-5");
    }

    @Test
    void noMetricNoLine() {
        RecordingContext context = new RecordingContext("req-6");

        EmfMetrics.of(context, "SubmitRun", "dev", Clock.systemUTC()).dimension("Team", "data-eng").write();

        assertThat(context.logged()).isEmpty();
    }
}
