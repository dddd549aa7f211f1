package dev.controlplane.domain.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * What one batch of copies (or of deletes) did.
 *
 * @param failures the first {@value #LISTED_FAILURES} failures; {@code failedObjects} counts them all
 */
public record BatchOutcome(long objects, long bytes, long failedObjects, List<CopyFailure> failures) {

    public static final int LISTED_FAILURES = 20;
    public static final BatchOutcome NONE = new BatchOutcome(0, 0, 0, List.of());

    public BatchOutcome {
        failures = List.copyOf(failures.size() > LISTED_FAILURES ? failures.subList(0, LISTED_FAILURES) : failures);
    }

    public BatchOutcome plus(BatchOutcome other) {
        List<CopyFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new BatchOutcome(objects + other.objects, bytes + other.bytes, failedObjects + other.failedObjects, all);
    }
}
