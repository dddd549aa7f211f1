package dev.controlplane.domain.launch;

/** A cluster policy as a workspace has it. */
public record WorkspacePolicy(String policyId, String name, String definition, String description) {
}
