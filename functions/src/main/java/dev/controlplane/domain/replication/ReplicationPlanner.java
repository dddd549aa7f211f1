package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.ReplicationMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the listings of a dataset's source and target into a {@link ReplicationPlan}. It reads nothing but the
 * listings (and, for undecided pairs, checksums), so a run that died half-way is resumed by planning again: what
 * was copied is now the same and skipped, what was not is copied. See {@link ObjectComparison} for how objects are
 * compared.
 *
 * <p>Only selected keys are managed: a target key outside the globs is never deleted, even in mirror mode.
 */
public final class ReplicationPlanner {

    private static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

    private final DatasetLocation source;
    private final DatasetLocation target;
    private final ReplicationMode mode;
    private final KeySelection selection;
    private final ChecksumLookup checksums;

    public ReplicationPlanner(DatasetLocation source, DatasetLocation target, ReplicationMode mode,
            KeySelection selection, ChecksumLookup checksums) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.checksums = Objects.requireNonNull(checksums, "checksums");
    }

    public static ReplicationPlanner of(DatasetConfig dataset, ChecksumLookup checksums) {
        return new ReplicationPlanner(dataset.source(), dataset.target(), dataset.mode(), KeySelection.of(dataset),
                checksums);
    }

    /** @param sourceObjects and {@code targetObjects}: keys relative to their prefixes, in any order */
    public ReplicationPlan plan(List<ListedObject> sourceObjects, List<ListedObject> targetObjects) {
        List<ListedObject> copies = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        final class Counts {
            long skipped;
            long skippedBytes;
            long excluded;
        }
        Counts counts = new Counts();
        boolean mirror = mode == ReplicationMode.MIRROR;
        ListingJoin.forEachKey(sourceObjects, targetObjects, (inSource, inTarget) -> {
            String key = inSource != null ? inSource.key() : inTarget.key();
            if (inSource == null) {
                if (mirror && selection.selects(key)) {
                    deletes.add(key);
                }
            } else if (!selection.selects(key)) {
                counts.excluded++;
            } else if (inTarget != null && same(inSource, inTarget)) {
                counts.skipped++;
                counts.skippedBytes += inSource.size();
            } else {
                copies.add(inSource);
            }
        });
        copies.sort(Comparator.comparing(ListedObject::key, KEY_ORDER));
        deletes.sort(KEY_ORDER);
        return new ReplicationPlan(copies, deletes, counts.skipped, counts.skippedBytes, counts.excluded);
    }

    private boolean same(ListedObject sourceObject, ListedObject targetObject) {
        return switch (ObjectComparison.of(sourceObject, targetObject)) {
            case SAME -> true;
            case CHANGED -> false;
            case UNDECIDED -> {
                Optional<String> sourceChecksum = checksums.fullObjectChecksum(source.bucket(),
                        source.prefix() + sourceObject.key());
                if (sourceChecksum.isEmpty()) {
                    yield false;
                }
                Optional<String> targetChecksum = checksums.fullObjectChecksum(target.bucket(),
                        target.prefix() + targetObject.key());
                yield sourceChecksum.equals(targetChecksum);
            }
        };
    }
}
