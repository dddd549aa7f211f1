package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** One JSON object per line, with the function and the request id, through the Lambda logger when there is one. */
final class TaskLog {

    private TaskLog() {
    }

    static void info(Context context, String function, String message, Map<String, ?> fields) {
        ObjectNode line = TaskInput.JSON.createObjectNode();
        line.put("level", "INFO");
        line.put("function", function);
        line.put("message", message);
        if (context != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        fields.forEach((name, value) -> line.set(name, TaskInput.JSON.valueToTree(value)));
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }
}
