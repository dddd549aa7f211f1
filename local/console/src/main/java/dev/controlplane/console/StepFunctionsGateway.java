package dev.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The Step Functions API the console talks to, in AWS's JSON 1.0 protocol ({@code POST /},
 * {@code X-Amz-Target: AWSStepFunctions.<Action>}). Requests are not signed: the console runs beside a local
 * endpoint (the engine's API server) that accepts unsigned calls.
 */
final class StepFunctionsGateway {

    /** What the page may call directly; task tokens go through the approvals API, never through the page. */
    static final Set<String> PAGE_ACTIONS = Set.of("ListStateMachines", "DescribeStateMachine", "ListExecutions",
            "DescribeExecution", "GetExecutionHistory", "StartExecution", "StopExecution", "RedriveExecution");

    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    /** A Step Functions answer: its HTTP status and JSON body (an error has {@code __type} and {@code message}). */
    record Answer(int status, ObjectNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        String errorType() {
            String type = body.path("__type").asText("");
            return type.substring(type.lastIndexOf('#') + 1);
        }

        String message() {
            JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
            return message == null ? "" : message.asText();
        }
    }

    private final URI endpoint;
    private final HttpClient http;

    StepFunctionsGateway(URI endpoint) {
        this.endpoint = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Calls the action; an unreachable endpoint or an answer that is not JSON is a 502 {@link ApiException}. */
    Answer call(String action, ObjectNode request) {
        byte[] body;
        try {
            body = ConsoleJson.MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE)
                .header("X-Amz-Target", TARGET_PREFIX + action)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable(action, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(action, "interrupted");
        }
        JsonNode answer;
        try {
            answer = response.body().length == 0 ? ConsoleJson.object() : ConsoleJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (!(answer instanceof ObjectNode object)) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            throw unavailable(action, "HTTP " + response.statusCode() + " with a body that is not a JSON object: "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        return new Answer(response.statusCode(), object);
    }

    private ApiException unavailable(String action, String reason) {
        return new ApiException(502, "StepFunctionsUnavailable", "The Step Functions API at " + endpoint
                + " did not answer " + action + ": " + reason);
    }
}
