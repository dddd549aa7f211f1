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

    private final DatasetConfig dataset = ReplicationPriming.dataset(CONFIG).orElseThrow();
    private final PrimingHttpClient http = ReplicationPriming.http(dataset);

    /** A function's priming on {@link #http}, its answer read. */
    private JsonNode primed(ReplicationPriming.Step step, Map<String, String> environment) throws Exception {
        return JSON.readTree(step.run(CONFIG, environment, dataset, http));
    }

    @Test
    void theDatasetPlannedIsTheFirstWhoseTargetIsNoProductionBucket() {
        assertThat(ReplicationPriming.dataset(CONFIG)).map(DatasetConfig::name).hasValue("sales-orders");
    }

    @Test
    void planReplicationPrimingPlansTheCannedSourceIntoOneBatch() throws Exception {
        JsonNode answer = primed(ReplicationPriming::planReplication, PrimingEnvironments.unreachable(FUNCTION));

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
    void planReplicationPrimingSendsSignedMarshalledRequestsToTheCannedClientOnly() throws Exception {
        primed(ReplicationPriming::planReplication, PrimingEnvironments.lambda(FUNCTION));

        String source = "GET " + dataset.source().bucket() + ".s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2";
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactlyInAnyOrder(
                source, source,
                "GET " + dataset.target().bucket() + ".s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "GET plans.s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT",
                "PUT plans.s3.eu-west-1.amazonaws.com PUT_OBJECT");
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void copyBatchPrimingCopiesTheMadeUpRunsBatchAndStoresItsOutcome() throws Exception {
        JsonNode answer = primed(ReplicationPriming::copyBatch, PrimingEnvironments.lambda(FUNCTION));

        assertThat(answer.toString()).as("the object of the canned batch file, confirmed by the canned copy's ETag")
                .isEqualTo("{\"copied\":1,\"bytes\":2,\"failed\":0,\"failures\":[],\"batches\":1}");
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com GET_OBJECT",
                "PUT " + dataset.target().bucket() + ".s3.eu-west-1.amazonaws.com COPY_OBJECT",
                "PUT snapstart-priming.s3.eu-west-1.amazonaws.com PUT_OBJECT");
        assertThat(http.answered().get(1).firstMatchingHeader("x-amz-copy-source")).hasValue(
                dataset.source().bucket() + "/" + dataset.source().prefix() + ReplicationPriming.OBJECT);
    }

    @Test
    void deleteExtraneousPrimingDeletesTheMadeUpRunsExtraObject() throws Exception {
        JsonNode answer = primed(ReplicationPriming::deleteExtraneous, PrimingEnvironments.unreachable(FUNCTION));

        assertThat(answer.toString()).isEqualTo("{\"deleted\":1,\"failed\":0,\"failures\":[]}");
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "GET 127.0.0.1 GET_OBJECT", "GET 127.0.0.1 GET_OBJECT", "POST 127.0.0.1 DELETE_OBJECTS",
                "PUT 127.0.0.1 PUT_OBJECT");
    }

    @Test
    void verifyReplicationPrimingAddsUpTheMadeUpRunsOutcomesIntoItsReport() throws Exception {
        JsonNode answer = primed(ReplicationPriming::verifyReplication, PrimingEnvironments.unreachable(FUNCTION));

        assertThat(answer.path("verifiedBy").asText()).as("every planned change confirmed by the canned outcomes")
                .isEqualTo("outcomes");
        assertThat(answer.path("copied").path("objects").asLong()).isEqualTo(1);
        assertThat(answer.path("deleted").asLong()).isEqualTo(1);
        assertThat(answer.path("inSync").asBoolean()).isTrue();
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "GET 127.0.0.1 GET_OBJECT", "GET 127.0.0.1 LIST_OBJECTS_V2", "GET 127.0.0.1 GET_OBJECT",
                "GET 127.0.0.1 LIST_OBJECTS_V2", "GET 127.0.0.1 GET_OBJECT", "PUT 127.0.0.1 PUT_OBJECT");
    }

    @Test
    void listDatasetsPrimingListsTheConfigsDatasets() throws Exception {
        assertThat(JSON.readTree(ReplicationPriming.listDatasets(CONFIG)).path("datasets").toString())
                .isEqualTo("[\"sales-orders\"]");
    }

    @Test
    void theHooksPrimeWithoutTouchingTheHandlersOwnClientAndWriteNothing() {
        // The handlers' own clients point at a closed port: had priming used them, it would fail.
        Map<String, String> unreachable = PrimingEnvironments.unreachable(FUNCTION);
        for (SnapStartHook hook : List.of(new PlanReplicationHandler(unreachable).priming(),
                new ListDatasetsHandler(unreachable).priming(), new CopyBatchHandler(unreachable).priming(),
                new DeleteExtraneousHandler(unreachable).priming(), new VerifyReplicationHandler(unreachable).priming())) {
            assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
            hook.beforeCheckpoint(null);
        }

        assertThat(printed.text()).isEmpty();
    }
}
