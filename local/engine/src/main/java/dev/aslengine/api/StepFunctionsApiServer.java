package dev.aslengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Step Functions API of an {@link Engine} over HTTP on the loopback interface, in AWS's JSON 1.0 protocol
 * (POST /, X-Amz-Target: AWSStepFunctions.&lt;Action&gt;), so the AWS SDKs and CLI work against it with
 * {@code --endpoint-url}. Requests are signed by the clients; the signature is accepted without being checked. A
 * request addressed to another Host than 127.0.0.1 or localhost at its port is refused (421 MisdirectedRequest).
 */
public final class StepFunctionsApiServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    /** The largest request accepted: a 1 MiB definition, escaped, fits with room to spare. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final StepFunctionsApi api;
    private final URI url;
    private final LoopbackGuard guard;

    private StepFunctionsApiServer(HttpServer server, ExecutorService threads, StepFunctionsApi api) {
        this.server = server;
        this.guard = new LoopbackGuard(server.getAddress().getPort());
        this.threads = threads;
        this.api = api;
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts on a free port of 127.0.0.1. */
    public static StepFunctionsApiServer start(Engine engine) {
        return start(engine, 0);
    }

    /** Starts on the given port of 127.0.0.1 (0 for a free one). */
    public static StepFunctionsApiServer start(Engine engine, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port + " for the Step Functions API: " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        StepFunctionsApiServer api = new StepFunctionsApiServer(server, threads, new StepFunctionsApi(engine));
        server.createContext("/", api::handle);
        server.setExecutor(threads);
        server.start();
        return api;
    }

    /** The API this server answers with. */
    public StepFunctionsApi api() {
        return api;
    }

    /** The endpoint URL to give the SDK ({@code endpointOverride}) or the CLI ({@code --endpoint-url}). */
    public URI url() {
        return url;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            ObjectNode body;
            // addressed to 127.0.0.1 or localhost at its port only: a page whose name was made to resolve to
            // 127.0.0.1 must not start or read executions
            java.util.Optional<LoopbackGuard.Refusal> misdirected = guard.checkHost(exchange.getRequestHeaders());
            if (misdirected.isPresent()) {
                status = misdirected.get().status();
                body = Json.object().put("__type", misdirected.get().code()).put("message", misdirected.get().message());
            } else {
                try {
                    ObjectNode request = request(exchange);
                    body = api.call(action(exchange), request);
                } catch (EngineException e) {
                    status = 400;
                    body = Json.object().put("__type", e.errorCode()).put("message", e.getMessage());
                } catch (RuntimeException e) {
                    status = 500;
                    body = Json.object().put("__type", "InternalFailure")
                            .put("message", "The local Step Functions endpoint failed on this request: " + e);
                }
            }
            byte[] bytes = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String action(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new EngineException("UnknownOperationException", "Expected POST / with the header X-Amz-Target: "
                    + TARGET_PREFIX + "<Action>, got " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + (target == null ? " without X-Amz-Target" : " with X-Amz-Target: " + target));
        }
        String action = target.substring(TARGET_PREFIX.length());
        if (!StepFunctionsApi.ACTIONS.contains(action)) throw StepFunctionsApi.unknownOperation(action);
        return action;
    }

    private static ObjectNode request(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new EngineException("ValidationException", "The request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) return Json.object();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EngineException("SerializationException", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new EngineException("SerializationException", "The request body must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return object;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
