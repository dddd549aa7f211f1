package dev.controlplane.domain.github;

/** Starts the promote-artifact workflow for an action; starts only, never waits for the outcome. */
public interface WorkflowStarter {

    /** An execution that was started, or found already started under the same name. */
    record StartedExecution(String executionName, String executionArn, boolean alreadyStarted) {
    }

    /**
     * Idempotent per payload: the execution is named {@link DeliveryIdentity#executionName()}, so starting the
     * same signed body again (whatever its delivery id) finds the first execution.
     */
    StartedExecution start(WorkflowAction action, DeliveryIdentity delivery);
}
