package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.aslengine.Json;
import dev.aslengine.api.LoopbackGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The server side of AWS's JSON 1.1 protocol, as the local Secrets Manager and EventBridge answer it: the action from
 * {@code X-Amz-Target}, the body a JSON object, a refusal ({@link AwsJsonCall.Refused}) as a 400 with its
 * {@code __type} and message; a request addressed to another Host than 127.0.0.1 or localhost at its port, a 421.
 */
final class AwsJsonServer {
    private AwsJsonServer() {}

    /**
     * Answers one exchange.
     *
     * @param prefix  the target's prefix, e.g. {@code secretsmanager.}
     * @param actions the actions served
     * @param call    the action's answer for a request body; refusals are {@link AwsJsonCall.Refused}
     */
    static void handle(HttpExchange exchange, String prefix, Set<String> actions, BiFunction<String, JsonNode, ObjectNode> call)
            throws IOException {
        try (exchange) {
            int status = 200;
            ObjectNode body;
            // reached through up's AWS endpoint (which checks Origin too) or by a function, at 127.0.0.1: never by
            // another name (a page's, made to resolve to 127.0.0.1, would read the secrets or put events)
            Optional<LoopbackGuard.Refusal> misdirected = new LoopbackGuard(exchange.getLocalAddress().getPort())
                    .checkHost(exchange.getRequestHeaders());
            if (misdirected.isPresent()) {
                status = misdirected.get().status();
                body = error(misdirected.get().code(), misdirected.get().message());
            } else {
                try {
                    body = answer(exchange, prefix, actions, call);
                } catch (AwsJsonCall.Refused e) {
                    status = 400;
                    body = error(e.type, e.getMessage().substring(e.type.length() + 2));
                }
            }
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The action's answer to the exchange's request. */
    private static ObjectNode answer(HttpExchange exchange, String prefix, Set<String> actions,
            BiFunction<String, JsonNode, ObjectNode> call) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(prefix) || !actions.contains(target.substring(prefix.length()))) {
            throw new AwsJsonCall.Refused("UnknownOperationException", "Expected X-Amz-Target: " + prefix
                    + "<Action> with one of " + new TreeSet<>(actions) + ", got " + target);
        }
        JsonNode request;
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            request = bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AwsJsonCall.Refused("SerializationException", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!request.isObject()) throw new AwsJsonCall.Refused("SerializationException", "The request body must be a JSON object");
        return call.apply(target.substring(prefix.length()), request);
    }

    private static ObjectNode error(String type, String message) {
        return Json.object().put("__type", type).put("message", message);
    }
}
