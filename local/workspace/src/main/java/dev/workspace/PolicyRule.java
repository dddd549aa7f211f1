package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One rule of a cluster policy definition: the limit on one attribute path.
 *
 * @param path the attribute path, dots between nested names, {@code *} for every element of a list
 * @param type the limitation type
 * @param value the value of a fixed rule
 * @param values the values of an allowlist or blocklist rule
 * @param minValue the lower bound of a range rule
 * @param maxValue the upper bound of a range rule
 * @param pattern the regular expression of a regex rule, anchored to the whole value
 * @param defaultValue the value used when the attribute is omitted and defaults are applied
 * @param isOptional whether a limited attribute may be omitted
 */
public record PolicyRule(String path, Type type, Optional<JsonNode> value, List<JsonNode> values,
        OptionalDouble minValue, OptionalDouble maxValue, Optional<Pattern> pattern, Optional<JsonNode> defaultValue,
        boolean isOptional) {

    /** The limitation types of Databricks' policy definition language. */
    public enum Type {
        FIXED, FORBIDDEN, ALLOWLIST, BLOCKLIST, RANGE, REGEX, UNLIMITED;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PolicyRule {
        values = List.copyOf(values);
    }
}
