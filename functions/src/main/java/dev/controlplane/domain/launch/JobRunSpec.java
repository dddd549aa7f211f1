package dev.controlplane.domain.launch;

import dev.controlplane.domain.config.ClusterPolicyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A one-time Databricks run as the control plane submits it: one spark_python_task on a new job cluster under the
 * team's policy, the wheel as a library, tags for cost observability and the access control list.
 *
 * @param idempotencyToken  the same for every attempt of one execution's submit, so a retried submit starts one run
 * @param sparkVersion      from the policy (fixed value or default), since a job cluster needs one
 * @param nodeTypeId        likewise
 * @param wheelPath         null when the run has no wheel
 * @param timeoutSeconds    Databricks' own timeout of the run; 0 for none
 */
public record JobRunSpec(String runName, String idempotencyToken, String policyName, String sparkVersion,
        String nodeTypeId, ClusterSize size, String instanceProfileArn, Map<String, String> customTags,
        Map<String, String> sparkEnvVars, String pythonFile, List<String> parameters, String wheelPath,
        List<RunAccess> access, long timeoutSeconds) {

    /** Databricks accepts idempotency tokens of at most 64 characters. */
    public static final int MAX_TOKEN = 64;

    public JobRunSpec {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(idempotencyToken, "idempotencyToken");
        Objects.requireNonNull(sparkVersion, "sparkVersion");
        Objects.requireNonNull(nodeTypeId, "nodeTypeId");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(pythonFile, "pythonFile");
        customTags = Map.copyOf(customTags);
        sparkEnvVars = Map.copyOf(sparkEnvVars);
        parameters = List.copyOf(parameters);
        access = List.copyOf(access);
    }

    /**
     * @param executionName the workflow execution's name, unique per launch: the idempotency token comes from it
     * @param timeout       the run's own timeout at Databricks (the workflow's overall timeout cancels too)
     */
    public static JobRunSpec of(ResolvedRun run, ClusterPolicyConfig policy, String executionName, Duration timeout) {
        Objects.requireNonNull(executionName, "executionName");
        String sparkVersion = policy.fixedOrDefault("spark_version").map(node -> node.asText()).orElseThrow(() ->
                new IllegalStateException("policy " + policy.name() + " gives no spark_version; the config loader requires one"));
        String nodeType = policy.fixedOrDefault("node_type_id").map(node -> node.asText()).orElseThrow(() ->
                new IllegalStateException("policy " + policy.name() + " gives no node_type_id; the config loader requires one"));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", run.team());
        tags.put("project", run.project());
        tags.put("environment", run.environment());
        tags.put("cost_centre", run.costCentre());
        tags.put("script_version", run.scriptVersion());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONTROLPLANE_ENVIRONMENT", run.environment());
        env.put("CONTROLPLANE_READ_ZONES", String.join(",", run.readZones()));
        env.put("CONTROLPLANE_WRITE_ZONE", run.writeZone());
        env.put("CONTROLPLANE_DATA_SHARING", Boolean.toString(run.useDataSharing()));
        List<RunAccess> access = new ArrayList<>();
        access.add(new RunAccess(run.teamGroup(), RunAccess.MANAGE_RUN));
        run.viewGroups().stream().filter(group -> !group.equals(run.teamGroup()))
                .forEach(group -> access.add(new RunAccess(group, RunAccess.VIEW)));
        String runName = run.team() + "/" + run.project() + "/" + run.script() + " " + run.scriptVersion();
        return new JobRunSpec(runName, idempotencyToken(run.environment(), executionName), run.policyName(), sparkVersion,
                nodeType, ClusterSize.underPolicy(policy), run.instanceProfileArn(), tags, env, run.scriptPath(),
                run.parameters(), run.wheelPath(), access, Math.max(0, timeout.toSeconds()));
    }

    /** {@code cp-} and 60 hex digits of SHA-256 over environment and execution name: stable, and within 64 characters. */
    public static String idempotencyToken(String environment, String executionName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((environment + "/" + executionName).getBytes(StandardCharsets.UTF_8));
            return "cp-" + HexFormat.of().formatHex(digest).substring(0, MAX_TOKEN - 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
