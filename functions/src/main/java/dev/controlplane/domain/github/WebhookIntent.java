package dev.controlplane.domain.github;

/** What a GitHub delivery asks of the control plane, once classified by {@link GitHubDelivery#classify}. */
public sealed interface WebhookIntent permits WebhookIntent.Pong, WebhookIntent.Ignored, WorkflowAction {

    /** GitHub's {@code ping} on webhook creation: answered, nothing else. */
    record Pong(String zen) implements WebhookIntent {
    }

    /** An event the control plane does not act on, with the reason GitHub will show in its delivery log. */
    record Ignored(String reason) implements WebhookIntent {
    }
}
