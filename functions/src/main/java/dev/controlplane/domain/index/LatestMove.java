package dev.controlplane.domain.index;

import java.util.Objects;

/**
 * {@code latest} of an artifact moving to a released version in one environment's artifact bucket, after the
 * registry moved it there.
 *
 * @param artifact {@code {team}/{project}/{script}}
 * @param version  the released (plain) version
 */
public record LatestMove(String artifact, String version, String environment, String bucket) {

    public LatestMove {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(bucket, "bucket");
    }
}
