package dev.controlplane.domain.registry;

import java.util.List;

/**
 * What releasing a version did to {@code latest}.
 *
 * @param moved where it now points at the version
 * @param kept  where a newer latest stays
 */
public record LatestMoves(List<Moved> moved, List<Kept> kept) {

    public LatestMoves {
        moved = List.copyOf(moved);
        kept = List.copyOf(kept);
    }

    public record Moved(String script, String environment, String version) {
    }

    /** @param latest the newer version {@code latest} keeps pointing at */
    public record Kept(String script, String environment, String version, String latest) {
    }
}
