package dev.controlplane.domain.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code latest} points at in one environment.
 *
 * @param versionOrder sorts like the versions, as plain strings
 */
public record LatestVersion(String version, String versionOrder) {

    public LatestVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(versionOrder, "versionOrder");
    }

    /**
     * The latest-move rule: {@code latest} only moves forward. A release moves it when there is none yet or the
     * current one is not newer (the same version again moves it, so a repeated release is harmless); releasing
     * an older version (a patch of an old line) keeps the newer latest.
     */
    public static boolean moves(Optional<LatestVersion> current, LatestVersion candidate) {
        return current.isEmpty() || current.get().versionOrder().compareTo(candidate.versionOrder()) <= 0;
    }
}
