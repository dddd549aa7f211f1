package dev.controlplane.domain.replication;

/**
 * An object a batch could not copy, after the retries.
 *
 * @param key    relative to the dataset's prefix
 * @param reason the service's error code and message, or what the check after the copy found
 */
public record CopyFailure(String key, String reason) {
}
