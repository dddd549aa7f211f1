package dev.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** A parsed cluster policy definition: attribute path to rule, in the order the definition gives them. */
public record PolicyDefinition(Map<String, PolicyRule> rules) {

    public PolicyDefinition {
        rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** Parses the definition JSON a policy is created with; a bad rule is refused naming its attribute. */
    public static PolicyDefinition parse(String definitionJson) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(definitionJson == null ? "{}" : definitionJson);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidParameter("Invalid policy definition: not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            return new PolicyDefinition(Map.of());
        }
        if (!root.isObject()) {
            throw ApiException.invalidParameter(
                    "Invalid policy definition: expected a JSON object of attribute paths to rules");
        }
        Map<String, PolicyRule> rules = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> rules.put(entry.getKey(), rule(entry.getKey(), entry.getValue())));
        return new PolicyDefinition(rules);
    }

    private static PolicyRule rule(String path, JsonNode node) {
        if (!node.isObject()) {
            throw invalid(path, "expected an object with a \"type\"");
        }
        String typeName = Json.text(node, "type").orElseThrow(() -> invalid(path, "\"type\" is required"));
        PolicyRule.Type type = Arrays.stream(PolicyRule.Type.values())
                .filter(t -> t.jsonName().equals(typeName))
                .findFirst()
                .orElseThrow(() -> invalid(path, "unknown type \"" + typeName + "\", expected one of "
                        + Arrays.stream(PolicyRule.Type.values()).map(PolicyRule.Type::jsonName)
                                .collect(Collectors.joining(", "))));
        Optional<JsonNode> value = Optional.ofNullable(node.get("value")).filter(v -> !v.isNull());
        List<JsonNode> values = new ArrayList<>();
        OptionalDouble min = number(path, node, "minValue");
        OptionalDouble max = number(path, node, "maxValue");
        Optional<Pattern> pattern = Optional.empty();
        switch (type) {
            case FIXED -> {
                if (value.isEmpty()) {
                    throw invalid(path, "a fixed rule needs a \"value\"");
                }
            }
            case ALLOWLIST, BLOCKLIST -> {
                JsonNode list = node.get("values");
                if (list == null || !list.isArray() || list.isEmpty()) {
                    throw invalid(path, "an " + type.jsonName() + " rule needs a non-empty \"values\" array");
                }
                list.forEach(values::add);
            }
            case RANGE -> {
                if (min.isEmpty() && max.isEmpty()) {
                    throw invalid(path, "a range rule needs \"minValue\" or \"maxValue\"");
                }
            }
            case REGEX -> {
                String regex = Json.text(node, "pattern")
                        .orElseThrow(() -> invalid(path, "a regex rule needs a \"pattern\""));
                try {
                    pattern = Optional.of(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw invalid(path, "\"pattern\" is not a valid regular expression: " + e.getDescription());
                }
            }
            case FORBIDDEN, UNLIMITED -> {
                // no parameters beyond the common ones
            }
        }
        Optional<JsonNode> defaultValue = Optional.ofNullable(node.get("defaultValue")).filter(v -> !v.isNull());
        boolean optional = node.path("isOptional").asBoolean(false);
        return new PolicyRule(path, type, value, values, min, max, pattern, defaultValue, optional);
    }

    private static OptionalDouble number(String path, JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return OptionalDouble.empty();
        }
        if (!n.isNumber()) {
            throw invalid(path, "\"" + field + "\" must be a number, got " + n);
        }
        return OptionalDouble.of(n.asDouble());
    }

    private static ApiException invalid(String path, String what) {
        return ApiException.invalidParameter(
                String.format(Locale.ROOT, "Invalid policy definition for attribute %s: %s", path, what));
    }
}
