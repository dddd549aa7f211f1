package dev.controlplane.domain.index;

/**
 * What moving {@code latest.json} in one environment's bucket did.
 *
 * @param moved  true when it now points at the version (also when it already did)
 * @param latest the version it points at now: the version, or the newer one it kept
 */
public record LatestIndexed(String artifact, String environment, String version, boolean moved, String latest) {
}
