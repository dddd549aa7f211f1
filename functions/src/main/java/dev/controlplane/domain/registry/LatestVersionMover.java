package dev.controlplane.domain.registry;

import dev.controlplane.domain.VersionNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Releases a version: for every script that registered it, marks it released and moves {@code latest} forward to
 * it in every environment it is published in (never back past a newer release).
 */
public final class LatestVersionMover {

    private final ArtifactRegistry registry;

    public LatestVersionMover(ArtifactRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param movedBy recorded on each move, e.g. the execution ARN
     * @throws VersionNotFoundException when no script of the project registered the version
     */
    public LatestMoves release(Release release, String movedBy) {
        List<LatestMoves.Moved> moved = new ArrayList<>();
        List<LatestMoves.Kept> kept = new ArrayList<>();
        boolean found = false;
        for (String script : release.scripts()) {
            String artifact = release.artifact(script);
            // Releases are default-branch builds, registered under the plain version.
            Optional<RegisteredVersion> registered = registry.version(artifact, release.version());
            if (registered.isEmpty()) {
                continue;
            }
            found = true;
            registry.markReleased(artifact, release.version());
            LatestVersion candidate = new LatestVersion(release.version(), registered.get().versionOrder());
            for (String environment : registered.get().environments()) {
                Optional<LatestVersion> current = registry.latest(artifact, environment);
                if (LatestVersion.moves(current, candidate) && registry.moveLatest(artifact, environment, candidate, movedBy)) {
                    moved.add(new LatestMoves.Moved(script, environment, release.version()));
                } else {
                    // Re-read: a concurrent release may have moved it since the first read.
                    String latest = registry.latest(artifact, environment).map(LatestVersion::version)
                            .orElse(current.map(LatestVersion::version).orElse(null));
                    kept.add(new LatestMoves.Kept(script, environment, release.version(), latest));
                }
            }
        }
        if (!found) {
            throw new VersionNotFoundException(release.repository(), release.version(),
                    release.scripts().stream().map(release::artifact).toList());
        }
        return new LatestMoves(moved, kept);
    }
}
