package dev.controlplane.domain.registry;

/** Where an execution of a workflow stands, as DescribeExecution reports it; {@link #GONE} when it has none. */
public enum ExecutionState {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, GONE;

    /** Still able to act: running, or about to run again (a redrive has been asked for). */
    public boolean live() {
        return this == RUNNING || this == PENDING_REDRIVE;
    }
}
