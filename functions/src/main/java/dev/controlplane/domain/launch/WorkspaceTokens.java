package dev.controlplane.domain.launch;

/** Where a workspace's token comes from, by the secret id the team config names. */
@FunctionalInterface
public interface WorkspaceTokens {

    String token(String secretId);
}
