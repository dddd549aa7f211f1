package dev.controlplane.domain.github;

/** Starts the promote-artifact workflow for an action; starts only, never waits for the outcome. */
public interface WorkflowStarter {

    /** An execution that was started, or found already started under the same name. */
    record StartedExecution(String executionName, String executionArn, boolean alreadyStarted) {
    }

    /** Idempotent per delivery: starting the same delivery again finds the first execution. */
    StartedExecution start(WorkflowAction action, String deliveryId);
}
