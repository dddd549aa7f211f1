package dev.controlplane.domain.publish;

import java.util.Objects;

/**
 * The object a published file is copied from: the validated inbox object, or the previous environment's copy.
 *
 * @param versionId the object version read at validation, null when the bucket is not versioned
 */
public record SourceObject(String bucket, String key, String versionId) {

    public SourceObject {
        Objects.requireNonNull(bucket, "source bucket");
        Objects.requireNonNull(key, "source key");
    }
}
