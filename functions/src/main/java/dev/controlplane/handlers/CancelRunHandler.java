package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.aws.AwsFailures;
import dev.controlplane.databricks.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda {@code CancelRun}: input SubmitRun's output ({@code runId, workspaceHost, tokenSecretId}); asks
 * Databricks to cancel the run and returns {@code {run_id, cancel_requested: true}} without waiting (poll to see
 * it end). Cancelling a run that already ended is no error.
 *
 * <p>Environment: {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL}.
 */
public final class CancelRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "CancelRun";

    private final Workspaces workspaces;

    public CancelRunHandler() {
        this(System.getenv());
    }

    public CancelRunHandler(Map<String, String> environment) {
        this(DatabricksEnvironment.workspaces(environment));
    }

    public CancelRunHandler(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        AwsFailures.named(() -> handle(input, output, context));
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        long runId = task.number(task.root(), "runId", "runId", "SubmitRun's run id");
        workspaces.at(task.text("workspaceHost", "the workspace URL"),
                task.text("tokenSecretId", "the workspace token's secret id")).cancel(runId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", runId);
        answer.put("cancel_requested", true);
        TaskLog.info(context, FUNCTION, "run cancel requested", answer);
        TaskInput.JSON.writeValue(output, answer);
    }
}
