package dev.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps task tokens out of the page: a token resumes a waiting execution, so whoever holds it can approve a
 * promotion. Every member named like {@code taskToken} is shortened to a hint, also inside the JSON text the Step
 * Functions API puts in {@code input}, {@code output} and {@code parameters}.
 */
final class TaskTokenMask {

    private static final Pattern TOKEN_KEY = Pattern.compile("(?i)task_?token");
    /** Payloads larger than this are left as they are: the history never carries such a payload with a token. */
    private static final int MAX_EMBEDDED_JSON = 1 << 20;

    private TaskTokenMask() {
    }

    /** A hint that tells tokens apart without giving them away: the first and last four characters. */
    static String hint(String token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        return token.length() <= 12 ? "\u2026(" + token.length() + " characters)"
                : token.substring(0, 4) + "\u2026" + token.substring(token.length() - 4);
    }

    /** Masks the tree in place and returns it. */
    static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.properties().forEach(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (TOKEN_KEY.matcher(field.getKey()).matches() && value.isTextual()) {
                    object.put(field.getKey(), hint(value.textValue()));
                } else if (value.isTextual()) {
                    object.set(field.getKey(), maskEmbedded(value));
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual()) {
                    array.set(i, maskEmbedded(element));
                } else {
                    mask(element);
                }
            }
        }
        return node;
    }

    /** A text that is itself JSON (Step Functions payloads are JSON text): masked and written back when it changed. */
    private static JsonNode maskEmbedded(JsonNode text) {
        String value = text.textValue();
        String trimmed = value.strip();
        if (trimmed.length() > MAX_EMBEDDED_JSON || !(trimmed.startsWith("{") || trimmed.startsWith("["))
                || !TOKEN_KEY.matcher(value).find()) {
            return text;
        }
        try {
            JsonNode parsed = ConsoleJson.MAPPER.readTree(value);
            return TextNode.valueOf(ConsoleJson.MAPPER.writeValueAsString(mask(parsed)));
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }
}
