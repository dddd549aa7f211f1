package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.TooManyRequests;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementState;
import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the SDK does on its own with throttling and server errors: the launch workflow builds on this. */
@IntegrationTest
class FaultInjectionTest {
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
    void theSdkRetriesA429OnItsOwnHonouringRetryAfter() {
        workspace.faults().throttle("jobs/runs/submit", 2, 0);

        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));

        assertThat(workspace.faults().calls("jobs/runs/submit")).isEqualTo(3);
        assertThat(client.jobs().getRun(runId).getRunId()).isEqualTo(runId);
    }

    @Test
    void theSdkGivesUpAfterFourThrottledAttempts() {
        workspace.faults().throttle("jobs/runs/get", 4, 0);

        assertThatThrownBy(() -> client.jobs().getRun(1L))
                .isInstanceOf(DatabricksException.class)
                .hasMessageContaining("failed after 4 retries")
                .hasCauseInstanceOf(TooManyRequests.class);
        assertThat(workspace.faults().calls("jobs/runs/get")).isEqualTo(4);
    }

    @Test
    void theSdkDoesNotRetryA500OnJobsCallsSoTheCallerMust() {
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));
        workspace.faults().serverError("jobs/runs/get", 1);

        assertThatThrownBy(() -> client.jobs().getRun(runId))
                .isInstanceOf(InternalError.class)
                .hasMessage("An internal error occurred while handling jobs/runs/get.");
        assertThat(client.jobs().getRun(runId).getState().getLifeCycleState()).isNotNull();
        assertThat(workspace.faults().calls("jobs/runs/get")).isEqualTo(2);
    }

    @Test
    void theSdkDoesNotRetryA500OnSubmitSoNoSecondRunIsStarted() {
        workspace.faults().serverError("jobs/runs/submit", 1);

        assertThatThrownBy(() -> Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")))
                .isInstanceOf(InternalError.class);
        assertThat(workspace.faults().calls("jobs/runs/submit")).isEqualTo(1);
    }

    /**
     * The SDK lists GET sql/statements/{id} as idempotent (retried on 5xx), but in 0.141.0 it matches
     * that list against host + path before the host is put on the request, so the 500 is not retried.
     */
    @Test
    void theSdkDoesNotRetryA500EvenOnGetStatement() {
        String id = client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setStatement("SELECT 1").setWarehouseId("wh-1")).getStatementId();
        workspace.faults().serverError("sql/statements/*", 1);

        assertThatThrownBy(() -> client.statementExecution().getStatement(id)).isInstanceOf(InternalError.class);

        assertThat(workspace.faults().calls("sql/statements/*")).isEqualTo(1);
        assertThat(client.statementExecution().getStatement(id).getStatus().getState())
                .isEqualTo(StatementState.SUCCEEDED);
    }

    @Test
    void faultsOnOneEndpointLeaveTheOthersAlone() {
        workspace.faults().serverError("jobs/runs/get-output", 1);

        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));

        assertThat(client.jobs().getRun(runId).getState().getLifeCycleState()).isIn(RunLifeCycleState.values());
        assertThat(workspace.faults().calls("jobs/runs/get-output")).isZero();
    }

    @Test
    void aLostConnectionReachesTheSdkAsAnErrorAndTheCallIsCounted() {
        workspace.faults().dropConnection("jobs/runs/submit", 1);

        assertThatThrownBy(() -> Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py")))
                .isInstanceOf(DatabricksException.class);
        assertThat(workspace.faults().calls("jobs/runs/submit")).isEqualTo(1);
        assertThat(workspace.faults().active()).isEmpty();
        assertThat(Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"))).isPositive();
    }

    @Test
    void aHungRunStaysRunningUntilCancelled() throws InterruptedException {
        workspace.faults().nextRunHangs();
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (client.jobs().getRun(runId).getState().getLifeCycleState() != RunLifeCycleState.RUNNING) {
            assertThat(System.nanoTime()).as("the run reaches RUNNING").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(client.jobs().getRun(runId).getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.RUNNING);

        client.jobs().cancelRun(runId);

        assertThat(Sdk.awaitTerminated(client, runId).getState().getResultState())
                .isEqualTo(com.databricks.sdk.service.jobs.RunResultState.CANCELED);
    }

    @Test
    void runTimingsSetAsAFaultHoldTheRunInEachStateAndClearingEndsThem() throws InterruptedException {
        // pending long enough that a loaded machine still finds the run there right after submitting it
        workspace.faults().runTimings(new RunTimings(java.time.Duration.ZERO, java.time.Duration.ofSeconds(3),
                java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO));
        assertThat(workspace.faults().active()).anySatisfy(line -> assertThat(line).startsWith("run timings: "));
        long runId = Sdk.submit(client, Sdk.pythonRun(Sdk.cluster(), "/tmp/job.py"));
        assertThat(client.jobs().getRun(runId).getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.PENDING);
        assertThat(Sdk.awaitTerminated(client, runId).getState().getResultState())
                .isEqualTo(com.databricks.sdk.service.jobs.RunResultState.SUCCESS);

        workspace.faults().clear();
        assertThat(workspace.faults().active()).isEmpty();
    }
}
