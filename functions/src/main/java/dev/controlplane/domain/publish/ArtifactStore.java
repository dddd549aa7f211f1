package dev.controlplane.domain.publish;

import java.util.List;
import java.util.Optional;

/** The artifact buckets, as publishing and retiring need them. */
public interface ArtifactStore {

    /** The object at {@code bucket/key}, or empty when there is none. */
    Optional<StoredObject> describe(String bucket, String key);

    /** Copies server-side; Content-Type as {@link PublishedContentType#choose} says for the source. */
    void copy(CopyOrder order);

    /** Every key under the prefix, in the store's (lexicographic) order. */
    List<String> keysUnder(String bucket, String prefix);

    /** Deletes the keys; keys that are already gone are no error. */
    void delete(String bucket, List<String> keys);
}
