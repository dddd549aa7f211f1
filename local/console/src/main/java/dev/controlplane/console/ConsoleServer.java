package dev.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aslengine.api.LoopbackGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The console in the browser, served on the loopback interface: the page (static files from this module's
 * resources) and its JSON API under {@code /api/}. Started by {@code controlplane up} with
 * {@link #start(ConsoleOptions)}; {@link #close()} stops it.
 *
 * <p>Only requests addressed to a loopback name at its port are answered (no DNS rebinding), a request a browser sends
 * for a page of another origin is refused ({@link LoopbackGuard}, shared with up's other endpoints), and a POST must
 * carry {@code application/json}, which a page of another origin cannot send without a CORS preflight.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsoleServer.class.getName());
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final ConsoleApi api;
    private final StaticAssets assets = new StaticAssets();
    private final URI url;
    private final LoopbackGuard guard;

    private ConsoleServer(HttpServer server, ExecutorService threads, ConsoleApi api) {
        this.server = server;
        this.threads = threads;
        this.api = api;
        int port = server.getAddress().getPort();
        this.url = URI.create("http://127.0.0.1:" + port + "/");
        this.guard = new LoopbackGuard(port).allowOrigins(LoopbackGuard.originsOf(port));
    }

    /** Starts the console on 127.0.0.1 at the options' port (0: a free one). */
    public static ConsoleServer start(ConsoleOptions options) {
        return start(options, InstantSource.system());
    }

    static ConsoleServer start(ConsoleOptions options, InstantSource clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + options.port() + " for the console: "
                    + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        ConsoleServer console = new ConsoleServer(server, threads, new ConsoleApi(options, clock));
        server.createContext("/", console::handle);
        server.setExecutor(threads);
        server.start();
        return console;
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8084/}. */
    public URI url() {
        return url;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<LoopbackGuard.Refusal> refusal = guard.check(exchange.getRequestHeaders());
            if (refusal.isPresent()) {
                sendJson(exchange, refusal.get().status(), error(refusal.get().code(), refusal.get().message()));
            } else if (path.equals("/api") || path.startsWith("/api/")) {
                api(exchange, path.substring("/api".length()));
            } else {
                asset(exchange, path);
            }
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        ConsoleApi.Reply reply;
        try {
            byte[] body = body(exchange);
            if ("POST".equals(method) && !jsonContent(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                throw new ApiException(415, "UnsupportedMediaType", "POST /api" + path
                        + " needs Content-Type: application/json");
            }
            reply = api.handle(method, path, query(exchange.getRequestURI().getRawQuery()), body);
        } catch (ApiException e) {
            reply = new ConsoleApi.Reply(e.status(), error(e.code(), e.getMessage()));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "AwsServiceError" : e.awsErrorDetails().errorCode();
            reply = new ConsoleApi.Reply(502, error(code, (e.awsErrorDetails() == null ? "AWS"
                    : e.awsErrorDetails().serviceName()) + " refused the console's request: "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())));
        } catch (SdkException e) {
            reply = new ConsoleApi.Reply(502, error("AwsUnavailable", "The console could not reach S3 or DynamoDB: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "console API " + method + " /api" + path + " failed", e);
            reply = new ConsoleApi.Reply(500, error("InternalError", "The console failed on " + method + " /api"
                    + path + ": " + e));
        }
        sendJson(exchange, reply.status(), reply.body());
    }

    private void asset(HttpExchange exchange, String path) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            sendJson(exchange, 405, error("MethodNotAllowed", exchange.getRequestMethod() + " " + path
                    + " is not served; the console's pages are read with GET"));
            return;
        }
        Optional<StaticAssets.Asset> asset = assets.find(path);
        if (asset.isEmpty()) {
            sendJson(exchange, 404, error("NotFound", "There is no page at " + path + "; the console is at /"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        send(exchange, 200, asset.get().contentType(), asset.get().bytes());
    }

    private static boolean jsonContent(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "PayloadTooLarge", "The request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static JsonNode error(String code, String message) {
        return ConsoleJson.object().put("error", code).put("message", message);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = ConsoleJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        send(exchange, status, "application/json; charset=utf-8", bytes);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
