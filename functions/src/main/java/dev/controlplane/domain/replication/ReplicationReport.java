package dev.controlplane.domain.replication;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a run of a dataset's replication did, and whether the target now matches the source.
 *
 * @param skippedObjects   selected source objects the target already held when the run planned
 * @param failedObjects    copies and deletes that failed after their retries
 * @param tableFailures    the table clones that did not succeed, with Databricks' message
 * @param remainingCopies  what a fresh comparison after the run would still copy (0 when in sync)
 * @param remainingDeletes what it would still delete (mirror mode; 0 when in sync)
 * @param duration         from planning to verification
 */
public record ReplicationReport(String dataset, String runId, long copiedObjects, long copiedBytes,
        long deletedObjects, long skippedObjects, long skippedBytes, long failedObjects, List<CopyFailure> failures,
        long tablesCloned, List<TableCloneResult> tableFailures, long remainingCopies, long remainingDeletes,
        Duration duration) {

    public ReplicationReport {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(runId, "runId");
        failures = List.copyOf(failures);
        tableFailures = List.copyOf(tableFailures);
        Objects.requireNonNull(duration, "duration");
    }

    public boolean inSync() {
        return remainingCopies == 0 && remainingDeletes == 0;
    }

    /** In sync, nothing failed and every table cloned: what a run is for. */
    public boolean complete() {
        return inSync() && failedObjects == 0 && tableFailures.isEmpty();
    }
}
