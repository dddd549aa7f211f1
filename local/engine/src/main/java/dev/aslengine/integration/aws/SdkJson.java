package dev.aslengine.integration.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Turns Step Functions JSON (PascalCase member names, as in the AWS API) into SDK v2 model objects and back, by
 * walking each model's {@link SdkPojo#sdkFields()}: one mechanism for every action of every service.
 */
final class SdkJson {

    /** A parameter the service model does not accept; the message says which field and what was expected. */
    static final class InvalidParameter extends RuntimeException {
        InvalidParameter(String message) {
            super(message, null, false, false);
        }
    }

    // Field lookup by member name, built once per model class.
    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELDS_BY_NAME = new ConcurrentHashMap<>();

    private SdkJson() {}

    /** Fills a model builder from a JSON object; {@code ignored} names members handled elsewhere (e.g. a streaming Body). */
    static void fill(SdkPojo builder, JsonNode json, String path, Set<String> ignored) {
        if (!json.isObject()) {
            throw new InvalidParameter("The value for the field '" + displayPath(path) + "' must be an OBJECT");
        }
        Map<String, SdkField<?>> fields = fieldsOf(builder);
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (ignored.contains(name)) continue;
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            SdkField<?> field = fields.get(name);
            if (field == null) {
                throw new InvalidParameter("The field '" + fieldPath + "' is not supported by Step Functions");
            }
            field.set(builder, fromJson(field, entry.getValue(), fieldPath));
        }
    }

    /** Builds a model object of the type a POJO field holds. */
    static Object buildPojo(SdkField<?> field, JsonNode json, String path) {
        SdkPojo builder = field.constructor().get();
        fill(builder, json, path, Set.of());
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private static Map<String, SdkField<?>> fieldsOf(SdkPojo pojo) {
        return FIELDS_BY_NAME.computeIfAbsent(pojo.getClass(), c -> {
            Map<String, SdkField<?>> byName = new HashMap<>();
            for (SdkField<?> f : pojo.sdkFields()) byName.put(f.memberName(), f);
            // The SDK renames a few URI members (CopyObject's Bucket is DestinationBucket); the API name is the label.
            for (SdkField<?> f : pojo.sdkFields()) {
                if (f.location() == MarshallLocation.PATH || f.location() == MarshallLocation.GREEDY_PATH) {
                    byName.putIfAbsent(f.locationName(), f);
                }
            }
            return byName;
        });
    }

    private static Object fromJson(SdkField<?> field, JsonNode node, String path) {
        if (node == null || node.isNull()) return null;
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            if (node.isTextual()) return node.textValue();
            throw expected(path, "a STRING");
        }
        if (type == MarshallingType.INTEGER) {
            if (node.isIntegralNumber() && node.canConvertToInt()) return node.intValue();
            throw expected(path, "an INTEGER");
        }
        if (type == MarshallingType.LONG) {
            if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
            throw expected(path, "a LONG");
        }
        if (type == MarshallingType.SHORT) {
            if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() == (short) node.intValue()) {
                return (short) node.intValue();
            }
            throw expected(path, "a SHORT");
        }
        if (type == MarshallingType.BYTE) {
            if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() == (byte) node.intValue()) {
                return (byte) node.intValue();
            }
            throw expected(path, "a BYTE");
        }
        if (type == MarshallingType.DOUBLE) {
            if (node.isNumber()) return node.doubleValue();
            throw expected(path, "a DOUBLE");
        }
        if (type == MarshallingType.FLOAT) {
            if (node.isNumber()) return node.floatValue();
            throw expected(path, "a FLOAT");
        }
        if (type == MarshallingType.BIG_DECIMAL) {
            if (node.isNumber()) return node.decimalValue();
            throw expected(path, "a NUMBER");
        }
        if (type == MarshallingType.BOOLEAN) {
            if (node.isBoolean()) return node.booleanValue();
            throw expected(path, "a BOOLEAN");
        }
        if (type == MarshallingType.INSTANT) {
            return instantOf(node, path);
        }
        if (type == MarshallingType.SDK_BYTES) {
            if (!node.isTextual()) throw expected(path, "a base64-encoded STRING");
            try {
                return SdkBytes.fromByteArray(Base64.getDecoder().decode(node.textValue()));
            } catch (IllegalArgumentException e) {
                throw expected(path, "a base64-encoded STRING");
            }
        }
        if (type == MarshallingType.SDK_POJO) {
            return buildPojo(field, node, path);
        }
        if (type == MarshallingType.LIST) {
            if (!node.isArray()) throw expected(path, "an ARRAY");
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) list.add(fromJson(member, node.get(i), path + "[" + i + "]"));
            return list;
        }
        if (type == MarshallingType.MAP) {
            if (!node.isObject()) throw expected(path, "an OBJECT");
            SdkField<?> value = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), fromJson(value, e.getValue(), path + "." + e.getKey()));
            }
            return map;
        }
        throw new InvalidParameter("The field '" + path + "' has a type (" + type + ") the local engine cannot pass to the SDK");
    }

    private static Instant instantOf(JsonNode node, String path) {
        if (node.isNumber()) {
            // Epoch seconds, as AWS JSON protocols write timestamps.
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                throw expected(path, "a TIMESTAMP (ISO-8601 such as 2024-01-31T12:00:00Z, or epoch seconds)");
            }
        }
        throw expected(path, "a TIMESTAMP (ISO-8601 such as 2024-01-31T12:00:00Z, or epoch seconds)");
    }

    private static InvalidParameter expected(String path, String what) {
        return new InvalidParameter("The value for the field '" + path + "' must be " + what);
    }

    private static String displayPath(String path) {
        return path.isEmpty() ? "Parameters" : path;
    }

    /** The JSON Step Functions shows for a model object: PascalCase members, absent members left out. */
    static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode out = Json.object();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) continue;
            out.set(field.memberName(), valueToJson(value));
        }
        return out;
    }

    private static JsonNode valueToJson(Object value) {
        return switch (value) {
            case null -> Json.NODES.nullNode();
            case String s -> Json.NODES.textNode(s);
            case Integer i -> Json.NODES.numberNode(i);
            case Long l -> Json.NODES.numberNode(l);
            case Short s -> Json.NODES.numberNode(s);
            case Byte b -> Json.NODES.numberNode(b);
            case Double d -> Json.NODES.numberNode(BigDecimal.valueOf(d));
            case Float f -> Json.NODES.numberNode(new BigDecimal(Float.toString(f)));
            case BigDecimal d -> Json.NODES.numberNode(d);
            case Boolean b -> Json.NODES.booleanNode(b);
            // Step Functions prints SDK timestamps in ISO-8601 UTC.
            case Instant t -> Json.NODES.textNode(t.toString());
            case SdkBytes bytes -> Json.NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
            case SdkPojo pojo -> toJson(pojo);
            case List<?> list -> {
                ArrayNode array = Json.NODES.arrayNode(list.size());
                for (Object o : list) array.add(valueToJson(o));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = Json.object();
                for (Map.Entry<?, ?> e : map.entrySet()) object.set(String.valueOf(e.getKey()), valueToJson(e.getValue()));
                yield object;
            }
            default -> Json.NODES.textNode(value.toString());
        };
    }
}
