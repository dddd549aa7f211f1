package dev.controlplane.domain.registry;

import java.util.Optional;

/** Reads the validated builds the registry holds, per artifact {@code {team}/{project}/{script}} and version. */
public interface RegisteredBuilds {

    Optional<RegisteredBuild> build(String artifact, String publishedVersion);
}
