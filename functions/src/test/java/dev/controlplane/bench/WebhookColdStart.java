package dev.controlplane.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.handlers.GitHubWebhookHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start of the webhook function, for whole-process timing: the handler built as Lambda builds it
 * (no-arg constructor, environment variables), then one signed sample delivery under a fresh delivery id and
 * payload (re-signed with the sample secret), so every process reads the secret, starts an execution and records it.
 * Exits 1 unless 202. Prints its phases on stderr ({@link Phases}: construction, SnapStart's priming with
 * {@code BENCH_PRIME=1}, the invocation).
 *
 * <p>Usage: {@code WebhookColdStart events/github-push-merge.json}
 */
public final class WebhookColdStart {

    private WebhookColdStart() {
    }

    public static void main(String[] args) throws IOException {
        Phases phases = new Phases();
        GitHubWebhookHandler handler = new GitHubWebhookHandler();
        phases.built(handler);
        Path sample = Path.of(args[0]);
        String delivery = UUID.randomUUID().toString();
        APIGatewayV2HTTPEvent event = SampleEvents.distinctDelivery(SampleEvents.webhook(sample, delivery), delivery,
                SampleEvents.webhookSecret(sample.toAbsolutePath().getParent()));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new BenchContext("GitHubWebhook"));
        phases.report();
        System.out.println(response.getStatusCode() + " " + response.getBody());
        if (response.getStatusCode() != 202) {
            System.exit(1);
        }
    }
}
