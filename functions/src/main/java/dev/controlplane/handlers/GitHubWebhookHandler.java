package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.aws.DynamoDbDeliveryLedger;
import dev.controlplane.aws.SecretsManagerWebhookSecret;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.aws.WebhookClients;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.github.DeliveryLedger;
import dev.controlplane.domain.github.MalformedDeliveryException;
import dev.controlplane.domain.github.WebhookReceiver;
import dev.controlplane.domain.github.WebhookReply;
import dev.controlplane.domain.github.WebhookRequest;
import dev.controlplane.domain.github.WebhookSecretSource;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Lambda {@code GitHubWebhook} (HTTP API, payload format 2.0): GitHub's deliveries in, promote-artifact
 * executions out. 401 for a missing or bad signature (nothing recorded or started), 400 for a delivery
 * it cannot read, 200 for ping and for a redelivery, 202 for an action started or an event ignored.
 *
 * <p>Environment: {@code WEBHOOK_SECRET_ID} (Secrets Manager name or ARN), {@code DELIVERIES_TABLE},
 * {@code STATE_MACHINE_ARN}, {@code AWS_REGION}, and optionally {@code AWS_ENDPOINT_URL} for local endpoints.
 */
public final class GitHubWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Map<String, String> JSON_CONTENT = Map.of("Content-Type", "application/json");

    static final String FUNCTION = "GitHubWebhook";

    private final WebhookReceiver receiver;
    private final HandlerShell shell;

    /** What Lambda calls: clients built once per container from the function's environment. */
    public GitHubWebhookHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public GitHubWebhookHandler(Map<String, String> environment) {
        this(WebhookClients.fromEnvironment(environment), environment);
    }

    private GitHubWebhookHandler(WebhookClients clients, Map<String, String> environment) {
        this(new WebhookReceiver(new SecretsManagerWebhookSecret(clients.secretsManager(), environment.get("WEBHOOK_SECRET_ID")),
                new DynamoDbDeliveryLedger(clients.dynamoDb(), environment.get("DELIVERIES_TABLE")),
                new SfnPromoteArtifactStarter(clients.sfn(), environment.get(SfnPromoteArtifactStarter.STATE_MACHINE_ARN))),
                // SnapStart: a made-up signed push through the SDK before the snapshot, answered from memory
                HandlerShell.primed(FUNCTION, () -> SnapStartPriming.primeWebhook(environment, SnapStartPriming.http())));
    }

    /** On adapters of the caller's (a test, an in-process host): no SnapStart priming. */
    public GitHubWebhookHandler(WebhookSecretSource secrets, DeliveryLedger ledger, PromoteArtifactStarter starter) {
        this(new WebhookReceiver(secrets, ledger, starter), HandlerShell.of(FUNCTION));
    }

    private GitHubWebhookHandler(WebhookReceiver receiver, HandlerShell shell) {
        this.receiver = receiver;
        this.shell = shell;
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return shell.call(context, () -> handle(receiver, event));
    }

    /** One delivery through {@code receiver}, logged with its delivery id as the correlation id: the path SnapStart priming runs too. */
    static APIGatewayV2HTTPResponse handle(WebhookReceiver receiver, APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = event == null ? null : event.getHeaders();
        String deliveryId = header(headers, WebhookRequest.DELIVERY_HEADER);
        TaskLog.correlate(deliveryId);
        String githubEvent = header(headers, WebhookRequest.EVENT_HEADER);
        WebhookReply reply;
        try {
            WebhookRequest request = WebhookRequest.of(headers, event == null ? null : event.getBody(),
                    event != null && event.getIsBase64Encoded());
            reply = receiver.receive(request);
        } catch (MalformedDeliveryException e) {
            reply = new WebhookReply.BadRequest(e.getMessage());
        } catch (RuntimeException e) {
            String code = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            log(deliveryId, githubEvent, 500, "failed", Map.of("error", code, "cause", String.valueOf(e.getMessage())));
            return answer(500, Map.of("message", "the delivery could not be processed (" + code
                    + "); redeliver it from GitHub: a delivery already started is not started twice"));
        }
        APIGatewayV2HTTPResponse response = switch (reply) {
            case WebhookReply.Unauthorized r -> answer(401, Map.of("message", r.problem()));
            case WebhookReply.BadRequest r -> answer(400, Map.of("message", r.problem()));
            case WebhookReply.Pong r -> answer(200, Map.of("message", "pong"));
            case WebhookReply.AlreadyProcessed r -> answer(200, Map.of("message", "already processed", "delivery", r.deliveryId()));
            case WebhookReply.Ignored r -> answer(202, Map.of("message", "ignored", "reason", r.reason()));
            case WebhookReply.Started r -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("message", r.execution().alreadyStarted() ? "already started" : "started");
                body.put("action", r.action().action());
                body.put("input", r.action().executionInput(deliveryId.strip()));
                body.put("executionName", r.execution().executionName());
                body.put("executionArn", r.execution().executionArn());
                yield answer(202, body);
            }
        };
        log(deliveryId, githubEvent, response.getStatusCode(), outcome(reply), Map.of());
        return response;
    }

    private static String outcome(WebhookReply reply) {
        return switch (reply) {
            case WebhookReply.Unauthorized r -> "unauthorized: " + r.problem();
            case WebhookReply.BadRequest r -> "bad request: " + r.problem();
            case WebhookReply.Pong r -> "pong";
            case WebhookReply.AlreadyProcessed r -> "already processed";
            case WebhookReply.Ignored r -> "ignored: " + r.reason();
            case WebhookReply.Started r -> (r.execution().alreadyStarted() ? "already started " : "started ")
                    + r.action().action() + " " + r.execution().executionArn();
        };
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static APIGatewayV2HTTPResponse answer(int status, Map<String, ?> body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_CONTENT)
                .withBody(json(body))
                .build();
    }

    /** One JSON line per delivery; never the secret, the signature or the body. */
    private static void log(String deliveryId, String event, int status, String outcome, Map<String, String> extra) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("delivery", deliveryId);
        line.put("event", event);
        line.put("status", status);
        line.put("outcome", outcome);
        line.putAll(extra);
        if (status >= 500) {
            TaskLog.error("delivery failed", line);
        } else {
            TaskLog.info("delivery handled", line);
        }
    }

    private static String json(Map<String, ?> value) {
        return LeanJson.write(value);
    }
}
