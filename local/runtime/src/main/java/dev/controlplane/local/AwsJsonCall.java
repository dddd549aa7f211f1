package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One call of an AWS JSON-protocol API (DynamoDB, Secrets Manager, Step Functions) to a local server: how the
 * runtime sets up its own tables without the weight of an SDK client. Local servers check no signature, so the
 * request carries a well-formed but unsigned Authorization header naming the service.
 */
final class AwsJsonCall {
    /** The service refused the call: its error type ({@code __type}) and message. */
    static final class Refused extends RuntimeException {
        final String type;

        Refused(String type, String message) {
            super(type + ": " + message, null, false, false);
            this.type = type;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private AwsJsonCall() {}

    /**
     * @param target the X-Amz-Target, e.g. {@code DynamoDB_20120810.CreateTable}
     * @param service the signing name, e.g. {@code dynamodb}
     */
    static JsonNode call(URI endpoint, String service, String contentType, String target, ObjectNode body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", contentType)
                .header("X-Amz-Target", target)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=host;x-amz-target, Signature=0")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the local " + service + " server at " + endpoint + " did not answer " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + target, e);
        }
        JsonNode answer = response.body().isBlank() ? Json.object() : Json.parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String type = answer.path("__type").asText("HTTP " + response.statusCode());
            throw new Refused(type.substring(type.indexOf('#') + 1), answer.path("message").asText(answer.path("Message").asText(response.body())));
        }
        return answer;
    }
}
