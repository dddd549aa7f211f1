package dev.controlplane.domain.index;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.ArtifactNaming;
import dev.controlplane.domain.registry.LatestVersion;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code latest} points at in one environment, as its artifact bucket records it
 * ({@link ArtifactIndexKeys#latest}).
 *
 * @param version      a released (plain) version, e.g. {@code 1.4.0}
 * @param versionOrder {@link dev.controlplane.domain.VersionOrder#of} the version
 * @param movedBy      who moved it, e.g. the execution ARN
 */
public record LatestRecord(String artifact, String version, String versionOrder, Instant movedAt, String movedBy) {

    public static final int FORMAT = 1;

    public LatestRecord {
        ArtifactIndexKeys.folder(artifact);
        ArtifactNaming.requireVersion("latest of " + artifact, version);
        Objects.requireNonNull(versionOrder, "versionOrder");
        Objects.requireNonNull(movedAt, "movedAt");
        Objects.requireNonNull(movedBy, "movedBy");
    }

    /** The pointer, for {@link LatestVersion#moves}. */
    public LatestVersion pointer() {
        return new LatestVersion(version, versionOrder);
    }
}
