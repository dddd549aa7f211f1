package dev.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import java.util.List;
import java.util.function.UnaryOperator;

/** The real Databricks SDK client pointed at a local workspace, and the run shapes the tests submit. */
final class Sdk {
    static final String TOKEN = "dapi-local-test-token";
    static final String USER = "launcher@example.com";

    private Sdk() {}

    static LocalWorkspace workspace() {
        return workspace(UnaryOperator.identity());
    }

    /** A workspace that knows the tests' token, started with {@code options} applied on top. */
    static LocalWorkspace workspace(UnaryOperator<WorkspaceOptions> options) {
        return LocalWorkspace.start(options.apply(WorkspaceOptions.defaults().withToken(TOKEN, USER)));
    }

    /** PAT credentials passed explicitly, so the SDK does not try its default chain (OIDC discovery first). */
    static WorkspaceClient client(LocalWorkspace workspace, String token) {
        return new WorkspaceClient(new DatabricksConfig()
                .setHost(workspace.url())
                .setToken(token)
                .setCredentialsProvider(new PatCredentialsProvider()));
    }

    static WorkspaceClient client(LocalWorkspace workspace) {
        return client(workspace, TOKEN);
    }

    static ClusterSpec cluster() {
        return new ClusterSpec().setSparkVersion("15.4.x-scala2.12").setNodeTypeId("m5.large").setNumWorkers(1L);
    }

    static SubmitRun pythonRun(ClusterSpec cluster, String pythonFile, String... parameters) {
        return new SubmitRun()
                .setRunName("smoke")
                .setTasks(List.of(new SubmitTask()
                        .setTaskKey("main")
                        .setNewCluster(cluster)
                        .setSparkPythonTask(new SparkPythonTask().setPythonFile(pythonFile)
                                .setParameters(List.of(parameters)))));
    }

    static long submit(WorkspaceClient client, SubmitRun run) {
        return client.jobs().submit(run).getResponse().getRunId();
    }

    /** Polls runs/get until the run is TERMINATED; the bound only keeps a broken build from hanging. */
    static Run awaitTerminated(WorkspaceClient client, long runId) throws InterruptedException {
        long giveUpAt = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Run run = client.jobs().getRun(runId);
            if (run.getState().getLifeCycleState() == RunLifeCycleState.TERMINATED) {
                return run;
            }
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("run " + runId + " still " + run.getState().getLifeCycleState());
            }
            Thread.sleep(10);
        }
    }
}
