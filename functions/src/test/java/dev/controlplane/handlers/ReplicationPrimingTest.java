package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replication functions' SnapStart priming: through the handler and the S3 client's whole path, nothing sent. */
class ReplicationPrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PlatformConfig CONFIG = PlatformConfig.load(Path.of("../config"));
    private static final Map<String, String> FUNCTION = Map.of("REPLICATION_PLAN_BUCKET", "plans",
            "CONTROLPLANE_CONFIG_DIR", "../config");

    @RegisterExtension
    final CapturedStdout printed = new CapturedStdout();

    @Test
    void theDatasetPlannedIsTheFirstWhoseTargetIsNoProductionBucket() {
        assertThat(ReplicationPriming.dataset(CONFIG)).map(DatasetConfig::name).hasValue("sales-orders");
    }

    @Test
    void planReplicationPrimingPlansTheCannedSourceIntoOneBatch() throws Exception {
        DatasetConfig dataset = ReplicationPriming.dataset(CONFIG).orElseThrow();
        PrimingHttpClient http = ReplicationPriming.http(dataset);

        JsonNode answer = JSON.readTree(ReplicationPriming.planReplication(CONFIG,
                PrimingEnvironments.unreachable(FUNCTION), dataset, http));

        assertThat(answer.path("dataset").asText()).isEqualTo("sales-orders");
        assertThat(answer.path("runId").asText()).isEqualTo(ReplicationPriming.RUN_ID);
        assertThat(answer.path("copies").asInt()).as("the object and the one in the folder, from the canned listings")
                .isEqualTo(2);
        assertThat(answer.path("bytes").asLong()).isEqualTo(4);
        assertThat(answer.path("deletes").asInt()).isZero();
        assertThat(answer.path("batches").asInt()).isEqualTo(1);
        assertThat(http.bodyBytes()).as("the plan files went through the client").isPositive();
    }

    @Test
    void planReplicationPrimingSendsSignedMarshalledRequestsToTheCannedClientOnly() {
        DatasetConfig dataset = ReplicationPriming.dataset(CONFIG).orElseThrow();
        PrimingHttpClient http = ReplicationPriming.http(dataset);

        ReplicationPriming.planReplication(CONFIG, PrimingEnvironments.lambda(FUNCTION), dataset, http);

        String source = "GET " + dataset.source().bucket() + ".s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2";
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactlyInAnyOrder(
                source, source,
                "GET " + dataset.target().bucket() + ".s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "GET plans.s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT");
        assertThat(http.answered()).allSatisfy(request -> assertThat(request.firstMatchingHeader("Authorization"))
                .as("signed with the made-up credentials, not the function's")
                .hasValueSatisfying(v -> assertThat(v).startsWith("AWS4-HMAC-SHA256 Credential=AKIASNAPSTARTPRIMING/")));
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void listDatasetsPrimingListsTheConfigsDatasets() throws Exception {
        assertThat(JSON.readTree(ReplicationPriming.listDatasets(CONFIG)).path("datasets").toString())
                .isEqualTo("[\"sales-orders\"]");
    }

    @Test
    void theHooksPrimeWithoutTouchingTheHandlersOwnClientAndWriteNothing() {
        // PlanReplication's own client points at a closed port: had priming used it, the listing would fail.
        for (SnapStartHook hook : List.of(new PlanReplicationHandler(PrimingEnvironments.unreachable(FUNCTION)).priming(),
                new ListDatasetsHandler(PrimingEnvironments.unreachable(FUNCTION)).priming())) {
            assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
            hook.beforeCheckpoint(null);
        }

        assertThat(printed.text()).isEmpty();
    }
}
