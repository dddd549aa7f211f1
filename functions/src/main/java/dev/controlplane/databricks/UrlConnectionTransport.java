package dev.controlplane.databricks;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Databricks SDK's HTTP transport on the JDK's {@link HttpURLConnection}, instead of the SDK's default Apache
 * HttpClient: the SDK still builds every request, authenticates, retries and maps errors; only the bytes move here.
 * Why: the Apache client and its connection manager load some 270 classes and set up TLS on every cold start, even
 * for a plain-HTTP local workspace; the JDK's client is already in the default class-data archive and sets up TLS
 * only for https. (The same reason the AWS clients use the url-connection client.) PATCH, which
 * {@code HttpURLConnection} cannot send, goes through {@code java.net.http}, built on first use.
 */
final class UrlConnectionTransport implements HttpClient {

    private static final Set<String> URL_CONNECTION_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");

    private final Duration timeout;
    private volatile java.net.http.HttpClient other;

    UrlConnectionTransport(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Response execute(Request request) throws IOException {
        return URL_CONNECTION_METHODS.contains(request.getMethod()) ? viaUrlConnection(request) : viaHttpClient(request);
    }

    private Response viaUrlConnection(Request request) throws IOException {
        URI uri = request.getUri();
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setRequestMethod(request.getMethod());
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(request.getRedirectionBehavior().orElse(true));
            request.getHeaders().forEach(connection::setRequestProperty);
            byte[] body = body(request);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) {
                    headers.put(name, values);
                }
            });
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] bytes = stream == null ? new byte[0] : readAll(stream);
            String reason = connection.getResponseMessage();
            return new Response(request, connection.getURL(), status, reason == null ? "" : reason, headers,
                    new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            // Only a failed exchange drops its connection; a read-to-the-end one goes back to the keep-alive cache.
            connection.disconnect();
            throw e;
        }
    }

    private Response viaHttpClient(Request request) throws IOException {
        java.net.http.HttpClient client = other;
        if (client == null) {
            synchronized (this) {
                if (other == null) {
                    other = java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build();
                }
                client = other;
            }
        }
        byte[] body = body(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri()).timeout(timeout)
                .method(request.getMethod(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.getHeaders().forEach(builder::header);
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.headers().map());
            return new Response(request, response.uri().toURL(), response.statusCode(), "", headers,
                    new ByteArrayInputStream(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + request.getRequestLine(), e);
        }
    }

    private static byte[] body(Request request) throws IOException {
        if (request.isBodyString()) {
            return request.getBodyString().getBytes(StandardCharsets.UTF_8);
        }
        if (request.isBodyStreaming()) {
            try (InputStream in = request.getBodyStream()) {
                return readAll(in);
            }
        }
        return null;
    }

    private static byte[] readAll(InputStream stream) throws IOException {
        try (InputStream in = stream) {
            return in.readAllBytes();
        }
    }
}
