package dev.controlplane.domain.publish;

/**
 * What an artifact bucket says about an object it holds.
 *
 * @param sha256      the {@code sha256} user metadata publishing recorded, null when the object has none
 * @param contentType null when the object has none
 * @param versionId   the object's current version, null when the bucket keeps no versions
 */
public record StoredObject(long size, String sha256, String contentType, String versionId) {
}
