package dev.controlplane.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.jobs.JobPermissions;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunTask;
import dev.controlplane.domain.config.ClusterPolicyConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.launch.JobRunSpec;
import dev.controlplane.domain.launch.LaunchFixtures;
import dev.controlplane.domain.launch.PolicySync;
import dev.controlplane.domain.launch.ResolvedRun;
import dev.controlplane.domain.launch.RunRequest;
import dev.controlplane.domain.launch.RunResolver;
import dev.controlplane.domain.launch.RunStatus;
import dev.controlplane.domain.launch.WorkspaceRefusedException;
import dev.controlplane.errors.WorkspaceUnavailableException;
import dev.testsupport.IntegrationTest;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter with the real SDK client against the local workspace. */
@IntegrationTest
class DatabricksRunsTest {

    static final String TOKEN = "dapi-controlplane-test";
    private static final String CHURN = "data-eng/churn/churn";

    @TempDir
    Path dir;

    private LocalWorkspace workspace;
    private WorkspaceClient client;
    private DatabricksRuns runs;
    private PlatformConfig config;
    private ClusterPolicyConfig policy;

    @BeforeEach
    void start() {
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "controlplane@example.com")
                .withTimings(RunTimings.instant()));
        client = DatabricksRuns.client(workspace.url(), TOKEN);
        runs = new DatabricksRuns(client);
        config = PlatformConfig.load(LaunchFixtures.writeConfig(dir, workspace.url(), LaunchFixtures.POLICY));
        policy = config.team("data-eng").clusters().orElseThrow().policy();
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private JobRunSpec spec(String execution) {
        LaunchFixtures.Registry registry = new LaunchFixtures.Registry().publish(CHURN, "1.4.0", List.of("dev"),
                CHURN + "/churn-1.4.0.py", CHURN + "/churn-1.4.0-py3-none-any.whl").latest(CHURN, "dev", "1.4.0");
        ResolvedRun run = new RunResolver(config, registry.in("dev")).resolve(new RunRequest("data-eng", "churn", null, null, null,
                List.of("--date", "2025-05-12"), false, List.of("analysts")));
        return JobRunSpec.of(run, policy, execution, Duration.ofHours(1));
    }

    static RunStatus awaitTerminal(DatabricksRuns runs, long runId) throws InterruptedException {
        for (int attempt = 0; attempt < 6000; attempt++) {
            RunStatus status = runs.status(runId);
            if (status.terminal()) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run " + runId + " never ended");
    }

    @Test
    void submittedRunHasTheTeamPolicyTagsClusterLibraryAndAccessList() {
        String policyId = new PolicySync(runs).sync("data-eng", policy).policyId();

        long runId = runs.submit(spec("launch-1"), policyId);

        Run run = client.jobs().getRun(runId);
        RunTask task = run.getTasks().iterator().next();
        ClusterSpec cluster = task.getNewCluster();
        assertThat(cluster.getPolicyId()).isEqualTo(policyId);
        assertThat(cluster.getCustomTags()).containsEntry("team", "data-eng").containsEntry("project", "churn")
                .containsEntry("environment", "dev").containsEntry("cost_centre", "CC-1042");
        assertThat(cluster.getAutoscale().getMinWorkers()).isEqualTo(1L);
        assertThat(cluster.getAutoscale().getMaxWorkers()).isEqualTo(2L);
        assertThat(cluster.getNodeTypeId()).isEqualTo("m5.xlarge");
        assertThat(cluster.getAwsAttributes().getInstanceProfileArn())
                .isEqualTo("arn:aws:iam::111111111111:instance-profile/data-eng-jobs");
        assertThat(task.getSparkPythonTask().getPythonFile())
                .isEqualTo("s3://controlplane-artifacts-dev-111111111111-us-east-1/" + CHURN + "/churn-1.4.0.py");
        assertThat(task.getSparkPythonTask().getParameters()).containsExactly("--date", "2025-05-12");
        assertThat(task.getLibraries()).singleElement().satisfies(library -> assertThat(library.getWhl())
                .isEqualTo("s3://controlplane-artifacts-dev-111111111111-us-east-1/" + CHURN + "/churn-1.4.0-py3-none-any.whl"));
        JobPermissions permissions = client.jobs().getPermissions(Long.toString(run.getJobId()));
        assertThat(permissions.getAccessControlList()).extracting(acl -> acl.getGroupName() + " "
                        + acl.getAllPermissions().iterator().next().getPermissionLevel())
                .contains("data-eng CAN_MANAGE_RUN", "analysts CAN_VIEW");
    }

    @Test
    void sameIdempotencyTokenGivesOneRun() {
        String policyId = new PolicySync(runs).sync("data-eng", policy).policyId();

        long first = runs.submit(spec("launch-2"), policyId);
        long again = runs.submit(spec("launch-2"), policyId);
        long other = runs.submit(spec("launch-3"), policyId);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(StreamSupport.stream(client.jobs().listRuns(new ListRunsRequest()).spliterator(), false)).hasSize(2);
    }

    @Test
    void failedRunReportsDatabricksMessageUrlAndTaskError() throws InterruptedException {
        String policyId = new PolicySync(runs).sync("data-eng", policy).policyId();
        workspace.faults().failNextRun("ModuleNotFoundError: No module named 'etl'");

        RunStatus status = awaitTerminal(runs, runs.submit(spec("launch-4"), policyId));

        assertThat(status.resultState()).isEqualTo("FAILED");
        assertThat(status.succeeded()).isFalse();
        assertThat(status.stateMessage()).isEqualTo("ModuleNotFoundError: No module named 'etl'");
        assertThat(status.runPageUrl()).startsWith(workspace.url()).contains("/run/");
        assertThat(status.startTime()).isNotNull();
        assertThat(status.endTime()).isNotNull();
        assertThat(runs.error(status.taskRunId())).contains("ModuleNotFoundError: No module named 'etl'");
    }

    @Test
    void cancelEndsARunThatNeverStarted() throws InterruptedException {
        String policyId = new PolicySync(runs).sync("data-eng", policy).policyId();
        workspace.faults().nextClusterNeverStarts();
        long runId = runs.submit(spec("launch-5"), policyId);
        assertThat(runs.status(runId).terminal()).isFalse();

        runs.cancel(runId);

        RunStatus status = awaitTerminal(runs, runId);
        assertThat(status.lifeCycleState()).isEqualTo("TERMINATED");
        assertThat(status.resultState()).isEqualTo("CANCELED");
    }

    @Test
    void policyIsCreatedThenLeftThenPutBackAfterAHandEditAndUpdatedAfterAConfigChange() {
        PolicySync sync = new PolicySync(runs);

        PolicySync.Result created = sync.sync("data-eng", policy);
        PolicySync.Result unchanged = sync.sync("data-eng", policy);
        client.clusterPolicies().edit(new EditPolicy().setPolicyId(created.policyId()).setName(policy.name())
                .setDefinition("{\"spark_version\": {\"type\": \"fixed\", \"value\": \"13.3.x-scala2.12\"}}"));
        PolicySync.Result drift = sync.sync("data-eng", policy);
        String afterRevert = runs.policy(created.policyId()).orElseThrow().definition();
        ClusterPolicyConfig changed = new ClusterPolicyConfig(policy.name(),
                policy.definition().replace("\"maxValue\":4", "\"maxValue\":6"));
        PolicySync.Result updated = sync.sync("data-eng", changed);

        assertThat(created.outcome()).isEqualTo(PolicySync.Outcome.CREATED);
        assertThat(unchanged.outcome()).isEqualTo(PolicySync.Outcome.UNCHANGED);
        assertThat(drift.outcome()).isEqualTo(PolicySync.Outcome.DRIFT_REVERTED);
        assertThat(drift.workspaceDefinition()).contains("13.3.x-scala2.12");
        assertThat(ClusterPolicyConfig.canonical(afterRevert)).isEqualTo(policy.definition());
        assertThat(updated.outcome()).isEqualTo(PolicySync.Outcome.UPDATED);
        assertThat(updated.policyId()).isEqualTo(created.policyId());
        assertThat(ClusterPolicyConfig.canonical(runs.policy(created.policyId()).orElseThrow().definition()))
                .contains("\"maxValue\":6");
    }

    @Test
    void specBreakingThePolicyIsRefusedByTheWorkspace() {
        String policyId = new PolicySync(runs).sync("data-eng", policy).policyId();
        JobRunSpec spec = spec("launch-6");
        JobRunSpec bigNode = new JobRunSpec(spec.runName(), spec.idempotencyToken(), spec.policyName(), spec.sparkVersion(),
                "x1.32xlarge", spec.size(), spec.instanceProfileArn(), spec.customTags(), spec.sparkEnvVars(),
                spec.pythonFile(), spec.parameters(), spec.wheelPath(), spec.access(), spec.timeoutSeconds());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.submit(bigNode, policyId))
                .isInstanceOf(WorkspaceRefusedException.class)
                .hasMessageStartingWith("Databricks refused jobs/runs/submit: 400 INVALID_PARAMETER_VALUE: ")
                .hasMessageContaining("node_type_id");
    }

    @Test
    void serverErrorsAndThrottlingAreUnavailableForTheWorkflowToRetry() {
        DatabricksRuns connected = DatabricksRuns.connect(workspace.url(), TOKEN);
        String policyId = new PolicySync(connected).sync("data-eng", policy).policyId();
        workspace.faults().serverError("jobs/runs/submit", 1);
        workspace.faults().throttle("jobs/runs/get", 4, 0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connected.submit(spec("launch-7"), policyId))
                .isInstanceOf(WorkspaceUnavailableException.class)
                .hasMessage("Databricks workspace unavailable for jobs/runs/submit: 500 INTERNAL_ERROR: An internal error"
                        + " occurred while handling jobs/runs/submit.");
        long runId = connected.submit(spec("launch-7"), policyId);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connected.status(runId))
                .isInstanceOf(WorkspaceUnavailableException.class)
                .hasMessageContaining("jobs/runs/get").hasMessageContaining("429");
        assertThat(connected.status(runId).runId()).isEqualTo(runId);
        assertThat(workspace.faults().calls("jobs/runs/get")).isEqualTo(5);
    }

    @Test
    void aTokenTheWorkspaceDoesNotKnowIsRefusedWithoutShowingIt() {
        DatabricksRuns stranger = DatabricksRuns.connect(workspace.url(), "dapi-not-known-here");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stranger.status(1))
                .isInstanceOf(WorkspaceRefusedException.class)
                .hasMessageStartingWith("Databricks refused jobs/runs/get: 403 PERMISSION_DENIED")
                .hasMessageNotContaining("dapi-not-known-here");
    }
}
