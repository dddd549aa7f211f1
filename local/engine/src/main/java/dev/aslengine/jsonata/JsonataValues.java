package dev.aslengine.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the JSONata library's values (Map, List, String, Number, Boolean, null).
 * Integers stay integers both ways, so a JSONata result of 3.0 is written as 3, as JavaScript would.
 */
final class JsonataValues {
    /** JavaScript writes integral numbers in full below this magnitude and in exponent notation from it. */
    private static final double PLAIN_INTEGER_LIMIT = 1e21;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private JsonataValues() {}

    /** A JSON value as the library reads it; JSON null is Java null, which the library reads as JSONata null. */
    static Object toLibrary(JsonNode node) {
        if (node == null) {
            return null;
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = LinkedHashMap.newLinkedHashMap(node.size());
                for (var it = node.fields(); it.hasNext(); ) {
                    var e = it.next();
                    map.put(e.getKey(), toLibrary(e.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toLibrary(element));
                }
                return list;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return number(node);
            case NULL:
            case MISSING:
                return null;
            default:
                return node.asText();
        }
    }

    private static Object number(JsonNode node) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return narrow(node.longValue());
        }
        if (node.isBigInteger()) {
            BigInteger big = node.bigIntegerValue();
            return big.bitLength() < 64 ? narrow(big.longValue()) : big.doubleValue();
        }
        if (node.isBigDecimal()) {
            BigDecimal decimal = node.decimalValue();
            // 3.0 in the input is the integer 3 to JSONata, as it is to JavaScript.
            if (decimal.signum() == 0) {
                return 0;
            }
            if (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0) {
                BigInteger big = decimal.toBigInteger();
                if (big.bitLength() < 64) {
                    return narrow(big.longValue());
                }
            }
            return decimal.doubleValue();
        }
        double d = node.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
            return narrow((long) d);
        }
        return d;
    }

    private static Number narrow(long value) {
        return value == (int) value ? (Number) (int) value : (Number) value;
    }

    /**
     * A library result as JSON; {@code null} (JSONata's undefined) answers Java null at the top and JSON null
     * inside a container, where the library uses Java null for a JSON null read from the input.
     */
    static JsonNode toJson(Object value) {
        return value == null ? null : toJsonValue(value);
    }

    private static JsonNode toJsonValue(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (value instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return numberNode(n);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.NODES.objectNode();
            for (var e : map.entrySet()) {
                object.set(String.valueOf(e.getKey()), toJsonValue(e.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.NODES.arrayNode(list.size());
            for (Object element : list) {
                array.add(toJsonValue(element));
            }
            return array;
        }
        throw new IllegalArgumentException("a function or regular expression has no JSON form (got "
                + value.getClass().getSimpleName() + ")");
    }

    static JsonNode numberNode(Number n) {
        if (n instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (n instanceof Long l) {
            return Json.NODES.numberNode(l);
        }
        if (n instanceof BigInteger big) {
            return Json.NODES.numberNode(big);
        }
        if (n instanceof BigDecimal decimal) {
            return Json.NODES.numberNode(decimal);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return Json.NODES.textNode("NaN"); // JSON has no NaN; AWS writes JavaScript's name for it
        }
        if (Double.isInfinite(d)) {
            return Json.NODES.textNode(d > 0 ? "Infinity" : "-Infinity");
        }
        if (d == Math.rint(d) && Math.abs(d) < PLAIN_INTEGER_LIMIT) {
            if (d >= Long.MIN_VALUE && d <= Long.MAX_VALUE) {
                long l = (long) d;
                return l == (int) l ? Json.NODES.numberNode((int) l) : Json.NODES.numberNode(l);
            }
            BigInteger big = new BigDecimal(d).toBigInteger();
            return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0
                    ? Json.NODES.numberNode(big.longValue())
                    : Json.NODES.numberNode(big);
        }
        // Double.toString is the shortest text that reads back as d, as JavaScript's number formatting is.
        return Json.NODES.numberNode(new BigDecimal(Double.toString(d)));
    }
}
