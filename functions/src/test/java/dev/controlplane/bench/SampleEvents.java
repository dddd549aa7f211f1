package dev.controlplane.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.github.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The sample events in {@code events/}, read as the Lambda runtime hands them to a handler. */
final class SampleEvents {

    // Read without an ObjectMapper, so the harness does not charge its first build to the function under test.

    private SampleEvents() {
    }

    /** An HTTP API (payload 2.0) event file as {@link APIGatewayV2HTTPEvent}, its delivery id replaced by {@code deliveryId}. */
    static APIGatewayV2HTTPEvent webhook(Path file, String deliveryId) throws IOException {
        JsonNode json = LeanJson.readTree(Files.readAllBytes(file));
        Map<String, String> headers = new HashMap<>();
        json.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        // The delivery id is a header, outside what the signature covers, as with GitHub's own redeliveries.
        headers.put("x-github-delivery", deliveryId);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(json.path("version").asText())
                .withRouteKey(json.path("routeKey").asText())
                .withRawPath(json.path("rawPath").asText())
                .withHeaders(headers)
                .withBody(json.path("body").asText())
                .withIsBase64Encoded(json.path("isBase64Encoded").asBoolean())
                .build();
    }

    /**
     * A copy of {@code event} under another delivery id whose body is another payload, signed with {@code secret}: the
     * webhook acts once per signed payload, so a delivery that must start an execution needs a payload of its own.
     * The sample's JSON object gets a leading {@code "bench_delivery"} field naming the delivery.
     */
    static APIGatewayV2HTTPEvent distinctDelivery(APIGatewayV2HTTPEvent event, String deliveryId, byte[] secret) {
        String body = event.getBody();
        int open = body.indexOf('{');
        String distinct = body.substring(0, open + 1) + "\"bench_delivery\":\"" + deliveryId + "\"," + body.substring(open + 1);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-github-delivery", deliveryId);
        headers.put("x-hub-signature-256", WebhookSignature.sign(secret, distinct.getBytes(StandardCharsets.UTF_8)));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(event.getVersion())
                .withRouteKey(event.getRouteKey())
                .withRawPath(event.getRawPath())
                .withHeaders(headers)
                .withBody(distinct)
                .withIsBase64Encoded(false)
                .build();
    }

    /** The secret the {@code github-*.json} samples are signed with. */
    static byte[] webhookSecret(Path eventsDir) throws IOException {
        return LeanJson.readTree(Files.readAllBytes(eventsDir.resolve("github-webhook-secret.json"))).path("secret").asText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
