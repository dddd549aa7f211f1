package dev.controlplane.domain.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A team's cluster policy, as it must be in every workspace the team runs in.
 *
 * @param name       the policy's name in the workspace, unique there (default {@code controlplane-{team}})
 * @param definition the policy definition language as compact JSON, members sorted, so equal definitions are equal text
 */
public record ClusterPolicyConfig(String name, String definition) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClusterPolicyConfig {
        Objects.requireNonNull(name, "name");
        definition = canonical(Objects.requireNonNull(definition, "definition"));
    }

    /** The default policy name of a team. */
    public static String defaultName(String team) {
        return "controlplane-" + team;
    }

    /**
     * A definition with its members sorted at every level and no white space: how a definition read back from a
     * workspace is compared with the config's.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String canonical(String definition) {
        try {
            JsonNode node = JSON.readTree(definition);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a cluster policy definition is a JSON object, not " + definition);
            }
            return JSON.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a cluster policy definition is a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    /** The rule of one attribute (e.g. {@code autoscale.max_workers}), a fresh copy. */
    public Optional<JsonNode> rule(String attribute) {
        try {
            return Optional.ofNullable(JSON.readTree(definition).get(attribute));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the canonical definition is JSON", e);
        }
    }

    /** The value the policy fixes for an attribute, else its default value. */
    public Optional<JsonNode> fixedOrDefault(String attribute) {
        return rule(attribute).flatMap(rule -> {
            if ("fixed".equals(rule.path("type").asText()) && rule.has("value")) {
                return Optional.of(rule.get("value"));
            }
            return Optional.ofNullable(rule.get("defaultValue"));
        });
    }
}
