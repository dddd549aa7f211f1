package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementState;
import dev.testsupport.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace started on the state file of an earlier one (as {@code up} restarts on its data folder) serves what the
 * earlier one held, and its runs and statements go on from where they were, as a real workspace outlives the control
 * plane that calls it.
 */
@IntegrationTest
class WorkspaceRestartTest {
    private static final String POLICY = "{\"spark_version\": {\"type\": \"fixed\", \"value\": \"15.4.x-scala2.12\"}}";

    @TempDir
    Path dir;

    @Test
    void aRunningRunItsPolicyAndAStatementAreTakenUpByTheNextWorkspace() throws InterruptedException {
        Path state = dir.resolve("databricks").resolve("workspace.journal");
        RunTimings slow = new RunTimings(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5), Duration.ZERO,
                Duration.ofMinutes(5));
        long runId;
        String policyId;
        String statementId;
        SubmitRun submit;
        try (LocalWorkspace first = Sdk.workspace(o -> o.withTimings(slow).withStateFile(state))) {
            WorkspaceClient client = Sdk.client(first);
            policyId = client.clusterPolicies().create(new CreatePolicy().setName("team-a").setDefinition(POLICY))
                    .getPolicyId();
            submit = Sdk.pythonRun(Sdk.cluster().setPolicyId(policyId), "/tmp/job.py").setIdempotencyToken("launch-1");
            runId = Sdk.submit(client, submit);
            awaitRunning(client, runId);
            statementId = client.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setStatement("SELECT 1").setWarehouseId("wh-1").setWaitTimeout("0s")).getStatementId();
            assertThat(client.statementExecution().getStatement(statementId).getStatus().getState())
                    .isEqualTo(StatementState.RUNNING);
        }

        try (LocalWorkspace second = Sdk.workspace(o -> o.withStateFile(state))) {
            WorkspaceClient client = Sdk.client(second);
            assertThat(second.notes()).isEmpty();
            assertThat(client.clusterPolicies().get(policyId).getName()).isEqualTo("team-a");
            assertThat(Sdk.submit(client, submit)).as("the idempotency token is kept").isEqualTo(runId);

            Run ended = Sdk.awaitTerminated(client, runId);
            assertThat(ended.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
            String clusterId = ended.getTasks().iterator().next().getClusterInstance().getClusterId();
            assertThat(client.clusters().get(clusterId).getState()).isEqualTo(State.TERMINATED);
            assertThat(client.jobs().getPermissions(Long.toString(ended.getJobId())).getAccessControlList())
                    .as("the run's job keeps its owner").isNotEmpty();
            assertThat(awaitStatement(client, statementId)).isEqualTo(StatementState.SUCCEEDED);

            long next = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/other.py"));
            assertThat(next).as("new ids follow the kept ones").isGreaterThan(runId);
            String nextCluster = Sdk.awaitTerminated(client, next).getTasks().iterator().next().getClusterInstance()
                    .getClusterId();
            assertThat(nextCluster).isNotEqualTo(clusterId);
        }
    }

    @Test
    void aLastLineCutShortIsDroppedAndAFileDamagedElsewhereIsSetAsideAndNamed() throws Exception {
        Path state = dir.resolve("workspace.journal");
        long runId;
        try (LocalWorkspace first = Sdk.workspace(o -> o.withStateFile(state))) {
            runId = Sdk.awaitTerminated(Sdk.client(first), Sdk.submit(Sdk.client(first), Sdk.pythonRun(Sdk.cluster(),
                    "/tmp/job.py"))).getRunId();
        }
        Files.writeString(state, "{\"kind\": \"run\", \"id\": \"9", StandardOpenOption.APPEND);
        try (LocalWorkspace second = Sdk.workspace(o -> o.withStateFile(state))) {
            assertThat(second.notes()).singleElement().asString()
                    .startsWith("the local workspace's state " + state + " ended in a line cut short (is not JSON: ")
                    .endsWith("); that last change is dropped");
            assertThat(Sdk.client(second).jobs().getRun(runId).getState().getResultState())
                    .isEqualTo(RunResultState.SUCCESS);
        }

        String kept = Files.readString(state);
        Files.writeString(state, "not json\n" + kept, StandardCharsets.UTF_8);
        try (LocalWorkspace third = Sdk.workspace(o -> o.withStateFile(state))) {
            assertThat(third.notes()).containsExactly("the local workspace's state " + state + " cannot be read: line 1"
                    + " is not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token"
                    + " 'null', 'true' or 'false'); the workspace starts empty (the file is kept as " + state
                    + ".unreadable)");
            assertThat(Sdk.client(third).jobs().listRuns(new com.databricks.sdk.service.jobs.ListRunsRequest()))
                    .isEmpty();
        }
        assertThat(Files.readString(dir.resolve("workspace.journal.unreadable"))).isEqualTo("not json\n" + kept);
    }

    private static void awaitRunning(WorkspaceClient client, long runId) throws InterruptedException {
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.jobs().getRun(runId).getState().getLifeCycleState() != RunLifeCycleState.RUNNING) {
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("run " + runId + " never RUNNING");
            }
            Thread.sleep(10);
        }
    }

    private static StatementState awaitStatement(WorkspaceClient client, String id) throws InterruptedException {
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            StatementState state = client.statementExecution().getStatement(id).getStatus().getState();
            if (state != StatementState.RUNNING && state != StatementState.PENDING) {
                return state;
            }
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("statement " + id + " still " + state);
            }
            Thread.sleep(10);
        }
    }
}
