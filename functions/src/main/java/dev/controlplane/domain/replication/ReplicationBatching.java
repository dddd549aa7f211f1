package dev.controlplane.domain.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a plan's copies into batches of at most {@code maxObjects} objects and {@code maxBytes} bytes, whichever
 * comes first, so each batch fits in one function's time. An object larger than {@code maxBytes} is a batch alone.
 */
public record ReplicationBatching(int maxObjects, long maxBytes) {

    /** A few minutes of server-side copying for one function at the default concurrency. */
    public static final ReplicationBatching DEFAULT = new ReplicationBatching(1_000, 64L * 1024 * 1024 * 1024);
    /** DeleteObjects takes at most 1,000 keys. */
    public static final int DELETE_BATCH = 1_000;

    public ReplicationBatching {
        if (maxObjects < 1) {
            throw new IllegalArgumentException("maxObjects is " + maxObjects + "; expected 1 or more");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + "; expected 1 or more");
        }
    }

    public List<CopyBatch> batches(List<ListedObject> copies) {
        List<CopyBatch> batches = new ArrayList<>();
        List<ListedObject> current = new ArrayList<>();
        long bytes = 0;
        for (ListedObject object : copies) {
            if (!current.isEmpty() && (current.size() == maxObjects || bytes + object.size() > maxBytes)) {
                batches.add(new CopyBatch(batches.size(), current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(object);
            bytes += object.size();
        }
        if (!current.isEmpty()) {
            batches.add(new CopyBatch(batches.size(), current));
        }
        return batches;
    }

    /** Keys in slices of {@value #DELETE_BATCH}, one DeleteObjects request each. */
    public static List<List<String>> deleteBatches(List<String> keys) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            batches.add(List.copyOf(keys.subList(from, Math.min(from + DELETE_BATCH, keys.size()))));
        }
        return batches;
    }
}
