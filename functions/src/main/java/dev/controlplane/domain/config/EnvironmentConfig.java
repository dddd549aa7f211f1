package dev.controlplane.domain.config;

import java.util.Objects;

/**
 * One environment of the promotion chain: its own AWS account, artifact bucket and control plane stack.
 *
 * @param artifactsBucket null means the name template.yaml derives, {@link #derivedArtifactsBucket}
 * @param approvalRequired whether promoting INTO this environment waits for a manual approval
 */
public record EnvironmentConfig(String name, String account, String region, String artifactsBucket,
        boolean approvalRequired) {

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        if (artifactsBucket == null) {
            artifactsBucket = derivedArtifactsBucket(name, account, region);
        }
    }

    /** {@code controlplane-artifacts-{name}-{account}-{region}}, as template.yaml names the bucket. */
    public static String derivedArtifactsBucket(String name, String account, String region) {
        return "controlplane-artifacts-" + name + "-" + account + "-" + region;
    }
}
