package dev.controlplane.domain.registry;

import java.util.List;
import java.util.Optional;

/** The registry of published versions and of where {@code latest} points, per artifact {@code {team}/{project}/{script}}. */
public interface ArtifactRegistry {

    Optional<RegisteredVersion> version(String artifact, String publishedVersion);

    /** Marks a registered version released; does nothing when the version is not (or no longer) registered. */
    void markReleased(String artifact, String publishedVersion);

    Optional<LatestVersion> latest(String artifact, String environment);

    /**
     * Points {@code latest} in the environment at the candidate, atomically under {@link LatestVersion#moves}.
     *
     * @param movedBy who moved it, e.g. the execution ARN
     * @return false when a newer latest is there, which stays
     */
    boolean moveLatest(String artifact, String environment, LatestVersion candidate, String movedBy);

    /** The registered versions built from the feature branch with this slug. */
    List<RegisteredVersion> versionsOfBranch(String artifact, String branchSlug);

    /** Forgets a version; a version not registered is no error. */
    void deleteVersion(String artifact, String publishedVersion);
}
