package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.config.PlatformConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda {@code CancelRun}: input SubmitRun's output ({@code runId, team}); asks
 * Databricks to cancel the run and returns {@code {run_id, cancel_requested: true}} without waiting (poll to see
 * it end). Cancelling a run that already ended is no error.
 *
 * <p>The workspace is the team's in this stack's environment, from the packaged config ({@code
 * config/teams/{team}.json}); a host or token secret in the input is never read.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class CancelRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "CancelRun";

    private final TeamWorkspaces workspaces;

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    public CancelRunHandler() {
        this(System.getenv());
    }

    public CancelRunHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private CancelRunHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, DatabricksEnvironment.workspaces(environment), StackEnvironment.name(environment));
        // SnapStart: the launch path's classes loaded before the snapshot, the Databricks SDK's included
        this.shell = HandlerShell.primed(FUNCTION, () -> LaunchPriming.prime(config, StackEnvironment.name(environment)));
    }

    /** @param environment the environment this stack serves: the team's workspace there is the one called */
    public CancelRunHandler(PlatformConfig config, Workspaces workspaces, String environment) {
        this.workspaces = new TeamWorkspaces(config, workspaces, environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        long runId = task.number(task.root(), "runId", "runId", "SubmitRun's run id");
        workspaces.runs(task.text("team", "the run's team, as in config/teams/")).cancel(runId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", runId);
        answer.put("cancel_requested", true);
        TaskLog.info("run cancel requested", answer);
        TaskInput.JSON.writeValue(output, answer);
    }
}
