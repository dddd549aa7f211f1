package dev.controlplane.domain.publish;

import java.util.List;
import java.util.Optional;

/** The artifact buckets, as publishing and retiring need them. */
public interface ArtifactStore {

    /** The object at {@code bucket/key}, or empty when there is none. */
    Optional<StoredObject> describe(String bucket, String key);

    /**
     * Copies server-side, from the source's version when it names one; Content-Type as
     * {@link PublishedContentType#choose} says for the source.
     *
     * @return the version the copy is in the target bucket, null when that bucket keeps no versions
     */
    String copy(CopyOrder order);

    /** The lower-case hex SHA-256 of the source's bytes (of its version when it names one), read through. */
    String sha256(SourceObject source);

    /** Every key under the prefix, in the store's (lexicographic) order. */
    List<String> keysUnder(String bucket, String prefix);

    /** Deletes the keys; keys that are already gone are no error. */
    void delete(String bucket, List<String> keys);
}
