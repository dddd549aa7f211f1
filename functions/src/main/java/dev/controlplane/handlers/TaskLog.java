package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON object per line, through the Lambda logger when there is one: the function, the message, the request
 * id, and the execution ARN and team of the task being handled (taken from its input by {@link TaskInput#read}, so
 * every line of an invocation carries them without the handler passing them along), then the handler's fields.
 *
 * <p>Kept instead of Powertools logging 2.9.0: the lines are the same shape (CloudWatch Logs Insights reads the
 * fields), without initialising SLF4J and a Log4j 2 JSON template layout on the cold path of functions that write
 * one or two lines. Measured as whole processes writing one such line (15 pairs, bench/paired_time.py): 0.66 s with
 * Powertools' Log4j 2 layout against 0.32 s with this class's Jackson line, 2.1x. A field whose name says it holds a
 * secret (token, secret, password, authorization) is never written, whatever a handler passes.
 */
final class TaskLog {

    /** Field names that hold secrets, e.g. taskToken, webhookSecret, Authorization; tokenSecretId is an id, kept. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|secret|password|authorization).*");
    private static final Pattern SECRET_ID = Pattern.compile("(?i).*secretid");

    /** The task being handled on this thread: set by {@link TaskInput#read}, read by the lines of the same function. */
    private static final ThreadLocal<Correlation> CURRENT = new ThreadLocal<>();

    /** What ties a line to a workflow run and a team; either may be null. */
    record Correlation(String function, String executionArn, String team) {
    }

    private TaskLog() {
    }

    /** Remembers, for this thread, the execution and team of {@code function}'s task input. */
    static void correlate(String function, JsonNode input) {
        CURRENT.set(new Correlation(function, executionArn(input), team(input)));
    }

    static void info(Context context, String function, String message, Map<String, ?> fields) {
        ObjectNode line = line(context, function, "INFO", message);
        fields.forEach((name, value) -> {
            if (!isSecretName(name)) {
                line.set(name, TaskInput.JSON.valueToTree(value));
            }
        });
        if (!line.has("team")) {
            Correlation correlation = correlation(function);
            if (correlation != null && correlation.team() != null) {
                line.put("team", correlation.team());
            }
        }
        write(context, line);
    }

    /** A line with the level, function, message, request id and, when known, the execution ARN and team. */
    static ObjectNode line(Context context, String function, String level, String message) {
        ObjectNode line = TaskInput.JSON.createObjectNode();
        line.put("level", level);
        line.put("function", function);
        line.put("message", message);
        if (context != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        Correlation correlation = correlation(function);
        if (correlation != null && correlation.executionArn() != null) {
            line.put("executionArn", correlation.executionArn());
        }
        return line;
    }

    /** The team of the task {@code function} is handling on this thread, or null. */
    static String team(String function) {
        Correlation correlation = correlation(function);
        return correlation == null ? null : correlation.team();
    }

    static void write(Context context, ObjectNode line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches() && !SECRET_ID.matcher(name).matches();
    }

    private static Correlation correlation(String function) {
        Correlation correlation = CURRENT.get();
        // Another function's task (a runtime reusing the thread) is not this line's.
        return correlation != null && correlation.function().equals(function) ? correlation : null;
    }

    // The workflows pass $$.Execution.Id as executionArn; some tasks take it as execution.
    private static String executionArn(JsonNode input) {
        for (String field : new String[] {"executionArn", "execution"}) {
            JsonNode value = input.get(field);
            if (value != null && value.isTextual() && value.textValue().startsWith("arn:")) {
                return value.textValue();
            }
        }
        return null;
    }

    // team, or the run's team (RecordRun, SubmitRun), or the first segment of an artifact {team}/{project}/{script}.
    private static String team(JsonNode input) {
        JsonNode team = input.get("team");
        if (team == null || !team.isTextual()) {
            team = input.path("run").get("team");
        }
        if (team != null && team.isTextual() && !team.textValue().isBlank()) {
            return team.textValue().strip();
        }
        JsonNode artifact = input.get("artifact");
        if (artifact != null && artifact.isTextual() && artifact.textValue().indexOf('/') > 0) {
            return artifact.textValue().substring(0, artifact.textValue().indexOf('/')).toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
