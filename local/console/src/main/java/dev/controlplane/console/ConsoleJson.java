package dev.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The console's one JSON mapper, and reading a request body as a JSON object with a reason when it is not one. */
final class ConsoleJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ConsoleJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode requestObject(byte[] body, String what) {
        if (body.length == 0) {
            return object();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading a byte array cannot fail", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest(what + " must be a JSON object, got " + (node == null ? "nothing"
                    : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return object;
    }

    /** A required text member of a request body. */
    static String requiredText(ObjectNode body, String field, int maxLength, String expected) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + " is missing; expected " + expected);
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw ApiException.badRequest(field + " is " + value + "; expected " + expected);
        }
        String text = value.textValue().strip();
        if (text.length() > maxLength) {
            throw ApiException.badRequest(field + " has " + text.length() + " characters; expected at most " + maxLength);
        }
        return text;
    }
}
