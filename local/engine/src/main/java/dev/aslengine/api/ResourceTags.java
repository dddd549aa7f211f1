package dev.aslengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tags of state machines and activities, by resource ARN, with the service's limits on keys, values and count. */
final class ResourceTags {
    private static final int MAX_TAGS = 50;
    private static final int KEY_MAX = 128;
    private static final int VALUE_MAX = 256;

    private final Map<String, Map<String, String>> byResource = new ConcurrentHashMap<>();

    /** Reads a request's list of {key, value} tags (TagResource, CreateStateMachine, CreateActivity). */
    static Map<String, String> read(JsonNode tags, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null || tags.isNull()) return out;
        if (!tags.isArray()) throw new EngineException("SerializationException", "Member '" + member + "' must be a JSON array of {key, value}");
        for (JsonNode t : tags) {
            JsonNode k = t.get("key");
            JsonNode v = t.get("value");
            if (k == null || !k.isTextual() || (v != null && !v.isNull() && !v.isTextual())) {
                throw new EngineException("SerializationException", "Each of '" + member + "' must be {\"key\": string, \"value\": string}, got " + t);
            }
            String key = k.textValue();
            String value = v == null || v.isNull() ? "" : v.textValue();
            if (key.isEmpty() || key.length() > KEY_MAX) {
                throw ApiRequest.validation("'" + key + "'", member + ".member.key", "Member must have length between 1 and " + KEY_MAX);
            }
            if (value.length() > VALUE_MAX) {
                throw ApiRequest.validation("'" + value + "'", member + ".member.value", "Member must have length less than or equal to " + VALUE_MAX);
            }
            out.put(key, value);
        }
        return out;
    }

    /** Adds or replaces tags; more than 50 on the resource is TooManyTags, and nothing changes. */
    synchronized void tag(String arn, Map<String, String> tags) {
        Map<String, String> merged = new LinkedHashMap<>(byResource.getOrDefault(arn, Map.of()));
        merged.putAll(tags);
        if (merged.size() > MAX_TAGS) {
            throw new EngineException("TooManyTags", "Too many tags: '" + arn + "' would have " + merged.size() + " tags; at most "
                    + MAX_TAGS + " are allowed");
        }
        byResource.put(arn, merged);
    }

    synchronized void untag(String arn, Iterable<String> keys) {
        Map<String, String> current = byResource.get(arn);
        if (current == null) return;
        for (String k : keys) current.remove(k);
    }

    void forget(String arn) {
        byResource.remove(arn);
    }

    /** Every resource's tags, by ARN. */
    synchronized Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        byResource.forEach((arn, t) -> { if (!t.isEmpty()) out.put(arn, new LinkedHashMap<>(t)); });
        return out;
    }

    synchronized ArrayNode list(String arn) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        byResource.getOrDefault(arn, Map.of()).forEach((k, v) -> out.add(Json.object().put("key", k).put("value", v)));
        return out;
    }
}
