package dev.controlplane.domain.github;

import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.PromoteArtifactStarter;
import java.util.Objects;

/**
 * Receives one GitHub delivery: verifies its signature, classifies it, dedupes it by delivery id and by the
 * digest of its signed payload, and starts the workflow it asks for. Only starts executions, never waits on them, so GitHub gets its
 * answer well inside its 10 s limit.
 */
public final class WebhookReceiver {

    private final WebhookSecretSource secrets;
    private final DeliveryLedger ledger;
    private final PromoteArtifactStarter starter;

    public WebhookReceiver(WebhookSecretSource secrets, DeliveryLedger ledger, PromoteArtifactStarter starter) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    public WebhookReply receive(WebhookRequest request) {
        String signature = request.header(WebhookSignature.HEADER);
        WebhookSignature.Verdict verdict = WebhookSignature.checkForm(signature);
        if (!verdict.valid()) {
            // Unsigned or garbled: refused without reading the secret.
            return new WebhookReply.Unauthorized(verdict.problem());
        }
        verdict = WebhookSignature.verify(secrets.current(), request.rawBodyUnsafe(), signature);
        if (verdict.status() == WebhookSignature.Status.MISMATCH) {
            // The secret may have been rotated since it was cached.
            verdict = secrets.rereadAfterMismatch()
                    .map(reread -> WebhookSignature.verify(reread, request.rawBodyUnsafe(), signature))
                    .orElse(verdict);
        }
        if (!verdict.valid()) {
            return new WebhookReply.Unauthorized(verdict.problem());
        }

        String event = request.header(WebhookRequest.EVENT_HEADER);
        WebhookIntent intent;
        DeliveryIdentity delivery = null;
        try {
            intent = GitHubDelivery.classify(event, request.jsonPayload());
            if (intent instanceof WorkflowAction) {
                delivery = DeliveryIdentity.of(request.deliveryId(), event.strip(), request.rawBodyUnsafe());
            }
        } catch (MalformedDeliveryException e) {
            return new WebhookReply.BadRequest(e.getMessage());
        }

        return switch (intent) {
            case WebhookIntent.Pong pong -> new WebhookReply.Pong(pong.zen());
            case WebhookIntent.Ignored ignored -> new WebhookReply.Ignored(ignored.reason());
            case WorkflowAction action -> start(action, delivery);
        };
    }

    /**
     * Starts first and records after: the start is idempotent by the payload's execution name, so a crash between
     * the two leaves a delivery GitHub's redelivery starts (finding the execution), never one marked done unstarted.
     */
    private WebhookReply start(WorkflowAction action, DeliveryIdentity delivery) {
        if (ledger.seen(delivery)) {
            return new WebhookReply.AlreadyProcessed(delivery.deliveryId());
        }
        // Named after the signed payload, so a second start of the same body (whatever its delivery id) finds the first.
        PromoteArtifactStarter.StartedExecution execution = starter.start(delivery.executionName(),
                LeanJson.write(action.executionInput(delivery.deliveryId())));
        ledger.record(delivery, action.repository());
        return new WebhookReply.Started(action, execution);
    }
}
