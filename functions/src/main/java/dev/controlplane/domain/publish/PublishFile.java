package dev.controlplane.domain.publish;

import java.util.Objects;

/**
 * One file of a build to publish, as validated.
 *
 * @param name   the manifest's name for it, e.g. {@code churn.py}
 * @param key    where it is published, e.g. {@code data-eng/churn/churn/churn-1.4.0.py}
 * @param sha256 lower-case hex SHA-256 of its bytes
 * @param size   its size in bytes
 */
public record PublishFile(String name, String key, String sha256, long size, SourceObject source) {

    public PublishFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        if (size < 0) {
            throw new IllegalArgumentException("size of " + key + " is " + size + "; expected a byte count >= 0");
        }
    }

    /** The name it is published under, the last segment of its key, e.g. {@code churn-1.4.0.py}. */
    public String publishedName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
