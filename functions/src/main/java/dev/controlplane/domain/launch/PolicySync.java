package dev.controlplane.domain.launch;

import dev.controlplane.domain.config.ClusterPolicyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Makes a workspace's policy what the config says. The description records the digest of the definition last
 * written, so a definition that differs from it was edited by hand (drift), while one that still matches it was
 * written by an earlier config (an update).
 */
public final class PolicySync {

    /** What syncing one policy did. */
    public enum Outcome { CREATED, UNCHANGED, UPDATED, DRIFT_REVERTED }

    /**
     * @param workspaceDefinition the definition found in the workspace, null when the policy was created
     */
    public record Result(String team, String policyName, String policyId, Outcome outcome, String workspaceDefinition) {
    }

    private static final String MARKER = "definition sha256 ";

    private final WorkspacePolicies policies;

    public PolicySync(WorkspacePolicies policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    public Result sync(String team, ClusterPolicyConfig wanted) {
        String description = "Managed by the control plane from config/teams/" + team + ".json; edits are put back. "
                + MARKER + digest(wanted.definition());
        WorkspacePolicy found = policies.byName(wanted.name()).orElse(null);
        if (found == null) {
            String id = policies.create(wanted.name(), wanted.definition(), description);
            return new Result(team, wanted.name(), id, Outcome.CREATED, null);
        }
        String actual = canonicalOrRaw(found.definition());
        if (actual.equals(wanted.definition()) && description.equals(found.description())) {
            return new Result(team, wanted.name(), found.policyId(), Outcome.UNCHANGED, null);
        }
        boolean writtenByUs = found.description() != null && found.description().endsWith(MARKER + digest(actual));
        policies.edit(found.policyId(), wanted.name(), wanted.definition(), description);
        return new Result(team, wanted.name(), found.policyId(), writtenByUs ? Outcome.UPDATED : Outcome.DRIFT_REVERTED,
                found.definition());
    }

    private static String canonicalOrRaw(String definition) {
        try {
            return ClusterPolicyConfig.canonical(definition == null ? "{}" : definition);
        } catch (IllegalArgumentException notJson) {
            return String.valueOf(definition);
        }
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
