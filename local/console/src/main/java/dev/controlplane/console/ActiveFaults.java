package dev.controlplane.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The faults injected into this environment ({@code controlplane faults}), read from its AWS endpoint's admin path
 * {@code /_controlplane/faults}: {@code {aws: [line...], databricks: [line...]}}, or a reason when it cannot be read.
 */
final class ActiveFaults {
    private final URI admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ActiveFaults(URI awsEndpoint) {
        this.admin = URI.create(awsEndpoint.toString().replaceFirst("/$", "") + "/_controlplane/faults");
    }

    ObjectNode list() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = ConsoleJson.MAPPER.readTree(response.body());
            if (response.statusCode() != 200 || !body.isObject()) {
                return ConsoleJson.object().put("reason", "the AWS endpoint answered " + response.statusCode() + ": "
                        + body.path("error").asText(response.body()));
            }
            return (ObjectNode) body;
        } catch (IOException e) {
            return ConsoleJson.object().put("reason", "cannot read the faults from " + admin + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConsoleJson.object().put("reason", "interrupted while reading the faults");
        }
    }
}
