package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.config.ClusterPolicyConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import dev.controlplane.domain.launch.InvalidRunRequestException;
import dev.controlplane.domain.launch.JobRunSpec;
import dev.controlplane.domain.launch.NoWorkspaceException;
import dev.controlplane.domain.launch.PolicySync;
import dev.controlplane.domain.launch.ResolvedRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda {@code SubmitRun}: input {@code {run: <ResolveRun's output>, execution: <execution name>, timeoutSeconds}}
 * ({@code timeoutSeconds} optional: the workflow's own timeout, which it enforces by cancelling; the run's timeout
 * at Databricks is then that plus {@value #BACKSTOP_MINUTES} minutes, a backstop that ends the run should the
 * workflow be stopped before it can cancel). Puts the
 * team's policy right (created, or put back when edited by hand) and submits the one-time run with an idempotency
 * token derived from the execution name, so a retried submit gives the run already started. Output
 * {@code {runId, team, workspaceHost, idempotencyToken, policyId, policySync, nodeTypeId, minWorkers,
 * maxWorkers}}, which PollRun and CancelRun take as their input. With {@code cancel: true} (the workflow's
 * FindSubmittedRun, after SubmitRun failed for good) the same submit finds the run by its idempotency token, cancels
 * it and answers the same, with {@code cancelRequested: true}. The workspace (host and token secret) is the
 * team's in this stack's environment, from the packaged config: a host or secret in the input is never used.
 *
 * <p>Environment: {@code RUN_TIMEOUT} (ISO-8601 duration, default PT4H: the run's own timeout at Databricks when
 * the input gives no {@code timeoutSeconds}),
 * {@code CONTROLPLANE_ENVIRONMENT}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class SubmitRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "SubmitRun";
    static final String TIMEOUT_VARIABLE = "RUN_TIMEOUT";
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(4);
    static final int BACKSTOP_MINUTES = 10;

    private final PlatformConfig config;
    private final TeamWorkspaces workspaces;
    private final Duration runTimeout;

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    public SubmitRunHandler() {
        this(System.getenv());
    }

    public SubmitRunHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), DatabricksEnvironment.workspaces(environment), timeout(environment),
                StackEnvironment.name(environment));
        // SnapStart: the launch path's classes loaded before the snapshot, the Databricks SDK's included
        this.shell = HandlerShell.primed(FUNCTION, () -> LaunchPriming.prime(config, StackEnvironment.name(environment)));
    }

    /** @param environment the environment this stack serves: runs go to the team's workspace there */
    public SubmitRunHandler(PlatformConfig config, Workspaces workspaces, Duration runTimeout, String environment) {
        this.config = config;
        this.workspaces = new TeamWorkspaces(config, workspaces, environment);
        this.runTimeout = runTimeout;
    }

    private static Duration timeout(Map<String, String> environment) {
        String text = environment.get(TIMEOUT_VARIABLE);
        if (text == null || text.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Duration.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException(TIMEOUT_VARIABLE + " is '" + text + "'; expected an ISO-8601 duration such as PT4H");
        }
    }

    private Duration runTimeout(TaskInput task) {
        if (task.root().get("timeoutSeconds") == null || task.root().get("timeoutSeconds").isNull()) {
            return runTimeout;
        }
        long seconds = task.number(task.root(), "timeoutSeconds", "timeoutSeconds",
                "the workflow's timeout in whole seconds, or null");
        if (seconds < 1) {
            throw new IllegalArgumentException(FUNCTION + " input: timeoutSeconds is " + seconds + "; expected at least 1");
        }
        return Duration.ofSeconds(seconds).plusMinutes(BACKSTOP_MINUTES);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        ResolvedRun run = TaskInput.JSON.treeToValue(task.object("run", "ResolveRun's output"), ResolvedRun.class);
        String execution = task.text("execution", "the execution's name ($$.Execution.Name)");
        if (!workspaces.environment().equals(run.environment())) {
            throw new InvalidRunRequestException("environment", "is '" + run.environment() + "'", "'"
                    + workspaces.environment() + "', the environment this stack serves (runs launch only where resolved)");
        }
        TeamConfig team = config.team(run.team());
        ClusterPolicyConfig policy = team.clusters()
                .orElseThrow(() -> new NoWorkspaceException(team.name(), run.environment(), false)).policy();
        // Host and token secret from the packaged config, never from the input.
        TeamWorkspace workspace = workspaces.of(run.team());
        DatabricksRuns runs = workspaces.runs(run.team());
        PolicySync.Result sync = new PolicySync(runs).sync(team.name(), policy);
        JobRunSpec spec = JobRunSpec.of(run, policy, execution, runTimeout(task));
        long runId = runs.submit(spec, sync.policyId());
        // After SubmitRun failed for good: the same idempotency token found the run it may have started; end it.
        boolean cancel = task.root().path("cancel").asBoolean(false);
        if (cancel) {
            runs.cancel(runId);
        }

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", runId);
        answer.put("team", run.team());
        answer.put("workspaceHost", workspace.host());
        answer.put("idempotencyToken", spec.idempotencyToken());
        answer.put("policyId", sync.policyId());
        answer.put("policySync", sync.outcome().name());
        answer.put("nodeTypeId", spec.nodeTypeId());
        answer.put("minWorkers", spec.size().minWorkers());
        answer.put("maxWorkers", spec.size().maxWorkers());
        if (cancel) {
            answer.put("cancelRequested", true);
        }
        Map<String, Object> log = new LinkedHashMap<>(answer);
        log.put("execution", execution);
        if (cancel) {
            TaskLog.info("run found by its idempotency token after a failed submit; cancel requested", log);
        } else {
            TaskLog.info(sync.outcome() == PolicySync.Outcome.DRIFT_REVERTED
                    ? "run submitted; policy drift put back" : "run submitted", log);
            EmfMetrics.of(context).dimension("Team", run.team()).count("Launches", 1).write();
        }
        TaskInput.JSON.writeValue(output, answer);
    }
}
