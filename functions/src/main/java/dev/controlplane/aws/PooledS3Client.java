package dev.controlplane.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of a function that sends many requests at once (replication's listings and copies): as
 * {@link S3ArtifactStore#client}, on the SDK's Apache 5 HTTP client with a pool of kept-alive connections.
 *
 * <p>Why not the url-connection client there: the JDK keeps an {@code HttpURLConnection}'s connection for the next
 * request only when the answer was read to its last byte before the stream was closed, and keeps at most five per
 * host. Over TLS, against S3Proxy (which sends every answer in chunks), nearly every request of a full copy opened a
 * new connection and paid a TLS handshake: half of the process's CPU in a profile of bench/replicate.sh over https.
 * The Apache client reads each answer to its end and keeps as many connections as the function has requests in
 * flight. The other functions send a few requests each and keep the url-connection client, which starts faster.
 * A class of its own so that only the replication package needs the Apache client's jars.
 */
public final class PooledS3Client {

    private PooledS3Client() {
    }

    /** @param connections the requests the function has in flight at most */
    public static S3Client of(Map<String, String> environment, int connections) {
        return S3ArtifactStore.built(AwsClientConfig.configure(S3Client.builder(), environment)
                .httpClientBuilder(http(connections)), environment);
    }

    private static Apache5HttpClient.Builder http(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections is " + connections + "; expected 1 or more");
        }
        return Apache5HttpClient.builder().maxConnections(connections);
    }

    /**
     * SnapStart priming of the pooled HTTP client, which the SDK's priming ({@link PrimingHttpClient}) takes the place
     * of: a client built as {@link #of} builds it sends a PUT and a GET to a server of the JDK's
     * ({@code com.sun.net.httpserver}) on a loopback port of its own, which answers each with a small XML body, so its
     * pool, connection and message classes are loaded before the snapshot; then both are closed. Nothing leaves the
     * machine and no connection is in the snapshot; the TLS handshake is left to the first real request. Skipped
     * where the runtime has no {@code jdk.httpserver} module or no loopback port can be had; a request that fails
     * once the server is up fails the priming (the client's path is broken).
     *
     * @return the requests answered (0 when skipped)
     */
    public static int primeConnections(int connections) {
        if (ModuleLayer.boot().findModule("jdk.httpserver").isEmpty()) {
            return 0;
        }
        return LoopbackAnswers.prime(http(connections));
    }

    /** The loopback server of {@link #primeConnections}; a class of its own, loaded only where the module is. */
    private static final class LoopbackAnswers {
        private static final byte[] ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SnapStartPriming/>"
                .getBytes(StandardCharsets.UTF_8);

        static int prime(Apache5HttpClient.Builder builder) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                // no loopback port to be had: the pool is left to the first real request, as without this priming
                return 0;
            }
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            server.createContext("/", exchange -> {
                try (exchange; InputStream body = exchange.getRequestBody()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                    exchange.getResponseHeaders().set("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(200, ANSWER.length);
                    exchange.getResponseBody().write(ANSWER);
                    answered.incrementAndGet();
                }
            });
            server.start();
            URI uri = URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + "/snapstart-priming");
            try (SdkHttpClient http = builder.build()) {
                send(http, SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).uri(uri)
                        .putHeader("Content-Type", "application/json").putHeader("Content-Length", "2").build(), "{}");
                send(http, SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri).build(), null);
            } finally {
                server.stop(0);
            }
            return answered.get();
        }

        private static void send(SdkHttpClient http, SdkHttpFullRequest request, String body) {
            HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(request);
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                execute.contentStreamProvider(() -> new java.io.ByteArrayInputStream(bytes));
            }
            try {
                HttpExecuteResponse response = http.prepareRequest(execute.build()).call();
                if (response.responseBody().isPresent()) {
                    try (InputStream in = response.responseBody().get()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                if (response.httpResponse().statusCode() != 200) {
                    throw new IllegalStateException("SnapStart priming: the loopback server answered "
                            + response.httpResponse().statusCode() + " to " + request.method());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("SnapStart priming: " + request.method() + " to the loopback server failed", e);
            }
        }
    }
}
