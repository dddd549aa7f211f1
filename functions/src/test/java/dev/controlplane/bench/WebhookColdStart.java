package dev.controlplane.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.handlers.GitHubWebhookHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start of the webhook function, for whole-process timing: the handler built as Lambda builds it
 * (no-arg constructor, environment variables), then one signed sample delivery under a fresh delivery id,
 * so every process reads the secret, records the delivery and starts an execution. Exits 1 unless 202.
 *
 * <p>Usage: {@code WebhookColdStart events/github-push-merge.json}
 */
public final class WebhookColdStart {

    private WebhookColdStart() {
    }

    public static void main(String[] args) throws IOException {
        GitHubWebhookHandler handler = new GitHubWebhookHandler();
        APIGatewayV2HTTPEvent event = SampleEvents.webhook(Path.of(args[0]), UUID.randomUUID().toString());
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        System.out.println(response.getStatusCode() + " " + response.getBody());
        if (response.getStatusCode() != 202) {
            System.exit(1);
        }
    }
}
