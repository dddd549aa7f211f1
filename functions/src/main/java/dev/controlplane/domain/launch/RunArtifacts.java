package dev.controlplane.domain.launch;

import java.util.Optional;

/** What resolving a run reads from the artifact registry. */
public interface RunArtifacts {

    /** The version {@code latest} points at in the environment. */
    Optional<String> latest(String artifact, String environment);

    Optional<PublishedVersion> version(String artifact, String publishedVersion);
}
