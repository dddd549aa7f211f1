package dev.controlplane.tests.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on 127.0.0.1 in front of an S3 endpoint that answers chosen requests with S3's
 * {@code 503 SlowDown} a number of times before letting them through, as S3 does when a prefix is hot. The
 * endpoint behind it must not check signatures (the proxy's host is not the one signed).
 */
final class ReplicationFaultProxy implements AutoCloseable {

    /** What the proxy sees of a request. */
    record Request(String method, String path, String query, Map<String, List<String>> headers) {

        boolean isCopy() {
            return method.equals("PUT") && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("x-amz-copy-source"));
        }

        boolean isList() {
            return method.equals("GET") && query != null && query.contains("list-type=2");
        }
    }

    private record Rule(Predicate<Request> matches, int times) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private static final String SLOW_DOWN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();

    private ReplicationFaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static ReplicationFaultProxy in(URI target) throws IOException {
        return new ReplicationFaultProxy(target);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Each distinct request (method, path and query) matching answers 503 SlowDown its first {@code times} tries. */
    ReplicationFaultProxy slowDown(Predicate<Request> which, int times) {
        rules.add(new Rule(which, times));
        return this;
    }

    /** 503s answered so far. */
    int injected() {
        return injected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            for (Rule rule : rules) {
                if (rule.matches().test(request)) {
                    String key = request.method() + " " + request.path() + "?" + request.query();
                    if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() < rule.times()) {
                        injected.incrementAndGet();
                        byte[] error = SLOW_DOWN.getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "application/xml");
                        exchange.sendResponseHeaders(503, request.method().equals("HEAD") ? -1 : error.length);
                        if (!request.method().equals("HEAD")) {
                            exchange.getResponseBody().write(error);
                        }
                        return;
                    }
                    break;
                }
            }
            forward(exchange, request, body);
        }
    }

    private void forward(HttpExchange exchange, Request request, byte[] body) throws IOException {
        String query = request.query() == null ? "" : "?" + request.query();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target.resolve(request.path() + query))
                .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> forwarded.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        boolean head = request.method().equals("HEAD");
        if (head) {
            response.headers().firstValue("content-length")
                    .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        }
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), head || answer.length == 0 ? -1 : answer.length);
        if (!head && answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
