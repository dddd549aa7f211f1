package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a cluster policy to a cluster spec as Databricks does when a cluster or a job cluster is
 * requested under a policy_id: fixed values (and default values, when the spec asks for them with
 * apply_policy_default_values) fill omitted attributes; every rule is then checked and all the
 * violations are reported together, each naming its attribute path.
 */
public final class ClusterPolicyEnforcer {

    /** Attributes whose keys are free-form and may contain dots (spark_conf.spark.sql.x is one key). */
    private static final Set<String> FREE_FORM_MAPS = Set.of("spark_conf", "spark_env_vars", "custom_tags");

    /** The virtual attribute a policy can fix to "job" or "all-purpose"; never part of the stored spec. */
    static final String CLUSTER_TYPE = "cluster_type";

    private ClusterPolicyEnforcer() {}

    private record Found(String path, JsonNode value) {}

    /**
     * Returns the spec with the policy's fixed (and, if asked, default) values applied.
     *
     * @param clusterType "job" for a run's new_cluster, "all-purpose" for clusters/create
     * @throws ApiException INVALID_PARAMETER_VALUE naming every attribute that breaks the policy
     */
    public static ObjectNode enforce(PolicyDefinition policy, ObjectNode spec, String clusterType) {
        ObjectNode resolved = spec.deepCopy();
        resolved.put(CLUSTER_TYPE, clusterType);
        boolean applyDefaults = spec.path("apply_policy_default_values").asBoolean(false);
        List<String> violations = new ArrayList<>();
        for (PolicyRule rule : policy.rules().values()) {
            List<String> segments = Arrays.asList(rule.path().split("\\."));
            List<Found> found = find(resolved, segments, "");
            if (found.isEmpty()) {
                absent(rule, resolved, segments, applyDefaults).ifPresent(violations::add);
            } else {
                for (Found f : found) {
                    check(rule, f).ifPresent(violations::add);
                }
            }
        }
        resolved.remove(CLUSTER_TYPE);
        if (!violations.isEmpty()) {
            throw ApiException.invalidParameter("Cluster validation error: " + String.join("; ", violations));
        }
        return resolved;
    }

    private static java.util.Optional<String> absent(PolicyRule rule, ObjectNode spec, List<String> segments,
            boolean applyDefaults) {
        if (rule.type() == PolicyRule.Type.FIXED) {
            set(spec, segments, rule.value().orElseThrow());
            return java.util.Optional.empty();
        }
        if (rule.type() == PolicyRule.Type.FORBIDDEN) {
            return java.util.Optional.empty();
        }
        if (applyDefaults && rule.defaultValue().isPresent()) {
            set(spec, segments, rule.defaultValue().get());
            return java.util.Optional.empty();
        }
        if (rule.isOptional()) {
            return java.util.Optional.empty();
        }
        return violation(rule.path(), "the value must be present");
    }

    private static java.util.Optional<String> check(PolicyRule rule, Found found) {
        JsonNode actual = found.value();
        String path = found.path();
        return switch (rule.type()) {
            case FIXED -> sameValue(actual, rule.value().orElseThrow())
                    ? java.util.Optional.empty()
                    : violation(path, "the value must be " + plain(rule.value().get()) + is(actual));
            case FORBIDDEN -> violation(path, "the value cannot be present");
            case ALLOWLIST -> rule.values().stream().anyMatch(v -> sameValue(actual, v))
                    ? java.util.Optional.empty()
                    : violation(path, "the value must be one of " + list(rule.values()) + is(actual));
            case BLOCKLIST -> rule.values().stream().anyMatch(v -> sameValue(actual, v))
                    ? violation(path, "the value cannot be one of " + list(rule.values()) + is(actual))
                    : java.util.Optional.empty();
            case RANGE -> range(rule, path, actual);
            case REGEX -> rule.pattern().orElseThrow().matcher(actual.asText()).matches()
                    ? java.util.Optional.empty()
                    : violation(path, "the value must match the regular expression "
                            + rule.pattern().get().pattern() + is(actual));
            case UNLIMITED -> java.util.Optional.empty();
        };
    }

    private static java.util.Optional<String> range(PolicyRule rule, String path, JsonNode actual) {
        BigDecimal number = number(actual);
        if (number == null) {
            return violation(path, "the value must be a number" + is(actual));
        }
        if (rule.minValue().isPresent() && number.compareTo(BigDecimal.valueOf(rule.minValue().getAsDouble())) < 0) {
            return violation(path, "the value must be at least " + bound(rule.minValue().getAsDouble()) + is(actual));
        }
        if (rule.maxValue().isPresent() && number.compareTo(BigDecimal.valueOf(rule.maxValue().getAsDouble())) > 0) {
            return violation(path, "the value must be at most " + bound(rule.maxValue().getAsDouble()) + is(actual));
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> violation(String path, String what) {
        return java.util.Optional.of("Validation failed for " + path + ", " + what);
    }

    private static List<Found> find(JsonNode node, List<String> segments, String prefix) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (segments.isEmpty()) {
            return List.of(new Found(prefix, node));
        }
        String head = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        if (node.isArray()) {
            List<Found> all = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (head.equals("*") || head.equals(Integer.toString(i))) {
                    all.addAll(find(node.get(i), rest, join(prefix, Integer.toString(i))));
                }
            }
            return all;
        }
        if (node.isObject()) {
            // The longest key first, because a free-form key may itself contain dots.
            for (int k = segments.size(); k >= 1; k--) {
                String key = String.join(".", segments.subList(0, k));
                if (node.has(key)) {
                    return find(node.get(key), segments.subList(k, segments.size()), join(prefix, key));
                }
            }
        }
        return List.of();
    }

    private static void set(ObjectNode root, List<String> segments, JsonNode value) {
        if (segments.contains("*")) {
            return;
        }
        ObjectNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            if (FREE_FORM_MAPS.contains(segment) && node == root) {
                node.withObjectProperty(segment)
                        .set(String.join(".", segments.subList(i + 1, segments.size())), value.deepCopy());
                return;
            }
            JsonNode child = node.get(segment);
            if (child != null && !child.isObject()) {
                return;
            }
            node = node.withObjectProperty(segment);
        }
        node.set(segments.get(segments.size() - 1), value.deepCopy());
    }

    private static boolean sameValue(JsonNode actual, JsonNode expected) {
        BigDecimal a = number(actual);
        BigDecimal e = number(expected);
        if (a != null && e != null) {
            return a.compareTo(e) == 0;
        }
        return actual.isValueNode() && expected.isValueNode() && actual.asText().equals(expected.asText());
    }

    private static BigDecimal number(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String join(String prefix, String segment) {
        return prefix.isEmpty() ? segment : prefix + "." + segment;
    }

    private static String plain(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String list(List<JsonNode> values) {
        return values.stream().map(ClusterPolicyEnforcer::plain).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String is(JsonNode actual) {
        return " (is " + (actual.isTextual() ? TextNode.valueOf(actual.asText()).toString() : actual.toString()) + ")";
    }

    private static String bound(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
