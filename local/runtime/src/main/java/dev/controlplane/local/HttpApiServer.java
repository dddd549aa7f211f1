package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.api.LoopbackGuard;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The template's HTTP API routes (HttpApi events) on a loopback port, each request delivered to its function as API
 * Gateway's payload format 2.0 event and the function's answer turned into the HTTP response as API Gateway does
 * (a {@code statusCode} object, or any other JSON as a 200 body). Routes match as in API Gateway: a literal path
 * before one with {@code {parameters}}, before a greedy {@code {proxy+}}, before {@code $default}.
 */
final class HttpApiServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** A route with its path split into segments, ready to match. */
    private record Route(LocalTemplate.HttpRoute spec, List<String> segments) {
        int rank() {
            if (spec.path().equals("$default")) return 3;
            if (!segments.isEmpty() && segments.get(segments.size() - 1).endsWith("+}")) return 2;
            return segments.stream().anyMatch(s -> s.startsWith("{")) ? 1 : 0;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes;
    private final FunctionInvoker functions;
    private final String accountId;
    private final PrintStream log;
    private final LoopbackGuard guard;

    private HttpApiServer(HttpServer server, List<LocalTemplate.HttpRoute> routes, FunctionInvoker functions, String accountId, PrintStream log) {
        this.server = server;
        this.functions = functions;
        this.accountId = accountId;
        this.log = log;
        this.guard = new LoopbackGuard(server.getAddress().getPort());
        List<Route> list = new ArrayList<>();
        for (LocalTemplate.HttpRoute r : routes) list.add(new Route(r, segments(r.path())));
        list.sort(Comparator.comparingInt(Route::rank).thenComparing(r -> r.spec().method().equals("ANY")).thenComparing(r -> -r.segments().size()));
        this.routes = List.copyOf(list);
    }

    static HttpApiServer start(int port, List<LocalTemplate.HttpRoute> routes, FunctionInvoker functions, String accountId, PrintStream log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the HTTP API: " + e.getMessage()
                    + " (choose other ports with --port-base)", e);
        }
        HttpApiServer api = new HttpApiServer(server, routes, functions, accountId, log);
        server.setExecutor(api.threads);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Lets pages of these origins (up's console) call the routes from a browser; other pages are refused. */
    void allowBrowserOrigins(java.util.Collection<String> origins) {
        guard.allowOrigins(origins);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long started = System.nanoTime();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            java.util.Optional<LoopbackGuard.Refusal> refusal = guard.check(exchange.getRequestHeaders());
            if (refusal.isPresent()) {
                exchange.getRequestBody().readNBytes(MAX_BODY_BYTES);
                ObjectNode error = Json.object().put("message", refusal.get().message()).put("code", refusal.get().code());
                answer(exchange, refusal.get().status(), Map.of("Content-Type", "application/json"), Json.write(error).getBytes(StandardCharsets.UTF_8));
                log.println("http " + method + " " + path + " -> refused (" + refusal.get().status() + "): " + refusal.get().message());
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                answer(exchange, 413, Map.of("Content-Type", "application/json"), "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> pathParameters = new LinkedHashMap<>();
            Route route = match(method, path, pathParameters);
            if (route == null) {
                answer(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                log.println("http " + method + " " + path + " -> no route (404)");
                return;
            }
            JsonNode event = event(exchange, route.spec(), pathParameters, body);
            int status;
            try {
                JsonNode result = functions.invoke(route.spec().functionName(), event);
                status = respond(exchange, result);
            } catch (StatesError e) {
                status = 500;
                answer(exchange, 500, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                log.println("http " + method + " " + path + " -> " + route.spec().functionName() + " failed: " + e.error());
            }
            log.println("http " + method + " " + path + " -> " + route.spec().functionName() + " " + status
                    + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }
    }

    private Route match(String method, String path, Map<String, String> parameters) {
        List<String> parts = segments(path);
        for (Route r : routes) {
            if (!r.spec().method().equals("ANY") && !r.spec().method().equals(method)) continue;
            if (r.spec().path().equals("$default")) return r;
            Map<String, String> found = new LinkedHashMap<>();
            if (matches(r.segments(), parts, found)) {
                parameters.putAll(found);
                return r;
            }
        }
        return null;
    }

    private static boolean matches(List<String> pattern, List<String> parts, Map<String, String> parameters) {
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= parts.size()) return false;
                parameters.put(p.substring(1, p.length() - 2), String.join("/", parts.subList(i, parts.size())));
                return true;
            }
            if (i >= parts.size()) return false;
            if (p.startsWith("{") && p.endsWith("}")) parameters.put(p.substring(1, p.length() - 1), parts.get(i));
            else if (!p.equals(parts.get(i))) return false;
        }
        return pattern.size() == parts.size();
    }

    /** API Gateway's payload format 2.0 event for this request. */
    private JsonNode event(HttpExchange exchange, LocalTemplate.HttpRoute route, Map<String, String> pathParameters, byte[] body) {
        ObjectNode e = Json.object();
        e.put("version", "2.0").put("routeKey", route.routeKey()).put("rawPath", exchange.getRequestURI().getRawPath())
                .put("rawQueryString", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        ObjectNode headers = Json.object();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                for (String v : values) for (String c : v.split(";")) if (!c.isBlank()) cookies.add(c.strip());
            } else {
                headers.put(key, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) cookies.forEach(e.putArray("cookies")::add);
        e.set("headers", headers);
        Map<String, String> query = S3Notifier.query(exchange.getRequestURI().getRawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        Instant now = Instant.now();
        ObjectNode context = e.putObject("requestContext");
        String host = exchange.getRequestHeaders().getFirst("Host");
        context.put("accountId", accountId).put("apiId", route.apiId())
                .put("domainName", host == null ? "127.0.0.1" : host)
                .put("domainPrefix", host == null ? "127" : host.split("[.:]")[0]);
        context.putObject("http").put("method", exchange.getRequestMethod()).put("path", exchange.getRequestURI().getPath())
                .put("protocol", exchange.getProtocol()).put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress())
                .put("userAgent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        context.put("requestId", UUID.randomUUID().toString()).put("routeKey", route.routeKey()).put("stage", "$default")
                .put("time", REQUEST_TIME.format(now)).put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            String text = textBody(exchange.getRequestHeaders().getFirst("Content-Type"), body);
            e.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", text == null);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    /** The body as text when its content type is textual and it is UTF-8, else null (sent base64-encoded). */
    private static String textBody(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean textual = type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("x-www-form-urlencoded")
                || type.contains("javascript") || type.isEmpty();
        if (!textual) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The function's answer as API Gateway turns it into a response (payload format 2.0). */
    private static int respond(HttpExchange exchange, JsonNode result) throws IOException {
        if (result instanceof ObjectNode r && r.has("statusCode")) {
            int status = r.path("statusCode").asInt(200);
            Map<String, String> headers = new LinkedHashMap<>();
            r.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            r.path("multiValueHeaders").properties().forEach(h -> {
                List<String> values = new ArrayList<>();
                h.getValue().forEach(v -> values.add(v.asText()));
                headers.put(h.getKey(), String.join(",", values));
            });
            for (JsonNode cookie : r.path("cookies")) exchange.getResponseHeaders().add("Set-Cookie", cookie.asText());
            JsonNode b = r.get("body");
            byte[] body = b == null || b.isNull() ? new byte[0]
                    : r.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(b.asText()) : b.asText().getBytes(StandardCharsets.UTF_8);
            answer(exchange, status, headers, body);
            return status;
        }
        byte[] body = result == null || result.isNull() ? new byte[0]
                : result.isTextual() ? result.asText().getBytes(StandardCharsets.UTF_8) : Json.write(result).getBytes(StandardCharsets.UTF_8);
        answer(exchange, 200, Map.of("Content-Type", "application/json"), body);
        return 200;
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("apigw-requestid", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
