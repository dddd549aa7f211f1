package dev.controlplane.domain.publish;

import java.util.List;
import java.util.Objects;

/**
 * A build's files to publish into one environment's artifact bucket.
 *
 * @param environment      the environment's name, e.g. {@code prod}
 * @param bucket           its artifact bucket
 * @param immutable        true for a default-branch version, whose bytes may never change once published
 * @param artifact         the registry artifact, {@code {team}/{project}/{script}}
 * @param publishedVersion {@code 1.4.0}, or {@code 1.4.0-feature-login} for a feature build
 * @param commit           the git commit the build came from, null when unknown
 */
public record PublishRequest(List<PublishFile> files, String environment, String bucket, boolean immutable,
        String artifact, String publishedVersion, String commit) {

    public PublishRequest {
        files = List.copyOf(files);
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(publishedVersion, "publishedVersion");
    }
}
