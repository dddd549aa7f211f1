package dev.controlplane.tests.e2e;

import static dev.controlplane.tests.e2e.LaunchWorld.statesEntered;
import static dev.controlplane.tests.e2e.LaunchWorld.taskErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.JobPermissions;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunTask;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.domain.launch.MonthlyCost;
import dev.controlplane.domain.launch.RunRecord;
import dev.controlplane.errors.WorkspaceUnavailableException;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * launch-cluster end to end: the real state machine on the engine, the real handlers in-process built from their
 * environment, moto for DynamoDB, Secrets Manager and S3, and the local Databricks workspace reached through the
 * real SDK, which runs each submitted script with python3. Each test acts as an operator: it starts an execution
 * with the operator parameters, then looks at the execution, the workspace and the runs table.
 */
@EndToEndTest
class LaunchClusterEndToEndTest {

    static final String UNAVAILABLE = WorkspaceUnavailableException.class.getName();
    static final String GOOD_SCRIPT = """
            import sys
            print("churn scored with", " ".join(sys.argv[1:]))
            """;
    static final String FAILING_SCRIPT = """
            import sys
            raise ValueError("no rows for " + sys.argv[2])
            """;

    static MotoEndpoint aws;

    @TempDir
    Path dir;

    LaunchWorld world;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) aws.close();
    }

    @BeforeEach
    void forgetTheLastTest() throws Exception {
        aws.reset(); // the stack's table and buckets have the same names in every test
    }

    @AfterEach
    void closeWorld() {
        if (world == null) return;
        List<String> denials = world.denials();
        world.close();
        assertThat(denials).as("calls IAM denied (template.yaml's roles)").isEmpty();
    }

    LaunchWorld world(String environment, UnaryOperator<RequestStreamHandler> submit) throws Exception {
        world = new LaunchWorld(aws, dir, environment, submit);
        world.publish("1.4.0", List.of("dev", "prod"), GOOD_SCRIPT, false);
        world.publish("1.5.0", List.of("dev"), GOOD_SCRIPT, true);
        world.publish("1.6.0", List.of("dev"), FAILING_SCRIPT, false);
        return world;
    }

    LaunchWorld world() throws Exception {
        return world("dev", UnaryOperator.identity());
    }

    static ObjectNode operator() {
        ObjectNode input = Json.object().put("team", "data-eng").put("project_name", "churn");
        input.putObject("parameters").put("date", "2026-11-23");
        input.putArray("view_access_control_list").add("analysts");
        return input;
    }

    static String summary(Execution e) {
        return e.name() + " " + e.status() + " error=" + e.error() + " cause=" + e.cause() + " output=" + e.output();
    }

    static JsonNode succeeded(Execution e) {
        assertThat(e.status()).as(summary(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        return e.output();
    }

    static void failed(Execution e, String error) {
        assertThat(e.status()).as(summary(e)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).as(summary(e)).isEqualTo(error);
    }

    @Test
    void latestRunsOnAJobClusterUnderTheTeamPolicyWithTagsAccessAndItsParameters() throws Exception {
        LaunchWorld w = world();

        JsonNode output = succeeded(w.launch("launch-latest", operator()));

        assertThat(output.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(output.path("scriptVersion").asText()).as("latest in dev").isEqualTo("1.5.0");
        assertThat(output.path("resultState").asText()).isEqualTo("SUCCESS");
        assertThat(output.path("runPageUrl").asText()).startsWith(w.workspace().url());
        assertThat(output.path("policySync").asText()).isEqualTo("CREATED");
        assertThat(w.runs()).hasSize(1);
        Run run = w.databricks.jobs().getRun(output.path("runId").asLong());
        RunTask task = run.getTasks().iterator().next();
        ClusterSpec cluster = task.getNewCluster();
        assertThat(cluster.getPolicyId()).isEqualTo(output.path("policyId").asText());
        assertThat(w.databricks.clusterPolicies().get(cluster.getPolicyId()).getDefinition()).contains("m5.xlarge", "15.4.x-scala2.12");
        assertThat(cluster.getCustomTags()).containsEntry("team", "data-eng").containsEntry("project", "churn")
                .containsEntry("environment", "dev").containsEntry("cost_centre", "CC-1042");
        assertThat(cluster.getAutoscale().getMinWorkers()).isEqualTo(1L);
        assertThat(cluster.getAutoscale().getMaxWorkers()).isEqualTo(2L);
        assertThat(task.getSparkPythonTask().getPythonFile()).endsWith("/data-eng/churn/churn/churn-1.5.0.py");
        assertThat(task.getSparkPythonTask().getParameters()).containsExactly("--date", "2026-11-23");
        assertThat(task.getLibraries()).singleElement().satisfies(l -> assertThat(l.getWhl()).endsWith("churn-1.5.0-py3-none-any.whl"));
        JobPermissions permissions = w.databricks.jobs().getPermissions(Long.toString(run.getJobId()));
        assertThat(permissions.getAccessControlList()).extracting(acl -> acl.getGroupName() + " "
                        + acl.getAllPermissions().iterator().next().getPermissionLevel())
                .contains("data-eng CAN_MANAGE_RUN", "analysts CAN_VIEW");
        assertThat(w.databricks.jobs().getRunOutput(task.getRunId()).getLogs()).contains("churn scored with --date 2026-11-23");
        assertThat(statesEntered(w.launch("launch-latest-again", operator()))).doesNotContain("CancelRun");
    }

    @Test
    void aFailedRunFailsTheExecutionWithDatabricksMessageTheTaskErrorAndTheRunPage() throws Exception {
        LaunchWorld w = world();
        ObjectNode input = operator().put("script_version", "1.6.0");

        Execution e = w.launch("launch-failing", input);

        failed(e, "RunFailed");
        long runId = w.runs().get(0).getRunId();
        assertThat(e.cause())
                .startsWith("data-eng/churn/churn 1.6.0: run " + runId + " ended TERMINATED FAILED: ")
                .contains("Workload failed, see run output for details")
                .contains("(task error: ValueError: no rows for 2026-11-23)")
                .contains("; run page: " + w.workspace().url())
                .contains("/run/" + runId);
        RunRecord record = onlyRecord(w);
        assertThat(record.resultState()).isEqualTo("FAILED");
        assertThat(record.runPageUrl()).isEqualTo(w.databricks.jobs().getRun(runId).getRunPageUrl());
    }

    @Test
    void databricksStateMessageIsTheCauseWhenTheTaskSaysNothingMore() throws Exception {
        LaunchWorld w = world();
        w.workspace().faults().failNextRun("Cluster terminated: instance profile is not authorized");

        Execution e = w.launch("launch-cluster-failure", operator());

        failed(e, "RunFailed");
        assertThat(e.cause()).contains("ended TERMINATED FAILED: Cluster terminated: instance profile is not authorized; run page: http://");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackoffAndGiveOneRun() throws Exception {
        LaunchWorld w = world();
        w.workspace().faults().serverError("jobs/runs/submit", 1);
        // The SDK retries 429 itself, four attempts; the fifth throttled answer reaches the workflow.
        w.workspace().faults().throttle("jobs/runs/get", 4, 0);
        w.workspace().faults().serverError("jobs/runs/get", 1);

        Execution e = w.launch("launch-retried", operator());

        succeeded(e);
        assertThat(taskErrors(e)).containsExactly(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
        assertThat(w.workspace().faults().calls("jobs/runs/submit")).isEqualTo(2);
        assertThat(w.workspace().faults().calls("jobs/runs/get")).isGreaterThanOrEqualTo(6);
        assertThat(w.runs()).hasSize(1);
    }

    @Test
    void aSubmitRetriedAfterItsAnswerWasLostGivesTheRunAlreadyStarted() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        LaunchWorld w = world("dev", submit -> (input, output, context) -> {
            if (attempts.incrementAndGet() == 1) {
                // Databricks started the run, but its answer never reached the workflow.
                submit.handleRequest(input, new ByteArrayOutputStream(), context);
                throw new WorkspaceUnavailableException("jobs/runs/submit", "connection reset after the request was sent", null);
            }
            submit.handleRequest(input, output, context);
        });

        Execution e = w.launch("launch-lost-answer", operator());

        JsonNode output = succeeded(e);
        assertThat(taskErrors(e)).containsExactly(UNAVAILABLE);
        assertThat(w.workspace().faults().calls("jobs/runs/submit")).as("two submits, one token").isEqualTo(2);
        assertThat(w.runs()).singleElement().satisfies(run -> assertThat(run.getRunId()).isEqualTo(output.path("runId").asLong()));
    }

    @Test
    void aSubmitWhoseAnswerIsLostForGoodLeavesNoRunRunningItIsFoundCancelledAndRecorded() throws Exception {
        LaunchWorld w = world("dev", submit -> (input, output, context) -> {
            byte[] request = input.readAllBytes();
            if (new String(request, java.nio.charset.StandardCharsets.UTF_8).contains("\"cancel\"")) {
                submit.handleRequest(new java.io.ByteArrayInputStream(request), output, context);
                return;
            }
            // Databricks started the run, but no answer ever reached the workflow.
            submit.handleRequest(new java.io.ByteArrayInputStream(request), new ByteArrayOutputStream(), context);
            throw new WorkspaceUnavailableException("jobs/runs/submit", "connection reset after the request was sent", null);
        });
        w.workspace().faults().nextClusterNeverStarts();

        Execution e = w.launch("launch-answer-lost", operator());

        failed(e, "WorkspaceUnavailable");
        BaseRun run = w.runs().get(0);
        assertThat(w.runs()).as("one run, whatever the number of submits").hasSize(1);
        assertThat(e.cause()).startsWith("SubmitRun: ").contains("connection reset after the request was sent")
                .contains("; run " + run.getRunId() + ", which the failed submit had started, was found by its idempotency"
                        + " token, cancelled (now TERMINATED CANCELED) and recorded");
        assertThat(statesEntered(e)).contains("FindSubmittedRun", "RecordRun");
        assertThat(onlyRecord(w).runId()).isEqualTo(run.getRunId());
        assertThat(onlyRecord(w).resultState()).isEqualTo("CANCELED");
    }

    @Test
    void timeoutCancelsTheRunRecordsItAndFailsTheExecution() throws Exception {
        LaunchWorld w = world();
        w.workspace().faults().nextClusterNeverStarts();

        Execution e = w.launch("launch-stuck", operator().put("timeout_seconds", 1));

        failed(e, "RunTimedOut");
        BaseRun run = w.runs().get(0);
        assertThat(e.cause()).isEqualTo("data-eng/churn/churn 1.5.0: run " + run.getRunId()
                + " did not end within 1 s (timeout_seconds); cancelled, now TERMINATED CANCELED; run page: "
                + run.getRunPageUrl());
        assertThat(statesEntered(e)).contains("CancelRun", "RecordRun");
        assertThat(w.runs()).as("no run left running").allSatisfy(r ->
                assertThat(w.databricks.jobs().getRun(r.getRunId()).getState().getLifeCycleState().name()).isEqualTo("TERMINATED"));
        assertThat(onlyRecord(w).resultState()).isEqualTo("CANCELED");
    }

    @Test
    void runRecordsOfSuccessFailureAndTimeoutAreWrittenAndSummedByTeamAndMonth() throws Exception {
        LaunchWorld w = world();
        JsonNode ok = succeeded(w.launch("launch-ok", operator()));
        failed(w.launch("launch-bad", operator().put("script_version", "1.6.0")), "RunFailed");
        w.workspace().faults().nextClusterNeverStarts();
        failed(w.launch("launch-slow", operator().put("timeout_seconds", 1)), "RunTimedOut");

        YearMonth month = YearMonth.parse(ok.path("month").asText());
        List<RunRecord> records = w.records().byTeamAndMonth("data-eng", month);
        MonthlyCost cost = w.records().cost("data-eng", month);

        assertThat(records).extracting(RunRecord::execution, RunRecord::resultState, RunRecord::version).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("launch-ok", "SUCCESS", "1.5.0"),
                org.assertj.core.groups.Tuple.tuple("launch-bad", "FAILED", "1.6.0"),
                org.assertj.core.groups.Tuple.tuple("launch-slow", "CANCELED", "1.5.0"));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.team()).isEqualTo("data-eng");
            assertThat(r.nodeTypeId()).isEqualTo("m5.xlarge");
            assertThat(r.maxWorkers()).isEqualTo(2);
            assertThat(r.costCentre()).isEqualTo("CC-1042");
        });
        RunRecord succeededRun = records.stream().filter(r -> r.execution().equals("launch-ok")).findFirst().orElseThrow();
        assertThat(succeededRun.dbu()).as("3 nodes at one DBU per node-second over a run of some 100 ms").isPositive();
        assertThat(succeededRun.usd()).isEqualTo(ok.path("usd").asDouble());
        assertThat(cost.runs()).isEqualTo(3);
        assertThat(cost.dbu()).isCloseTo(records.stream().mapToDouble(RunRecord::dbu).sum(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cost.usd()).isCloseTo(records.stream().mapToDouble(RunRecord::usd).sum(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(w.records().cost("payments", month).runs()).isZero();
    }

    @Test
    void dataSharingIsRefusedInProdBeforeAnythingIsSubmitted() throws Exception {
        LaunchWorld w = world("prod", UnaryOperator.identity());

        Execution e = w.launch("launch-sharing", operator().put("use_data_sharing", true));

        failed(e, "DataSharingRefused");
        assertThat(e.cause()).isEqualTo("ResolveRun: run request: use_data_sharing is true in prod; expected false:"
                + " data sharing (reading prod data) is allowed in dev only");
        assertThat(w.runs()).isEmpty();
    }

    @Test
    void unknownTeamProjectAndVersionAreRefusedNamingWhatWasNotFound() throws Exception {
        LaunchWorld w = world();

        Execution team = w.launch("launch-no-team", operator().put("team", "marketing"));
        Execution project = w.launch("launch-no-project", operator().put("project_name", "attrition"));
        Execution version = w.launch("launch-no-version", operator().put("script_version", "9.9.9"));
        Execution options = w.launch("launch-bad-timeout", operator().put("timeout_seconds", "soon"));

        failed(team, "UnknownTeam");
        assertThat(team.cause()).startsWith("ResolveRun: ").contains("'marketing'");
        failed(project, "UnknownProject");
        assertThat(project.cause()).contains("'attrition'");
        failed(version, "UnknownVersion");
        assertThat(version.cause()).contains("script_version is '9.9.9', but data-eng/churn/churn has no such version");
        failed(options, "InvalidRunRequest");
        assertThat(options.cause()).isEqualTo("launch-cluster input: timeout_seconds is \"soon\"; expected a whole"
                + " number of seconds from 1 to 604800 (default 14400)");
        assertThat(w.runs()).isEmpty();
    }

    @Test
    void aTimeoutAndPollThatWouldOutgrowTheExecutionHistoryAreRefusedBeforeAnythingIsSubmitted() throws Exception {
        LaunchWorld w = world();

        Execution week = w.launch("launch-week-at-30", operator().put("timeout_seconds", 604800));
        Execution edge = w.launch("launch-500-polls", operator().put("timeout_seconds", 15000).put("poll_seconds", 30)
                .put("script_version", "9.9.9"));

        failed(week, "InvalidRunRequest");
        assertThat(week.cause()).isEqualTo("launch-cluster input: timeout_seconds 604800 with poll_seconds 30 makes 20160"
                + " polls; expected at most 500 (an execution holds at most 25,000 history events): poll_seconds of at"
                + " least 1210 for this timeout, or a shorter timeout_seconds");
        failed(edge, "UnknownVersion");
        assertThat(edge.cause()).as("500 polls pass the check and reach ResolveRun").startsWith("ResolveRun: ");
        assertThat(w.runs()).isEmpty();
    }

    @Test
    void prodResolvesFromItsOwnBucketOnlyAVersionPublishedThere() throws Exception {
        LaunchWorld w = world("prod", UnaryOperator.identity());

        Execution noLatest = w.launch("launch-prod-latest", operator());
        Execution devOnly = w.launch("launch-prod-dev-only", operator().put("script_version", "1.5.0"));
        JsonNode pinned = succeeded(w.launch("launch-prod-pinned", operator().put("script_version", "1.4.0")));

        failed(noLatest, "UnknownVersion");
        assertThat(noLatest.cause()).contains("script_version is 'latest', but data-eng/churn/churn has no latest in prod");
        failed(devOnly, "UnknownVersion");
        assertThat(devOnly.cause()).contains("script_version is '1.5.0', but data-eng/churn/churn has no such version in prod");
        assertThat(pinned.path("scriptVersion").asText()).isEqualTo("1.4.0");
        Run run = w.databricks.jobs().getRun(pinned.path("runId").asLong());
        assertThat(run.getTasks().iterator().next().getSparkPythonTask().getPythonFile())
                .isEqualTo("s3://" + w.bucket("prod") + "/data-eng/churn/churn/churn-1.4.0.py");
        assertThat(w.runs()).hasSize(1);
    }

    /**
     * The two workflows together, each environment knowing only its own bucket: a build promoted dev -> staging ->
     * prod and released by the real promote-artifact workflow (as CI and GitHub drive it) is launched as
     * {@code latest} by the launch-cluster workflow of prod, and runs the promoted bytes.
     */
    @Test
    void aVersionPromotedAndReleasedByPromoteArtifactLaunchesAsLatestWhereItWasPromoted() throws Exception {
        // One platform config for both workflows: the environments (accounts of the launch fixture's instance
        // profiles) with the artifact buckets promote-artifact publishes into, and the team with its projects.
        Path promotionConfig = Files.createDirectories(dir.resolve("promotion-config/teams"));
        Files.copy(PromotionWorld.config("config-auto").resolve("teams/data-eng.json"), promotionConfig.resolve("data-eng.json"));
        Path environments = Files.writeString(dir.resolve("promotion-config/environments.json"), """
                {"environments": [
                  {"name": "dev", "account": "111111111111", "region": "eu-west-1"},
                  {"name": "staging", "account": "222222222222", "region": "eu-west-1"},
                  {"name": "prod", "account": "333333333333", "region": "eu-west-1"}
                ]}""");
        try (PromotionWorld promotion = new PromotionWorld(aws, environments.getParent())) {
            promotion.upload(PromotionWorld.Build.of("1.4.0", "main", "3f786850e387550fdab836ed7e6dc881de23001b",
                    "import sys\nprint('promoted churn 1.4.0 with', ' '.join(sys.argv[1:]))\n"));
            promotion.deliver("push", "d-merge-launch", PromotionWorld.mergePush("3f786850e387550fdab836ed7e6dc881de23001b"));
            promotion.settle();
            promotion.deliver("release", "d-release-launch", PromotionWorld.releasePublished("v1.4.0"));
            assertThat(promotion.settle()).hasSize(3).allSatisfy(PromotionWorld::assertSucceeded);
            // promote-artifact's world is dev's stack (staging and prod pull in their own stacks, as up's tests run)
            world = new LaunchWorld(aws, dir, "dev", UnaryOperator.identity(), environments);
            LaunchWorld w = world;

            JsonNode output = succeeded(w.launch("launch-promoted", operator()));

            assertThat(output.path("scriptVersion").asText()).isEqualTo("1.4.0");
            assertThat(output.path("resultState").asText()).isEqualTo("SUCCESS");
            Run run = w.databricks.jobs().getRun(output.path("runId").asLong());
            RunTask task = run.getTasks().iterator().next();
            assertThat(task.getSparkPythonTask().getPythonFile()).isEqualTo("s3://" + w.bucket("dev") + "/data-eng/churn/churn/churn-1.4.0.py");
            assertThat(task.getNewCluster().getCustomTags()).containsEntry("environment", "dev");
            assertThat(w.databricks.jobs().getRunOutput(task.getRunId()).getLogs())
                    .contains("promoted churn 1.4.0 with --date 2026-11-23");
        }
    }

    private static RunRecord onlyRecord(LaunchWorld w) {
        List<RunRecord> records = w.records().byTeamAndMonth("data-eng", YearMonth.now(java.time.ZoneOffset.UTC));
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
