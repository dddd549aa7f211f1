package dev.aslengine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the engine, and the few conversions every part needs. */
public final class Json {
    /** Exact decimals: ASL numbers round-trip as written (no double rounding of 0.1 or big integers). */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setNodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Parses JSON text; throws IllegalArgumentException with the parser's location on bad input. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + locationOf(e), e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    /** Size in bytes of the UTF-8 serialization, used for the 256 KiB payload limit. */
    public static int utf8Size(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    /**
     * True when the UTF-8 serialization of {@code node} certainly fits in {@code limit} bytes: a walk that bounds each
     * value's size from above (every character escaped at worst), stopping as soon as the bound passes the limit.
     */
    public static boolean utf8SizeAtMost(JsonNode node, long limit) {
        return bound(node, limit) <= limit;
    }

    private static long bound(JsonNode node, long budget) {
        if (node.isTextual()) return 2 + 6L * node.textValue().length();
        if (node.isNumber()) return node.isIntegralNumber() && node.canConvertToLong() ? 20 : 2 + node.asText().length();
        if (!node.isContainerNode()) return 5;
        long total = 2;
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext() && total <= budget; ) {
                var e = it.next();
                total += 4 + 6L * e.getKey().length() + bound(e.getValue(), budget - total);
            }
        } else {
            for (int i = 0; i < node.size() && total <= budget; i++) total += 1 + bound(node.get(i), budget - total);
        }
        return total;
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
