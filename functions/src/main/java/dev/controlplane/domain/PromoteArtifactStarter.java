package dev.controlplane.domain;

/**
 * Starts the promote-artifact workflow: the one port its triggers (an upload in the inbox, a GitHub delivery)
 * start it through. Starts only, never waits for the outcome.
 */
public interface PromoteArtifactStarter {

    /** An execution that was started, or found already started under the same name. */
    record StartedExecution(String executionName, String executionArn, boolean alreadyStarted) {
    }

    /**
     * Idempotent per name: each trigger names the execution after what it starts it for (the manifest version, the
     * signed payload), so a second start of the same name, a redelivery, finds the first execution.
     *
     * @param input the execution input as JSON text, always the same text for the same name
     */
    StartedExecution start(String executionName, String input);
}
