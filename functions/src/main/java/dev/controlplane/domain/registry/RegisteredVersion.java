package dev.controlplane.domain.registry;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A version of an artifact in the registry, as publishing registered it.
 *
 * @param artifact         {@code {team}/{project}/{script}}
 * @param publishedVersion {@code 1.4.0}, or {@code 1.4.0-feature-login} for a feature build
 * @param versionOrder     sorts like the versions, as plain strings
 * @param branchSlug       present only for a feature build
 * @param environments     where it is published
 */
public record RegisteredVersion(String artifact, String publishedVersion, String version, String versionOrder,
        Optional<String> branchSlug, boolean released, SortedSet<String> environments) {

    public RegisteredVersion {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(publishedVersion, "publishedVersion");
        Objects.requireNonNull(versionOrder, "versionOrder");
        Objects.requireNonNull(branchSlug, "branchSlug");
        environments = Collections.unmodifiableSortedSet(new TreeSet<>(environments));
    }
}
