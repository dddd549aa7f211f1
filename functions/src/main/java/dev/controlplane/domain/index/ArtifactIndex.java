package dev.controlplane.domain.index;

import dev.controlplane.domain.ArtifactIndexKeys;
import java.util.Optional;

/**
 * The index objects of the artifact buckets ({@link ArtifactIndexKeys}). {@code latest.json} is replaced only
 * through a compare-and-swap ({@link #replaceLatest}), so that {@link ArtifactIndexer} can keep it forward-only
 * against concurrent writers.
 */
public interface ArtifactIndex {

    /** Writes (or overwrites) the version's record. */
    void putVersion(String bucket, VersionRecord record);

    Optional<VersionRecord> version(String bucket, String artifact, String publishedVersion);

    /** {@code latest.json} with the tag of the stored object (its ETag), or empty when there is none. */
    Optional<StoredLatest> latest(String bucket, String artifact);

    /**
     * Writes {@code latest.json} only if it is still as last read.
     *
     * @param expectedTag the tag {@link #latest} returned, or null when it found none (then only if there is still none)
     * @return false when another writer changed it in between (nothing was written)
     */
    boolean replaceLatest(String bucket, LatestRecord record, String expectedTag);

    /** {@code latest.json} as stored, with the tag a conditional replace compares. */
    record StoredLatest(LatestRecord record, String tag) {
    }
}
