package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.AwsAttributes;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.jobs.Run;
import dev.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@IntegrationTest
class ClusterPolicyEnforcementTest {
    private static LocalWorkspace workspace;
    private static WorkspaceClient client;
    private static int policies;

    @BeforeAll
    static void start() {
        workspace = Sdk.workspace();
        client = Sdk.client(workspace);
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    private static String policy(String definition) {
        return client.clusterPolicies()
                .create(new CreatePolicy().setName("team-policy-" + ++policies).setDefinition(definition))
                .getPolicyId();
    }

    private static Run submitted(ClusterSpec cluster) {
        long runId = Sdk.submit(client, Sdk.pythonRun(cluster, "/tmp/job.py"));
        return client.jobs().getRun(runId);
    }

    private static ClusterSpec submittedCluster(ClusterSpec cluster) {
        return submitted(cluster).getTasks().iterator().next().getNewCluster();
    }

    private static void assertRefused(ClusterSpec cluster, String message) {
        assertThatThrownBy(() -> Sdk.submit(client, Sdk.pythonRun(cluster, "/tmp/job.py")))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidParameterValue) e).getErrorCode())
                        .isEqualTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void fixedValueIsAppliedWhenOmittedAndAcceptedWhenEqual() {
        String id = policy("{\"aws_attributes.instance_profile_arn\": {\"type\": \"fixed\","
                + " \"value\": \"arn:aws:iam::1:instance-profile/team-a\"}}");

        ClusterSpec applied = submittedCluster(Sdk.cluster().setPolicyId(id));
        ClusterSpec given = submittedCluster(Sdk.cluster().setPolicyId(id)
                .setAwsAttributes(new AwsAttributes().setInstanceProfileArn("arn:aws:iam::1:instance-profile/team-a")));

        assertThat(applied.getAwsAttributes().getInstanceProfileArn()).isEqualTo("arn:aws:iam::1:instance-profile/team-a");
        assertThat(given.getAwsAttributes().getInstanceProfileArn()).isEqualTo("arn:aws:iam::1:instance-profile/team-a");
    }

    @Test
    void fixedValueRefusesAnotherValue() {
        String id = policy("{\"custom_tags.team\": {\"type\": \"fixed\", \"value\": \"team-a\"}}");

        assertRefused(Sdk.cluster().setPolicyId(id).setCustomTags(Map.of("team", "team-b")),
                "Cluster validation error: Validation failed for custom_tags.team, the value must be team-a"
                        + " (is \"team-b\")");
    }

    @Test
    void forbiddenAttributeIsRefusedWhenPresentAndAcceptedWhenAbsent() {
        String id = policy("{\"num_workers\": {\"type\": \"forbidden\"}}");

        assertRefused(Sdk.cluster().setPolicyId(id),
                "Cluster validation error: Validation failed for num_workers, the value cannot be present");
        ClusterSpec accepted = submittedCluster(Sdk.cluster().setNumWorkers(null).setPolicyId(id)
                .setAutoscale(new AutoScale().setMinWorkers(1L).setMaxWorkers(2L)));
        assertThat(accepted.getAutoscale().getMaxWorkers()).isEqualTo(2L);
    }

    @Test
    void allowlistAcceptsListedValuesAndRefusesOthers() {
        String id = policy("{\"node_type_id\": {\"type\": \"allowlist\", \"values\": [\"m5.large\", \"m5.xlarge\"]}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(id)).getNodeTypeId()).isEqualTo("m5.large");
        assertRefused(Sdk.cluster().setPolicyId(id).setNodeTypeId("r5.24xlarge"),
                "Cluster validation error: Validation failed for node_type_id, the value must be one of"
                        + " [m5.large, m5.xlarge] (is \"r5.24xlarge\")");
    }

    @Test
    void blocklistRefusesListedValuesAndAcceptsOthers() {
        String id = policy("{\"spark_version\": {\"type\": \"blocklist\", \"values\": [\"7.3.x-scala2.12\"]}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(id)).getSparkVersion()).isEqualTo("15.4.x-scala2.12");
        assertRefused(Sdk.cluster().setPolicyId(id).setSparkVersion("7.3.x-scala2.12"),
                "Cluster validation error: Validation failed for spark_version, the value cannot be one of"
                        + " [7.3.x-scala2.12] (is \"7.3.x-scala2.12\")");
    }

    @Test
    void rangeAcceptsValuesWithinItsBoundsAndRefusesValuesOutside() {
        String id = policy("{\"autoscale.max_workers\": {\"type\": \"range\", \"minValue\": 1, \"maxValue\": 2}}");
        ClusterSpec autoscaling = Sdk.cluster().setNumWorkers(null).setPolicyId(id);

        assertThat(submittedCluster(autoscaling.setAutoscale(new AutoScale().setMinWorkers(1L).setMaxWorkers(2L)))
                .getAutoscale().getMaxWorkers()).isEqualTo(2L);
        assertRefused(autoscaling.setAutoscale(new AutoScale().setMinWorkers(1L).setMaxWorkers(8L)),
                "Cluster validation error: Validation failed for autoscale.max_workers, the value must be at most 2"
                        + " (is 8)");
        assertRefused(autoscaling.setAutoscale(new AutoScale().setMinWorkers(0L).setMaxWorkers(0L)),
                "Cluster validation error: Validation failed for autoscale.max_workers, the value must be at least 1"
                        + " (is 0)");
    }

    @Test
    void regexMustMatchTheWholeValue() {
        String id = policy("{\"spark_version\": {\"type\": \"regex\", \"pattern\": \"1[45]\\\\.[0-9]+\\\\.x-scala.*\"}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(id)).getSparkVersion()).isEqualTo("15.4.x-scala2.12");
        assertRefused(Sdk.cluster().setPolicyId(id).setSparkVersion("beta-15.4.x-scala2.12"),
                "Cluster validation error: Validation failed for spark_version, the value must match the regular"
                        + " expression 1[45]\\.[0-9]+\\.x-scala.* (is \"beta-15.4.x-scala2.12\")");
    }

    @Test
    void unlimitedAcceptsAnyValueButStillRequiresOneUnlessOptional() {
        String required = policy("{\"autotermination_minutes\": {\"type\": \"unlimited\"}}");
        String optional = policy("{\"autotermination_minutes\": {\"type\": \"unlimited\", \"isOptional\": true}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(required).setAutoterminationMinutes(99999L))
                .getAutoterminationMinutes()).isEqualTo(99999L);
        assertRefused(Sdk.cluster().setPolicyId(required),
                "Cluster validation error: Validation failed for autotermination_minutes, the value must be present");
        assertThat(submittedCluster(Sdk.cluster().setPolicyId(optional)).getAutoterminationMinutes()).isNull();
    }

    @Test
    void defaultValueFillsAnOmittedAttributeOnlyWhenTheSpecAsksForPolicyDefaults() {
        String id = policy("{\"autoscale.max_workers\": {\"type\": \"range\", \"maxValue\": 4, \"defaultValue\": 2},"
                + " \"autoscale.min_workers\": {\"type\": \"fixed\", \"value\": 1}}");
        ClusterSpec autoscaling = Sdk.cluster().setNumWorkers(null).setPolicyId(id);

        ClusterSpec defaulted = submittedCluster(autoscaling.setApplyPolicyDefaultValues(true));

        assertThat(defaulted.getAutoscale().getMinWorkers()).isEqualTo(1L);
        assertThat(defaulted.getAutoscale().getMaxWorkers()).isEqualTo(2L);
        assertRefused(autoscaling.setApplyPolicyDefaultValues(false),
                "Cluster validation error: Validation failed for autoscale.max_workers, the value must be present");
    }

    @Test
    void isOptionalLetsALimitedAttributeBeOmittedButStillChecksAGivenValue() {
        String id = policy("{\"custom_tags.cost_centre\": {\"type\": \"regex\", \"pattern\": \"CC-[0-9]+\","
                + " \"isOptional\": true}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(id)).getCustomTags()).isNull();
        assertRefused(Sdk.cluster().setPolicyId(id).setCustomTags(Map.of("cost_centre", "finance")),
                "Cluster validation error: Validation failed for custom_tags.cost_centre, the value must match the"
                        + " regular expression CC-[0-9]+ (is \"finance\")");
    }

    @Test
    void everyViolationIsReportedTogether() {
        String id = policy("{\"node_type_id\": {\"type\": \"allowlist\", \"values\": [\"m5.large\"]},"
                + " \"num_workers\": {\"type\": \"range\", \"maxValue\": 2}}");

        assertRefused(Sdk.cluster().setPolicyId(id).setNodeTypeId("i3.xlarge").setNumWorkers(9L),
                "Cluster validation error: Validation failed for node_type_id, the value must be one of [m5.large]"
                        + " (is \"i3.xlarge\"); Validation failed for num_workers, the value must be at most 2 (is 9)");
    }

    @Test
    void sparkConfKeysWithDotsAreOneAttribute() {
        String id = policy("{\"spark_conf.spark.databricks.cluster.profile\": {\"type\": \"fixed\","
                + " \"value\": \"serverless\"}}");

        ClusterSpec applied = submittedCluster(Sdk.cluster().setPolicyId(id));

        assertThat(applied.getSparkConf()).containsEntry("spark.databricks.cluster.profile", "serverless");
    }

    @Test
    void clusterTypeJobPolicyRefusesAnAllPurposeCluster() {
        String id = policy("{\"cluster_type\": {\"type\": \"fixed\", \"value\": \"job\"}}");

        assertThat(submittedCluster(Sdk.cluster().setPolicyId(id)).getPolicyId()).isEqualTo(id);
        assertThatThrownBy(() -> client.clusters().create(new CreateCluster().setSparkVersion("15.4.x-scala2.12")
                        .setNodeTypeId("m5.large").setNumWorkers(1L).setPolicyId(id)))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("Cluster validation error: Validation failed for cluster_type, the value must be job"
                        + " (is \"all-purpose\")");
    }

    @Test
    void aMalformedRuleIsRefusedAtCreateNamingItsAttribute() {
        assertThatThrownBy(() -> policy("{\"node_type_id\": {\"type\": \"allowlist\"}}"))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("Invalid policy definition for attribute node_type_id: an allowlist rule needs a"
                        + " non-empty \"values\" array");
        assertThatThrownBy(() -> policy("{\"node_type_id\": {\"type\": \"sometimes\"}}"))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessageContaining("attribute node_type_id: unknown type \"sometimes\"");
    }

    @Test
    void anEditedPolicyIsEnforcedFromTheNextRequest() {
        String id = policy("{\"num_workers\": {\"type\": \"range\", \"maxValue\": 1}}");
        submittedCluster(Sdk.cluster().setPolicyId(id));

        client.clusterPolicies().edit(new EditPolicy().setPolicyId(id).setName("edited-" + id)
                .setDefinition("{\"num_workers\": {\"type\": \"range\", \"minValue\": 2}}"));

        assertThat(client.clusterPolicies().get(id).getDefinition()).contains("minValue");
        assertRefused(Sdk.cluster().setPolicyId(id),
                "Cluster validation error: Validation failed for num_workers, the value must be at least 2 (is 1)");
    }

    @Test
    void policiesAreListedAndADeletedPolicyCanNoLongerBeUsed() {
        String id = policy("{}");
        assertThat(client.clusterPolicies().list(new ListClusterPoliciesRequest()))
                .anySatisfy(p -> assertThat(p.getPolicyId()).isEqualTo(id));

        client.clusterPolicies().delete(id);

        assertThatThrownBy(() -> client.clusterPolicies().get(id))
                .hasMessage("Can't find a cluster policy with id: " + id + ".");
        assertRefused(Sdk.cluster().setPolicyId(id), "Cluster policy " + id + " does not exist");
    }
}
