package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import dev.testsupport.IntegrationTest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class RunLifecycleTest {
    private LocalWorkspace workspace;
    private WorkspaceClient client;

    @BeforeEach
    void start() {
        workspace = Sdk.workspace();
        client = Sdk.client(workspace);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    @Test
    void submittedRunTerminatesWithSuccessOnAJobClusterThatIsThenTerminated() throws InterruptedException {
        SubmitRun submit = Sdk.pythonRun(Sdk.cluster(), "s3://artifacts/team-a/etl/etl-1.2.0.py", "--day", "2024-01-01");
        submit.getTasks().iterator().next().setLibraries(List.of(new Library().setWhl("s3://artifacts/etl-1.2.0.whl")));

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client, submit));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
        assertThat(run.getRunPageUrl()).startsWith(workspace.url() + "/?o=").endsWith("/run/" + run.getRunId());
        assertThat(run.getCreatorUserName()).isEqualTo(Sdk.USER);
        RunTask task = run.getTasks().iterator().next();
        assertThat(task.getLibraries()).extracting(Library::getWhl).containsExactly("s3://artifacts/etl-1.2.0.whl");
        assertThat(task.getSparkPythonTask().getParameters()).containsExactly("--day", "2024-01-01");
        ClusterDetails cluster = client.clusters().get(task.getClusterInstance().getClusterId());
        assertThat(cluster.getState()).isEqualTo(State.TERMINATED);
        assertThat(cluster.getNumWorkers()).isEqualTo(1L);
    }

    @Test
    void aRunPassesThroughPendingAndRunningBeforeItTerminates() throws InterruptedException {
        workspace.close();
        workspace = Sdk.workspace(options -> options
                .withTimings(new RunTimings(java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(500),
                        java.time.Duration.ZERO)));
        client = Sdk.client(workspace);
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));
        java.util.Set<RunLifeCycleState> seen = new java.util.LinkedHashSet<>();
        Run run;
        do {
            run = client.jobs().getRun(runId);
            seen.add(run.getState().getLifeCycleState());
            Thread.sleep(20);
        } while (run.getState().getLifeCycleState() != RunLifeCycleState.TERMINATED);

        assertThat(seen).containsExactly(RunLifeCycleState.QUEUED, RunLifeCycleState.PENDING,
                RunLifeCycleState.RUNNING, RunLifeCycleState.TERMINATING, RunLifeCycleState.TERMINATED);
        assertThat(run.getSetupDuration()).isPositive();
        assertThat(run.getExecutionDuration()).isPositive();
    }

    @Test
    void aFailedRunCarriesItsStateMessageAndTheTaskOutputHasTheError() throws InterruptedException {
        workspace.faults().failNextRun("ModuleNotFoundError: No module named 'etl'");

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
        assertThat(run.getState().getStateMessage()).isEqualTo("ModuleNotFoundError: No module named 'etl'");
        long taskRunId = run.getTasks().iterator().next().getRunId();
        assertThat(client.jobs().getRunOutput(taskRunId).getError())
                .isEqualTo("ModuleNotFoundError: No module named 'etl'");
        Run next = Sdk.awaitTerminated(client, Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")));
        assertThat(next.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    }

    @Test
    void theOutputOfTheParentRunIsRefusedAsDatabricksDoes() throws InterruptedException {
        Run run = Sdk.awaitTerminated(client, Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")));

        assertThatThrownBy(() -> client.jobs().getRunOutput(run.getRunId()))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessageContaining("retrieve the output of each individual task run");
    }

    @Test
    void cancellingAPendingRunEndsItCanceledAndTerminatesItsCluster() throws InterruptedException {
        workspace.faults().nextClusterNeverStarts();
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));
        assertThat(client.jobs().getRun(runId).getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.PENDING);

        client.jobs().cancelRun(runId);

        Run run = Sdk.awaitTerminated(client, runId);
        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.CANCELED);
        assertThat(run.getState().getUserCancelledOrTimedout()).isTrue();
        String clusterId = run.getTasks().iterator().next().getClusterInstance().getClusterId();
        assertThat(client.clusters().get(clusterId).getState()).isEqualTo(State.TERMINATED);
    }

    @Test
    void aClusterThatNeverStartsKeepsTheRunPendingUntilItsTimeout() throws InterruptedException {
        workspace.faults().nextClusterNeverStarts();
        SubmitRun submit = Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py").setTimeoutSeconds(1L);

        Run run = Sdk.awaitTerminated(client, Sdk.submit(client, submit));

        assertThat(run.getState().getResultState()).isEqualTo(RunResultState.TIMEDOUT);
        assertThat(run.getState().getStateMessage()).isEqualTo("Run timed out after 1 seconds (timeout_seconds).");
        assertThat(run.getSetupDuration()).isNull();
    }

    @Test
    void theSameIdempotencyTokenGivesTheSameRun() {
        long first = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py").setIdempotencyToken("launch-42"));
        long again = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py").setIdempotencyToken("launch-42"));
        long other = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py").setIdempotencyToken("launch-43"));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(StreamSupport.stream(client.jobs().listRuns(new ListRunsRequest()).spliterator(), false)
                .map(BaseRun::getRunId)).containsExactlyInAnyOrder(first, other);
    }

    @Test
    void aRunWithoutSparkVersionIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Sdk.submit(client, Sdk.pythonRun(Sdk.cluster().setSparkVersion(null), "/tmp/job.py")))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("Missing required field: tasks[0].new_cluster.spark_version");
    }

    @Test
    void anUnknownRunIsRefusedWithTheMessageTheSdkMapsToResourceDoesNotExist() {
        assertThatThrownBy(() -> client.jobs().getRun(42L))
                .isInstanceOf(ResourceDoesNotExist.class)
                .hasMessage("Run 42 does not exist.");
    }
}
