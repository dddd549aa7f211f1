package dev.controlplane.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * The functions' log lines: SLF4J through Powertools' Lambda JSON layout (InvocationOutput.FunctionLogging), inside {@link HandlerShell}.
 * What is ours is what ties a line to a workflow run and what keeps secrets out: the task's execution ARN (also
 * Powertools' {@code correlation_id}) and team, taken from its input by {@link TaskInput#read}, go into the MDC so
 * every line of the invocation carries them; a field whose name says it holds a secret (token, secret, password,
 * authorization) is written as {@value #MASK}, whatever a handler passes.
 */
final class TaskLog {

    static final String MASK = "****";
    static final String CORRELATION_ID = "correlation_id";
    static final String EXECUTION_ARN = "executionArn";
    static final String TEAM = "team";

    /** Field names that hold secrets, e.g. taskToken, webhookSecret, Authorization; tokenSecretId is an id, kept. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|secret|password|authorization).*");
    private static final Pattern SECRET_ID = Pattern.compile("(?i).*secretid");

    private static final Logger LOG = LoggerFactory.getLogger("dev.controlplane.handlers");

    /** This invocation's fields, mirrored from the MDC: a host process's SLF4J provider may keep no MDC. */
    private static final ThreadLocal<Map<String, String>> CONTEXT = ThreadLocal.withInitial(LinkedHashMap::new);

    private TaskLog() {
    }

    /** Puts a field of this invocation's log context. */
    static void put(String name, String value) {
        MDC.put(name, value);
        CONTEXT.get().put(name, value);
    }

    /** Ends this invocation's log context. */
    static void clear() {
        MDC.clear();
        CONTEXT.remove();
    }

    /** Puts the execution and team of the task {@code input} into this invocation's log context. */
    static void correlate(JsonNode input) {
        String executionArn = executionArn(input);
        if (executionArn != null) {
            correlate(executionArn);
            put(EXECUTION_ARN, executionArn);
        }
        String team = team(input);
        if (team != null) {
            put(TEAM, team);
        }
    }

    /** Sets this invocation's correlation id (an execution ARN, a GitHub delivery id). */
    static void correlate(String correlationId) {
        if (correlationId != null && !correlationId.isBlank()) {
            put(CORRELATION_ID, correlationId);
        }
    }

    /** The team of the task being handled, or null. */
    static String team() {
        return CONTEXT.get().get(TEAM);
    }

    /** The execution of the task being handled, or null. */
    static String executionArn() {
        return CONTEXT.get().get(EXECUTION_ARN);
    }

    /** One INFO line: the message and {@code fields}, secrets masked. */
    static void info(String message, Map<String, ?> fields) {
        write(Level.INFO, message, fields);
    }

    /** One ERROR line: the message and {@code fields}, secrets masked. */
    static void error(String message, Map<String, ?> fields) {
        write(Level.ERROR, message, fields);
    }

    private static void write(Level level, String message, Map<String, ?> fields) {
        Map<String, Object> masked = masked(fields);
        if (!HandlerShell.powertools()) {
            // A host process whose SLF4J is its own (up's class path, the CLI): the same fields, to the invocation's output
            ObjectNode line = TaskInput.JSON.createObjectNode().put("level", level.name()).put("message", message);
            CONTEXT.get().forEach(line::put);
            masked.forEach((name, value) -> line.set(name, TaskInput.JSON.valueToTree(value)));
            InvocationOutput.write(line + "\n");
            return;
        }
        if (masked.isEmpty()) {
            LOG.atLevel(level).log(message); // Powertools 2.9.0 writes empty entries as a dangling comma: invalid JSON
        } else {
            LOG.atLevel(level).log(message, StructuredArguments.entries(masked));
        }
    }

    /** {@code fields} with secrets masked, less what the log context already says (a JSON object has each key once). */
    static Map<String, Object> masked(Map<String, ?> fields) {
        Map<String, Object> masked = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value == null || !value.toString().equals(CONTEXT.get().get(name))) {
                masked.put(name, isSecretName(name) && value != null ? MASK : plain(value));
            }
        });
        return masked;
    }

    /**
     * {@code value} as Powertools' serialiser writes it itself: text, numbers, booleans, lists and maps of them. Any
     * other value (a record, an enum, an Instant) it hands to powertools-serialization's mapper, which the packages
     * leave out, and the whole line would be lost; Jackson turns it into lists and maps here.
     */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof JsonNode) {
            return value;
        }
        if (value instanceof Collection<?> values) {
            List<Object> plain = new ArrayList<>(values.size());
            for (Object entry : values) {
                plain.add(plain(entry));
            }
            return plain;
        }
        if (value instanceof Map<?, ?> entries) {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((name, entry) -> plain.put(String.valueOf(name), plain(entry)));
            return plain;
        }
        return TaskInput.JSON.convertValue(value, Object.class);
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches() && !SECRET_ID.matcher(name).matches();
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
