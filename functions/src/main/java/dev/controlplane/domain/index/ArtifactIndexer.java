package dev.controlplane.domain.index;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.index.ArtifactIndex.StoredLatest;
import dev.controlplane.domain.publish.PublishRequest;
import dev.controlplane.domain.registry.LatestVersion;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps an environment's artifact bucket index in step with what promote-artifact does there: a version's record
 * once its files are published, and {@code latest.json} moved forward only (never back to a lower version order,
 * as the registry's conditional write), by compare-and-swap so that concurrent releases cannot move it back.
 */
public final class ArtifactIndexer {

    /** Compare-and-swap attempts before giving up; each lost attempt means another writer moved latest meanwhile. */
    static final int MAX_ATTEMPTS = 8;

    private final ArtifactIndex index;
    private final Clock clock;

    public ArtifactIndexer(ArtifactIndex index, Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records a version whose files have just been published into the request's bucket. A record of the same
     * files stays as it is (its first publication time with it), so a retried or repeated publish writes nothing.
     *
     * @return true when the record was written
     */
    public boolean recordVersion(PublishRequest request) {
        VersionRecord record = VersionRecord.of(request, clock.instant());
        Optional<VersionRecord> recorded = index.version(request.bucket(), request.artifact(), request.publishedVersion());
        if (recorded.isPresent() && recorded.get().sameFiles(record)) {
            return false;
        }
        index.putVersion(request.bucket(), record);
        return true;
    }

    /**
     * Points {@code latest.json} at the version unless a newer version is latest there.
     *
     * @param movedBy recorded with it, e.g. the execution ARN
     * @throws IllegalStateException when the bucket has no record of the version (latest never points at a version
     *         the environment cannot resolve), or when other writers kept moving it through every attempt
     */
    public LatestIndexed moveLatest(LatestMove move, String movedBy) {
        return move(move, movedBy, false);
    }

    /**
     * Points {@code latest.json} back at an older version: a rollback the registry has recorded, the one move that
     * goes backward. Still a compare-and-swap on the object as read, so a concurrent writer is never overwritten blind.
     */
    public LatestIndexed rollBackLatest(LatestMove move, String movedBy) {
        return move(move, movedBy, true);
    }

    private LatestIndexed move(LatestMove move, String movedBy, boolean backward) {
        String order = VersionOrder.of(move.version());
        LatestRecord candidate = new LatestRecord(move.artifact(), move.version(), order, clock.instant(), movedBy);
        if (index.version(move.bucket(), move.artifact(), move.version()).isEmpty()) {
            throw new IllegalStateException("latest of " + move.artifact() + " in " + move.environment() + " cannot move to "
                    + move.version() + ": s3://" + move.bucket() + "/" + ArtifactIndexKeys.versionRecord(move.artifact(), move.version())
                    + " does not exist; expected the version published into that bucket first (a version published before"
                    + " the bucket had an index needs publishing again)");
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<StoredLatest> current = index.latest(move.bucket(), move.artifact());
            Optional<LatestVersion> pointer = current.map(stored -> stored.record().pointer());
            if (!backward && !LatestVersion.moves(pointer, candidate.pointer())) {
                return new LatestIndexed(move.artifact(), move.environment(), move.version(), false, pointer.get().version());
            }
            if (pointer.isPresent() && pointer.get().equals(candidate.pointer())) {
                return new LatestIndexed(move.artifact(), move.environment(), move.version(), true, move.version());
            }
            if (index.replaceLatest(move.bucket(), candidate, current.map(StoredLatest::tag).orElse(null))) {
                return new LatestIndexed(move.artifact(), move.environment(), move.version(), true, move.version());
            }
        }
        throw new IllegalStateException("latest of " + move.artifact() + " in " + move.environment() + " (s3://"
                + move.bucket() + "/" + ArtifactIndexKeys.latest(move.artifact()) + ") changed under each of "
                + MAX_ATTEMPTS + " attempts to move it to " + move.version() + "; retry the step");
    }
}
