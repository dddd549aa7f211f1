package dev.controlplane.domain.publish;

import java.util.Map;
import java.util.Objects;

/**
 * One server-side copy into an artifact bucket, replacing the object's metadata.
 *
 * @param size       the size the copy must have (the validated size)
 * @param metadata   user metadata of the copy, see {@link PublishedMetadata}
 * @param createOnly the copy may only create the key, never replace an object there (a released version's file):
 *                   written with {@code If-None-Match: *}, as the bucket policies of the environments that receive
 *                   promotions require of every write but latest.json's
 */
public record CopyOrder(SourceObject source, String bucket, String key, long size, Map<String, String> metadata,
        boolean createOnly) {

    public CopyOrder {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        metadata = Map.copyOf(metadata);
    }
}
