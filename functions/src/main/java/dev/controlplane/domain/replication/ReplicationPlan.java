package dev.controlplane.domain.replication;

import java.util.List;

/**
 * What a run does: objects to copy (new or changed, sorted by key), target keys to delete (mirror mode only) and
 * what it leaves alone. Keys are relative to the dataset's prefixes.
 *
 * @param skippedObjects selected source objects the target already holds
 * @param excludedObjects source objects outside the dataset's include/exclude globs
 */
public record ReplicationPlan(List<ListedObject> copies, List<String> deletes, long skippedObjects, long skippedBytes,
        long excludedObjects) {

    public ReplicationPlan {
        copies = List.copyOf(copies);
        deletes = List.copyOf(deletes);
    }

    public long copyBytes() {
        return copies.stream().mapToLong(ListedObject::size).sum();
    }

    /** Nothing to copy or delete: the target already mirrors (or contains) the source. */
    public boolean inSync() {
        return copies.isEmpty() && deletes.isEmpty();
    }
}
