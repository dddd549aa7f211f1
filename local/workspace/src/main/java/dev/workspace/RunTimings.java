package dev.workspace;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each stage of a run (and of a cluster, and of a SQL statement) lasts in the local
 * workspace. Tests use {@link #instant()}; a person trying a workflow may prefer a few seconds.
 *
 * @param queued time in QUEUED before PENDING (zero: the run starts in PENDING)
 * @param clusterStart time in PENDING while the cluster starts
 * @param running time in RUNNING when the python file is not executed
 * @param terminating time in TERMINATING while the cluster is cleaned up
 * @param statement time a SQL statement takes to finish
 */
public record RunTimings(Duration queued, Duration clusterStart, Duration running, Duration terminating,
        Duration statement) {

    public RunTimings {
        for (Duration d : new Duration[] {queued, clusterStart, running, terminating, statement}) {
            Objects.requireNonNull(d, "every duration is required");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations cannot be negative, got " + d);
            }
        }
    }

    /** Every stage is immediate: runs still pass through every state, each for no time at all. */
    public static RunTimings instant() {
        return new RunTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** Short but visible stages, for trying a workflow by hand. */
    public static RunTimings seconds() {
        return new RunTimings(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }
}
