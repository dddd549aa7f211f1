package dev.controlplane.domain.replication;

import java.util.Optional;

/**
 * The full-object checksum of a stored object, for the comparisons a size and an ETag cannot settle (an object
 * uploaded in parts by another tool, or encrypted with SSE-KMS, has an ETag that is not the MD5 of its bytes).
 */
@FunctionalInterface
public interface ChecksumLookup {

    /** Never consulted: every undecided comparison counts as changed and is copied. */
    ChecksumLookup NONE = (bucket, key) -> Optional.empty();

    /**
     * @return {@code ALGORITHM:value} (e.g. {@code CRC64NVME:...}) of the whole object, or empty when the store has
     *         none or only a checksum of parts
     */
    Optional<String> fullObjectChecksum(String bucket, String key);
}
