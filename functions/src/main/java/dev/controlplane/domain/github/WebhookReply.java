package dev.controlplane.domain.github;

import dev.controlplane.domain.PromoteArtifactStarter;

/** What the receiver did with a delivery; the handler turns it into the HTTP answer. */
public sealed interface WebhookReply {

    /** Missing or bad signature: nothing recorded, nothing started. */
    record Unauthorized(String problem) implements WebhookReply {
    }

    /** A delivery that could not be read: the problem names the header or field. */
    record BadRequest(String problem) implements WebhookReply {
    }

    record Pong(String zen) implements WebhookReply {
    }

    /** A redelivery of a delivery already acted on. */
    record AlreadyProcessed(String deliveryId) implements WebhookReply {
    }

    record Started(WorkflowAction action, PromoteArtifactStarter.StartedExecution execution) implements WebhookReply {
    }

    record Ignored(String reason) implements WebhookReply {
    }
}
