package dev.controlplane.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON a workflow task hands a function, read field by field so that a wiring mistake in the state machine
 * is reported with the function, the field and what was expected. Other fields are ignored: tasks often get a
 * merged state.
 */
final class TaskInput {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String function;
    private final JsonNode root;

    private TaskInput(String function, JsonNode root) {
        this.function = function;
        this.root = root;
    }

    static TaskInput read(String function, InputStream input) throws IOException {
        JsonNode root = JSON.readTree(input);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(function + " input: is " + (root == null ? "empty" : root.getNodeType())
                    + "; expected a JSON object");
        }
        // Every log line of this task carries its execution ARN and team.
        TaskLog.correlate(root);
        return new TaskInput(function, root);
    }

    JsonNode root() {
        return root;
    }

    String text(String field, String expected) {
        return text(root, field, field, expected);
    }

    /** Null when absent or null. */
    String optionalText(String field) {
        return optionalText(root, field, field);
    }

    boolean bool(String field, String expected) {
        JsonNode value = root.get(field);
        if (value == null || !value.isBoolean()) {
            throw problem(field, value, expected);
        }
        return value.booleanValue();
    }

    List<String> texts(String field, String expected) {
        JsonNode value = root.get(field);
        if (value == null || !value.isArray()) {
            throw problem(field, value, expected);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            texts.add(text(value.get(i), null, field + "[" + i + "]", expected));
        }
        return texts;
    }

    List<JsonNode> objects(String field, String expected) {
        JsonNode value = root.get(field);
        if (value == null || !value.isArray()) {
            throw problem(field, value, expected);
        }
        List<JsonNode> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw problem(field + "[" + i + "]", value.get(i), expected);
            }
            objects.add(value.get(i));
        }
        return objects;
    }

    JsonNode object(String field, String expected) {
        JsonNode value = root.get(field);
        if (value == null || !value.isObject()) {
            throw problem(field, value, expected);
        }
        return value;
    }

    /** A text member of a nested object; {@code path} is how the message names it, e.g. {@code files[0].key}. */
    String text(JsonNode node, String member, String path, String expected) {
        JsonNode value = member == null ? node : node.get(member);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw problem(path, value, expected);
        }
        return value.textValue();
    }

    String optionalText(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw problem(path, value, "text or null");
        }
        return value.textValue();
    }

    long number(JsonNode node, String member, String path, String expected) {
        JsonNode value = node.get(member);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw problem(path, value, expected);
        }
        return value.longValue();
    }

    private IllegalArgumentException problem(String path, JsonNode value, String expected) {
        String found = value == null || value.isMissingNode() ? "is missing" : "is " + abbreviated(value);
        return new IllegalArgumentException(function + " input: " + path + " " + found + "; expected " + expected);
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
