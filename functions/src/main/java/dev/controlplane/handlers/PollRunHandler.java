package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.launch.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda {@code PollRun}: input SubmitRun's output ({@code runId, team}); output
 * {@code {run_id, life_cycle_state, result_state, state_message, run_page_url, terminal, succeeded, task_run_id,
 * start_time, end_time, error}}. {@code error} is the task run's error when a run ended unsuccessfully (Databricks
 * gives run output only for a task run).
 *
 * <p>The workspace is the team's in this stack's environment, from the packaged config ({@code
 * config/teams/{team}.json}); a host or token secret in the input is never read.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class PollRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "PollRun";

    private final TeamWorkspaces workspaces;

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    public PollRunHandler() {
        this(System.getenv());
    }

    public PollRunHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private PollRunHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, DatabricksEnvironment.workspaces(environment), StackEnvironment.name(environment));
        // SnapStart: the launch path's classes loaded before the snapshot, the Databricks SDK's included
        this.shell = HandlerShell.primed(FUNCTION, () -> LaunchPriming.prime(config, StackEnvironment.name(environment)));
    }

    /** @param environment the environment this stack serves: the team's workspace there is the one called */
    public PollRunHandler(PlatformConfig config, Workspaces workspaces, String environment) {
        this.workspaces = new TeamWorkspaces(config, workspaces, environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        long runId = task.number(task.root(), "runId", "runId", "SubmitRun's run id");
        DatabricksRuns runs = workspaces.runs(task.text("team", "the run's team, as in config/teams/"));
        RunStatus status = runs.status(runId);
        String error = null;
        if (status.terminal() && !status.succeeded() && status.taskRunId() != null) {
            error = runs.error(status.taskRunId()).orElse(null);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", runId);
        answer.put("life_cycle_state", status.lifeCycleState());
        answer.put("result_state", status.resultState());
        answer.put("state_message", status.stateMessage());
        answer.put("run_page_url", status.runPageUrl());
        answer.put("terminal", status.terminal());
        answer.put("succeeded", status.succeeded());
        answer.put("task_run_id", status.taskRunId());
        answer.put("start_time", status.startTime() == null ? null : status.startTime().toString());
        answer.put("end_time", status.endTime() == null ? null : status.endTime().toString());
        answer.put("error", error);
        if (status.terminal()) {
            TaskLog.info("run ended", answer);
        }
        TaskInput.JSON.writeValue(output, answer);
    }
}
