package dev.controlplane.domain.launch;

import java.time.Instant;
import java.util.Set;

/**
 * Where a run is, as the workflow polls it.
 *
 * @param resultState null until the run ends
 * @param taskRunId   the run's task run: run output is asked of it, not of the run
 * @param startTime   null before it starts
 * @param endTime     null until it ends
 */
public record RunStatus(long runId, String lifeCycleState, String resultState, String stateMessage, String runPageUrl,
        Long taskRunId, Instant startTime, Instant endTime) {

    private static final Set<String> TERMINAL = Set.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR");

    /** Whether the run will change no more. */
    public boolean terminal() {
        return TERMINAL.contains(lifeCycleState);
    }

    public boolean succeeded() {
        return "SUCCESS".equals(resultState);
    }
}
