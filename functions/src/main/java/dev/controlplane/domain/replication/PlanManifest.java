package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.ReplicationMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A written plan: what it found and where its batches are.
 *
 * @param runFolder        the plan bucket's folder of this run, ending with {@code /}
 * @param copyBatchKeys    the batch files of copies, in key order
 * @param deleteBatchKeys  the files of target keys to delete, up to 1,000 keys each (mirror mode)
 */
public record PlanManifest(String dataset, String runId, Instant plannedAt, DatasetLocation source,
        DatasetLocation target, ReplicationMode mode, long copies, long copyBytes, long deletes, long skippedObjects,
        long skippedBytes, long excludedObjects, String runFolder, List<String> copyBatchKeys,
        List<String> deleteBatchKeys) {

    public PlanManifest {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plannedAt, "plannedAt");
        copyBatchKeys = List.copyOf(copyBatchKeys);
        deleteBatchKeys = List.copyOf(deleteBatchKeys);
    }
}
