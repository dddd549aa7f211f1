package dev.controlplane.domain.launch;

import java.util.Optional;

/** The cluster policies of one workspace. */
public interface WorkspacePolicies {

    Optional<WorkspacePolicy> byName(String name);

    /** @return the new policy's id */
    String create(String name, String definition, String description);

    void edit(String policyId, String name, String definition, String description);
}
