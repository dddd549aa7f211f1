package dev.controlplane.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.aslengine.api.LoopbackGuard;
import dev.controlplane.local.iam.AccessRequest;
import dev.controlplane.local.iam.LocalIam;
import org.gaul.s3proxy.checksum.ChunkedInputStream;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one AWS endpoint of the local runtime (what {@code AWS_ENDPOINT_URL} points at): each request goes to the local
 * server of its service, told by the service name the client signed it for (the credential scope of SigV4) or by its
 * {@code X-Amz-Target}; an unsigned request without a target is S3's. The SDKs, the AWS CLI and the functions use it
 * with no per-service configuration. Completed S3 writes are handed to the {@link S3Notifier}. A call signed with a
 * role's access key (a function's, a state machine's) is first authorized by {@link LocalIam}: denied, it gets AWS's
 * AccessDenied answer for its protocol and never reaches the service.
 */
final class AwsGateway implements AutoCloseable {
    /** Hop-by-hop headers and those the JDK client sets itself: not forwarded. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([a-z0-9-]+)/aws4_request");
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Map<String, String> TARGET_PREFIXES = Map.of(
            "DynamoDB_20120810", "dynamodb",
            "DynamoDBStreams_20120810", "dynamodb",
            "AWSStepFunctions", "states",
            "secretsmanager", "secretsmanager");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Map<String, URI> backends = new java.util.concurrent.ConcurrentHashMap<>();
    private final Consumer<S3Notifier.S3Write> s3Writes;
    private final URI url;
    private final LoopbackGuard guard;
    private final AwsFaults awsFaults = new AwsFaults();
    private volatile LocalFaults faults;
    private volatile LocalIam iam;
    private volatile java.io.PrintStream log;

    private AwsGateway(HttpServer server, Map<String, URI> backends, Consumer<S3Notifier.S3Write> s3Writes) {
        this.server = server;
        this.backends.putAll(backends);
        this.s3Writes = s3Writes;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.guard = new LoopbackGuard(server.getAddress().getPort());
    }

    /**
     * @param backends service signing name (s3, dynamodb, states, secretsmanager, ...) to its local server
     * @param s3Writes told of every S3 request the S3 server answered with success
     */
    static AwsGateway start(int port, Map<String, URI> backends, Consumer<S3Notifier.S3Write> s3Writes) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the AWS endpoint: " + e.getMessage()
                    + " (choose other ports with --port-base)", e);
        }
        AwsGateway gateway = new AwsGateway(server, backends, s3Writes);
        server.setExecutor(gateway.threads);
        server.createContext("/", gateway::handle);
        server.start();
        return gateway;
    }

    URI url() {
        return url;
    }

    /** From now on, calls signed with a role's access key are authorized by {@code iam}; denials are logged to {@code log}. */
    void enforce(LocalIam iam, java.io.PrintStream log) {
        this.log = log;
        this.iam = iam;
    }

    /** The faults this endpoint answers on its AWS operations ({@link AwsFaults}). */
    AwsFaults awsFaults() {
        return awsFaults;
    }

    /** From now on, {@value LocalFaults#PATH} manages {@code faults}. */
    void serveFaults(LocalFaults faults) {
        this.faults = faults;
    }

    /** The access key id a request is signed with (its Authorization header or presigned query), or null. */
    static String accessKey(Headers headers, String rawQuery) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null && rawQuery != null && rawQuery.contains("X-Amz-Credential=")) {
            authorization = "Credential=" + java.net.URLDecoder.decode(rawQuery.replaceFirst(".*X-Amz-Credential=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        }
        if (authorization == null) return null;
        Matcher m = ACCESS_KEY.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    /** Lets pages of these origins (up's console) call this endpoint from a browser; other pages are refused. */
    void allowBrowserOrigins(java.util.Collection<String> origins) {
        guard.allowOrigins(origins);
    }

    /** Routes requests signed for {@code service} to its local server (servers may start after the gateway). */
    void route(String service, URI backend) {
        backends.put(service, backend);
    }

    /** The service a request is for: its SigV4 credential scope, else its X-Amz-Target, else S3. */
    static String service(Headers headers, String rawQuery) {
        String target = headers.getFirst("X-Amz-Target");
        if (target != null) {
            int dot = target.indexOf('.');
            String service = TARGET_PREFIXES.get(dot < 0 ? target : target.substring(0, dot));
            if (service != null) return service;
        }
        String authorization = headers.getFirst("Authorization");
        String scope = authorization != null ? authorization : rawQuery != null && rawQuery.contains("X-Amz-Credential=")
                ? "Credential=" + java.net.URLDecoder.decode(rawQuery.replaceFirst(".*X-Amz-Credential=([^&]*).*", "$1"), StandardCharsets.UTF_8)
                : null;
        if (scope != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(scope);
            if (m.find()) return m.group(1);
        }
        return "s3";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String service = service(exchange.getRequestHeaders(), exchange.getRequestURI().getRawQuery());
            java.util.Optional<LoopbackGuard.Refusal> refusal = guard.check(exchange.getRequestHeaders());
            if (refusal.isPresent()) {
                answerError(exchange, service, refusal.get().status(), refusal.get().code(), refusal.get().message(), null);
                return;
            }
            if (exchange.getRequestURI().getRawPath().equals(LocalFaults.PATH)) {
                // no bucket name starts with '_', so the admin path never hides an S3 request
                manageFaults(exchange);
                return;
            }
            URI backend = backends.get(service);
            if (backend == null) {
                refuse(exchange, service);
                return;
            }
            URI requestUri = exchange.getRequestURI();
            boolean s3 = service.equals("s3");
            // DeleteObjects names its keys in the body (for the notifications and IAM); the JSON protocols name their resource there
            byte[] buffered = s3 && exchange.getRequestMethod().equals("POST") && S3Notifier.isDeleteObjects(requestUri)
                    ? exchange.getRequestBody().readAllBytes() : null;
            LocalIam enforcing = iam;
            String key = enforcing == null ? null : accessKey(exchange.getRequestHeaders(), requestUri.getRawQuery());
            if (enforcing != null && enforcing.isRoleKey(key)) {
                if (!s3 && buffered == null) buffered = exchange.getRequestBody().readAllBytes();
                if (!authorized(exchange, enforcing, key, service, buffered)) return;
            }
            String operation = s3 ? AwsFaults.s3Operation(exchange.getRequestMethod(), requestUri, exchange.getRequestHeaders())
                    : AwsFaults.jsonOperation(exchange.getRequestHeaders());
            java.util.Optional<AwsFaults.Fault> fault = awsFaults.onCall(service, operation);
            if (fault.isPresent()) {
                if (buffered == null) exchange.getRequestBody().readAllBytes();
                answerFault(exchange, fault.get());
                return;
            }
            forward(exchange, service, backend, buffered);
        }
    }

    private static void answerFault(HttpExchange exchange, AwsFaults.Fault fault) throws IOException {
        byte[] body = AwsFaults.body(fault);
        boolean s3 = fault.service().equals("s3");
        exchange.getResponseHeaders().set("Content-Type", s3 ? "application/xml" : "application/x-amz-json-1.0");
        if (!s3) exchange.getResponseHeaders().set("x-amzn-ErrorType", fault.code());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(fault.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        }
    }

    /** GET lists the active faults, POST adds one (a JSON object, see {@link LocalFaults}), DELETE clears them all. */
    private void manageFaults(HttpExchange exchange) throws IOException {
        LocalFaults managed = faults;
        byte[] request = exchange.getRequestBody().readAllBytes();
        int status = 200;
        String answer;
        if (managed == null || !exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            status = managed == null ? 503 : 403;
            answer = "{\"error\":\"" + (managed == null ? "faults are not served yet" : "faults are managed from this machine only")
                    + "\"}";
        } else {
            try {
                answer = switch (exchange.getRequestMethod()) {
                    case "GET" -> dev.aslengine.Json.write(managed.list());
                    case "POST" -> dev.aslengine.Json.write(managed.add(dev.aslengine.Json.parse(new String(request, StandardCharsets.UTF_8))));
                    case "DELETE" -> {
                        managed.clear();
                        yield dev.aslengine.Json.write(managed.list());
                    }
                    default -> throw new IllegalArgumentException("method " + exchange.getRequestMethod() + "; expected GET"
                            + " (list), POST (add) or DELETE (clear)");
                };
            } catch (RuntimeException e) {
                status = 400;
                answer = "{\"error\":" + S3Notifier.jsonString(String.valueOf(e.getMessage())) + "}";
            }
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    /** Whether the role may make this call; if not, the caller has its AccessDenied answer and the log a line. */
    private boolean authorized(HttpExchange exchange, LocalIam iam, String key, String service, byte[] body) throws IOException {
        URI uri = exchange.getRequestURI();
        Headers headers = exchange.getRequestHeaders();
        List<AccessRequest> needed;
        LocalIam.Denial denial;
        String message;
        try {
            needed = service.equals("s3")
                    ? iam.s3Requests(exchange.getRequestMethod(), uri.getRawPath(), S3Notifier.query(uri.getRawQuery()), headers::getFirst, body)
                    : iam.jsonRequests(service, headers.getFirst("X-Amz-Target"), body);
            denial = iam.check(key, needed);
            if (denial == null) return true;
            message = denial.message();
        } catch (LocalIam.UnauthorizableRequest e) {
            message = "controlplane up cannot tell which permission this " + service + " call needs, so it is refused: " + e.getMessage();
        }
        java.io.PrintStream out = log;
        if (out != null) out.println("iam: AccessDenied: " + message);
        answerError(exchange, service, service.equals("s3") ? 403 : 400, "AccessDenied", message, body);
        return false;
    }

    /** An error in the protocol of the service (S3's XML, the JSON services' {@code __type}), the request body drained. */
    private static void answerError(HttpExchange exchange, String service, int status, String code, String message, byte[] body)
            throws IOException {
        byte[] answer;
        if (service.equals("s3")) {
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            answer = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + xml(message)
                    + "</Message><RequestId>local</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        } else {
            String type = code.equals("AccessDenied") ? "AccessDeniedException" : code;
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
            answer = ("{\"__type\":\"" + type + "\",\"message\":" + S3Notifier.jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        }
        if (body == null) exchange.getRequestBody().readAllBytes();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : answer.length);
        if (!head) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(answer);
            }
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void forward(HttpExchange exchange, String service, URI backend, byte[] buffered) throws IOException {
        String method = exchange.getRequestMethod();
        URI requestUri = exchange.getRequestURI();
        String rawQuery = requestUri.getRawQuery();
        URI target = URI.create(backend + requestUri.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
        Headers in = exchange.getRequestHeaders();
        boolean s3 = service.equals("s3");
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(15));
        boolean awsChunked = s3 && buffered == null && method.equals("PUT") && awsChunked(in);
        for (Map.Entry<String, List<String>> h : in.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(name) || awsChunked && AWS_CHUNKED_HEADERS.contains(name)) continue;
            for (String v : h.getValue()) request.header(h.getKey(), v);
        }
        Path spooled = null;
        HttpResponse<InputStream> response;
        try {
            if (awsChunked) {
                request.header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
                String encodings = String.join(",", in.get("Content-Encoding")).replaceAll("(?i)\\s*aws-chunked\\s*,?", "").strip();
                if (!encodings.isEmpty()) request.header("Content-Encoding", encodings);
                // Read whole, the trailer with it, before S3Proxy sees a byte: nothing of the client's is left unread,
                // and a body whose checksum does not match reaches nothing (S3Proxy would store the bytes it was given).
                try {
                    // not closed here: the exchange's streams close with its answer
                    InputStream decoder = new ChunkedInputStream(exchange.getRequestBody(), MAX_CHUNK, in.getFirst("x-amz-trailer"));
                    long length = Long.parseLong(in.getFirst("x-amz-decoded-content-length").strip());
                    if (length <= IN_MEMORY_DECODE) {
                        byte[] bytes = decoder.readAllBytes();
                        request.method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
                    } else {
                        spooled = temporaryFile();
                        spool(decoder, spooled);
                        request.method(method, HttpRequest.BodyPublishers.ofFile(spooled));
                    }
                } catch (UncheckedIOException e) {
                    // this machine's disk, not the client's body
                    answerError(exchange, service, 500, "InternalError", "the local runtime could not keep the request"
                            + " body in a temporary file" + (spooled == null ? "" : " (" + spooled + ")") + ": "
                            + e.getCause().getMessage(), null);
                    return;
                } catch (IOException | RuntimeException e) {
                    refuseBody(exchange, service, e);
                    return;
                }
            } else {
                request.method(method, body(exchange, in, buffered));
            }
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(exchange, 503, "the local runtime is stopping");
            return;
        } catch (IOException e) {
            fail(exchange, 502, "the local " + service + " server did not answer: " + e.getMessage());
            return;
        } finally {
            if (spooled != null) Files.deleteIfExists(spooled);
        }
        Headers out = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("date")) out.put(name, values);
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        byte[] responseBody = null;
        try (InputStream body = response.body()) {
            if (method.equals("HEAD")) {
                if (length >= 0) out.set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(response.statusCode(), -1);
            } else if (s3 && method.equals("POST") && length >= 0 && length < 1_048_576) {
                // a completed multipart upload or DeleteObjects: the body says whether it worked
                responseBody = body.readAllBytes();
                exchange.sendResponseHeaders(response.statusCode(), responseBody.length == 0 ? -1 : responseBody.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(responseBody);
                }
            } else {
                boolean empty = length == 0 || response.statusCode() == 204 || response.statusCode() == 304;
                exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : length < 0 ? 0 : length);
                if (!empty) {
                    try (OutputStream o = exchange.getResponseBody()) {
                        body.transferTo(o);
                    }
                }
            }
        }
        if (s3 && response.statusCode() / 100 == 2) {
            s3Writes.accept(new S3Notifier.S3Write(method, requestUri, in, response.headers().map(), buffered, responseBody,
                    exchange.getRemoteAddress().getAddress().getHostAddress()));
        }
    }

    /** A new temporary file for a body; failing, an UncheckedIOException (this machine's, not the client's). */
    private static Path temporaryFile() {
        try {
            return Files.createTempFile("controlplane-put-", ".body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a decoded body to {@code file}: an IOException is the body's (it could not be decoded), an
     * UncheckedIOException this machine's (the file could not be written).
     */
    private static void spool(InputStream decoded, Path file) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean read = false;
        try {
            byte[] buffer = new byte[64 * 1024];
            for (int n = decoded.read(buffer); n >= 0; n = decoded.read(buffer)) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            read = true;
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                // the body's own failure, if any, is the one to answer
                if (read) throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Answers an aws-chunked body that could not be decoded as S3 would: a checksum that does not match is S3Proxy's
     * (and S3's) 400 BadDigest, a body cut short 400 IncompleteBody.
     */
    private static void refuseBody(HttpExchange exchange, String service, Exception e) throws IOException {
        S3Exception s3Error = e.getCause() instanceof S3Exception cause ? cause : null;
        String code = s3Error == null || s3Error.awsErrorDetails() == null ? "IncompleteBody" : s3Error.awsErrorDetails().errorCode();
        int status = s3Error == null ? 400 : s3Error.statusCode();
        String why = s3Error == null ? e.getMessage() : s3Error.awsErrorDetails().errorMessage();
        answerError(exchange, service, status, code, "the aws-chunked request body was refused: " + why, null);
    }

    /** Headers of an aws-chunked body that do not describe the plain body forwarded in its place. */
    private static final Set<String> AWS_CHUNKED_HEADERS = Set.of("content-encoding", "x-amz-decoded-content-length",
            "x-amz-trailer", "x-amz-content-sha256", "x-amz-sdk-checksum-algorithm");
    /** The largest chunk an aws-chunked body may carry (the SDKs send 64 KiB to 1 MiB). */
    private static final int MAX_CHUNK = 64 * 1024 * 1024;
    /** Up to this decoded size an aws-chunked body is decoded into memory before it is forwarded; above it, to a file. */
    private static final long IN_MEMORY_DECODE = 8L * 1024 * 1024;

    /**
     * A PUT whose body the AWS SDK sent aws-chunked (its default for PutObject and UploadPart), with its decoded length.
     * Such a body is forwarded to S3Proxy as the plain bytes it carries, decoded with S3Proxy's own chunked stream
     * (which checks the checksum trailer against the bytes): S3Proxy 4.1.0 reads an aws-chunked body only up to its
     * decoded length and answers with the trailer unread; Jetty then closes the connection under a client still
     * writing it, and the client retries a PUT that was stored (two object versions, two S3 events for one upload).
     * Here the whole body, trailer included, is read before anything is forwarded, so a body whose checksum does not
     * match stores nothing (streamed, S3Proxy would have stored its bytes before the trailer was read). The checksum
     * is checked, not stored.
     */
    private static boolean awsChunked(Headers in) {
        List<String> encodings = in.get("Content-Encoding");
        return encodings != null && String.join(",", encodings).toLowerCase(Locale.ROOT).contains("aws-chunked")
                && in.getFirst("x-amz-decoded-content-length") != null;
    }

    private static HttpRequest.BodyPublisher body(HttpExchange exchange, Headers in, byte[] buffered) {
        if (buffered != null) return HttpRequest.BodyPublishers.ofByteArray(buffered);
        String contentLength = in.getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(in.getFirst("Transfer-Encoding"));
        if (chunked) return HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        long length;
        try {
            length = contentLength == null ? 0 : Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            length = 0;
        }
        if (length <= 0) return HttpRequest.BodyPublishers.noBody();
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), length);
    }

    /** A service this endpoint does not serve: the error in the protocol the client speaks, naming what is served. */
    private void refuse(HttpExchange exchange, String service) throws IOException {
        String message = "controlplane up does not emulate the AWS service '" + service + "'; this endpoint serves "
                + new TreeSet<>(backends.keySet());
        boolean json = exchange.getRequestHeaders().getFirst("X-Amz-Target") != null
                || String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).contains("json");
        byte[] body;
        if (json) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            body = ("{\"__type\":\"UnknownOperationException\",\"message\":" + S3Notifier.jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Type>Sender</Type><Code>UnknownOperationException</Code><Message>"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        }
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(400, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    private static void fail(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
