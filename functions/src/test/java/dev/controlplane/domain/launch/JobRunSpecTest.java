package dev.controlplane.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.config.ClusterPolicyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunSpecTest {

    @TempDir
    Path dir;

    private static ClusterPolicyConfig policy(String extra) {
        return new ClusterPolicyConfig("p", "{\"spark_version\": {\"type\": \"fixed\", \"value\": \"15.4.x-scala2.12\"},"
                + " \"node_type_id\": {\"type\": \"unlimited\", \"defaultValue\": \"m5.large\"}" + extra + "}");
    }

    @Test
    void runHasTagsAccessClusterAndTaskFromTheResolvedRun() {
        LaunchFixtures.Registry registry = new LaunchFixtures.Registry()
                .publish("data-eng/churn/churn", "1.4.0", List.of("dev"), "data-eng/churn/churn/churn-1.4.0.py",
                        "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl");
        ResolvedRun run = new RunResolver(LaunchFixtures.config(dir), registry.in("dev")).resolve(new RunRequest("data-eng", "churn",
                null, "1.4.0", null, List.of("--x", "1"), false, List.of("analysts", "data-eng")));

        JobRunSpec spec = JobRunSpec.of(run, policy(""), "launch-42", Duration.ofHours(2));

        assertThat(spec.customTags()).containsOnly(java.util.Map.entry("team", "data-eng"),
                java.util.Map.entry("project", "churn"), java.util.Map.entry("environment", "dev"),
                java.util.Map.entry("cost_centre", "CC-1042"), java.util.Map.entry("script_version", "1.4.0"));
        assertThat(spec.access()).containsExactly(new RunAccess("data-eng", "CAN_MANAGE_RUN"), new RunAccess("analysts", "CAN_VIEW"));
        assertThat(spec.size()).isEqualTo(ClusterSize.DEFAULT);
        assertThat(spec.sparkVersion()).isEqualTo("15.4.x-scala2.12");
        assertThat(spec.nodeTypeId()).isEqualTo("m5.large");
        assertThat(spec.pythonFile()).endsWith("/data-eng/churn/churn/churn-1.4.0.py");
        assertThat(spec.wheelPath()).endsWith("/churn-1.4.0-py3-none-any.whl");
        assertThat(spec.parameters()).containsExactly("--x", "1");
        assertThat(spec.instanceProfileArn()).isEqualTo("arn:aws:iam::111111111111:instance-profile/data-eng-jobs");
        assertThat(spec.sparkEnvVars()).containsEntry("CONTROLPLANE_READ_ZONES", "raw,curated")
                .containsEntry("CONTROLPLANE_WRITE_ZONE", "curated");
        assertThat(spec.timeoutSeconds()).isEqualTo(7200);
    }

    @Test
    void idempotencyTokenIsStablePerExecutionAndFitsDatabricks() {
        String token = JobRunSpec.idempotencyToken("dev", "launch-42");

        assertThat(token).hasSizeLessThanOrEqualTo(64).isEqualTo(JobRunSpec.idempotencyToken("dev", "launch-42"));
        assertThat(JobRunSpec.idempotencyToken("dev", "launch-43")).isNotEqualTo(token);
        assertThat(JobRunSpec.idempotencyToken("prod", "launch-42")).isNotEqualTo(token);
    }

    @Test
    void clusterIsOneWorkerAutoscalingToTwoUnlessThePolicySaysOtherwise() {
        assertThat(ClusterSize.underPolicy(policy(""))).isEqualTo(new ClusterSize(1, 2, true));
        assertThat(ClusterSize.underPolicy(policy(", \"num_workers\": {\"type\": \"fixed\", \"value\": 3}")))
                .isEqualTo(new ClusterSize(3, 3, false));
        assertThat(ClusterSize.underPolicy(policy(", \"autoscale.max_workers\": {\"type\": \"range\", \"maxValue\": 1}")))
                .isEqualTo(new ClusterSize(1, 1, true));
        assertThat(ClusterSize.underPolicy(policy(", \"autoscale.min_workers\": {\"type\": \"fixed\", \"value\": 2},"
                + " \"autoscale.max_workers\": {\"type\": \"range\", \"maxValue\": 8, \"defaultValue\": 6}")))
                .isEqualTo(new ClusterSize(2, 6, true));
        assertThat(ClusterSize.underPolicy(policy(", \"autoscale.max_workers\": {\"type\": \"forbidden\"}")))
                .isEqualTo(new ClusterSize(1, 1, false));
    }

    @Test
    void costIsNodesTimesHoursTimesRate() {
        DbuRates rates = DbuRates.fromEnvironment(java.util.Map.of("DBU_PRICE_USD", "0.20", "DBU_RATES", "m5.xlarge=1.0, x1=3"));

        assertThat(rates.estimate("m5.xlarge", 3, Duration.ofMinutes(30))).isEqualTo(new CostEstimate(1.5, 0.3));
        assertThat(rates.estimate("x1", 1, Duration.ofHours(1))).isEqualTo(new CostEstimate(3.0, 0.6));
        assertThat(rates.estimate("m5.2xlarge", 1, Duration.ofHours(1))).as("default kept").isEqualTo(new CostEstimate(1.37, 0.274));
        assertThat(DbuRates.defaults().estimate("unknown.type", 2, Duration.ofHours(1))).isEqualTo(new CostEstimate(2.0, 0.3));
    }
}
