package dev.controlplane.domain.launch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.config.ClusterPolicyConfig;
import java.util.Optional;

/**
 * Workers of a job cluster: autoscaling from {@code minWorkers} to {@code maxWorkers}, or a fixed size when they
 * are equal and the policy fixes {@code num_workers}.
 *
 * @param autoscale false when the cluster gets {@code num_workers} (the policy fixes it or forbids autoscale)
 */
public record ClusterSize(long minWorkers, long maxWorkers, boolean autoscale) {

    /** Without a word from the policy: 1 worker, autoscaling to 2. */
    public static final ClusterSize DEFAULT = new ClusterSize(1, 2, true);

    public ClusterSize {
        if (minWorkers < 0 || maxWorkers < minWorkers) {
            throw new IllegalArgumentException("workers " + minWorkers + " to " + maxWorkers);
        }
    }

    /** The default size, unless the policy fixes, bounds or defaults {@code num_workers} or {@code autoscale.*}. */
    public static ClusterSize underPolicy(ClusterPolicyConfig policy) {
        Optional<JsonNode> numWorkers = policy.rule("num_workers");
        boolean autoscaleForbidden = forbidden(policy, "autoscale.min_workers") || forbidden(policy, "autoscale.max_workers");
        if (numWorkers.isPresent() && "fixed".equals(numWorkers.get().path("type").asText())) {
            long fixed = numWorkers.get().path("value").asLong(DEFAULT.minWorkers);
            return new ClusterSize(fixed, fixed, false);
        }
        if (autoscaleForbidden) {
            long workers = bounded(policy, "num_workers", DEFAULT.minWorkers);
            return new ClusterSize(workers, workers, false);
        }
        long min = bounded(policy, "autoscale.min_workers", DEFAULT.minWorkers);
        long max = bounded(policy, "autoscale.max_workers", DEFAULT.maxWorkers);
        return new ClusterSize(min, Math.max(min, max), true);
    }

    /** Driver and workers at the largest size: what a cost estimate counts (an upper bound while autoscaling). */
    public long maxNodes() {
        return maxWorkers + 1;
    }

    private static boolean forbidden(ClusterPolicyConfig policy, String attribute) {
        return policy.rule(attribute).map(rule -> "forbidden".equals(rule.path("type").asText())).orElse(false);
    }

    // The policy's fixed value or default, else ours, kept inside the policy's range.
    private static long bounded(ClusterPolicyConfig policy, String attribute, long ours) {
        long value = policy.fixedOrDefault(attribute).filter(JsonNode::canConvertToLong).map(JsonNode::asLong).orElse(ours);
        Optional<JsonNode> rule = policy.rule(attribute);
        if (rule.isPresent() && "range".equals(rule.get().path("type").asText())) {
            if (rule.get().has("minValue")) {
                value = Math.max(value, (long) Math.ceil(rule.get().get("minValue").asDouble()));
            }
            if (rule.get().has("maxValue")) {
                value = Math.min(value, (long) Math.floor(rule.get().get("maxValue").asDouble()));
            }
        }
        return Math.max(0, value);
    }
}
