package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 event notifications as the template declares them (a function's S3 events, a bucket's Lambda configurations):
 * each successful write seen by the {@link AwsGateway} (PutObject, CopyObject, CompleteMultipartUpload, DeleteObject,
 * DeleteObjects) becomes an event in AWS's S3 event JSON (version 2.1), delivered asynchronously, after the request
 * answered, to every subscription whose bucket, event type and key prefix/suffix match. A failed delivery is retried
 * twice, as Lambda retries an asynchronous invocation.
 */
final class S3Notifier implements AutoCloseable {
    /** One S3 request the S3 server answered with a 2xx status. */
    record S3Write(String method, URI uri, Map<String, List<String>> requestHeaders, Map<String, List<String>> responseHeaders,
            byte[] requestBody, byte[] responseBody, String sourceIp) {}

    /** One event to deliver: its name (e.g. ObjectCreated:Put), bucket and (decoded) key. */
    record S3Event(String eventName, String bucket, String key, Long size, String eTag, String versionId, String requestId) {}

    private static final Set<String> OBJECT_SUBRESOURCES = Set.of("acl", "tagging", "retention", "legal-hold", "torrent",
            "restore", "select", "attributes", "uploads", "uploadId", "partNumber");
    private static final Pattern XML_KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Pattern DELETED = Pattern.compile("<Deleted>(.*?)</Deleted>", Pattern.DOTALL);
    private static final int ATTEMPTS = 3;

    private final List<LocalTemplate.S3Subscription> subscriptions;
    private final FunctionInvoker functions;
    private final URI s3;
    private final String region;
    private final PrintStream log;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() << 16);
    private final long retryDelayMillis;

    /**
     * @param s3 the S3 server itself (not the gateway), read for the size, ETag and version of created objects
     */
    S3Notifier(List<LocalTemplate.S3Subscription> subscriptions, FunctionInvoker functions, URI s3, String region,
            PrintStream log, long retryDelayMillis) {
        this.subscriptions = List.copyOf(subscriptions);
        this.functions = functions;
        this.s3 = s3;
        this.region = region;
        this.log = log;
        this.retryDelayMillis = retryDelayMillis;
    }

    static boolean isDeleteObjects(URI uri) {
        String path = uri.getPath();
        return query(uri.getRawQuery()).containsKey("delete") && (path.length() <= 1 || path.indexOf('/', 1) < 0 || path.indexOf('/', 1) == path.length() - 1);
    }

    /** Called by the gateway for every successful S3 request; returns at once. */
    void observe(S3Write write) {
        if (subscriptions.isEmpty()) return;
        List<S3Event> events;
        try {
            events = events(write);
        } catch (RuntimeException e) {
            log.println("s3 notifications: could not read " + write.method() + " " + write.uri().getPath() + ": " + e);
            return;
        }
        for (S3Event event : events) {
            for (LocalTemplate.S3Subscription s : subscriptions) {
                if (matches(s, event)) deliveries.submit(() -> deliver(s, event, write.sourceIp()));
            }
        }
    }

    /** The events an S3 request makes, as S3 names them; none for reads and sub-resource writes. */
    List<S3Event> events(S3Write write) {
        String path = write.uri().getPath();
        int slash = path.indexOf('/', 1);
        String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String key = slash < 0 || slash == path.length() - 1 ? null : path.substring(slash + 1);
        Map<String, String> query = query(write.uri().getRawQuery());
        String requestId = header(write.responseHeaders(), "x-amz-request-id");
        List<S3Event> events = new ArrayList<>();
        switch (write.method()) {
            case "PUT" -> {
                if (key == null || query.keySet().stream().anyMatch(OBJECT_SUBRESOURCES::contains)) return events;
                String name = header(write.requestHeaders(), "x-amz-copy-source") != null ? "ObjectCreated:Copy" : "ObjectCreated:Put";
                created(name, bucket, key, header(write.responseHeaders(), "x-amz-version-id"), requestId).ifPresent(events::add);
            }
            case "POST" -> {
                if (key != null && query.containsKey("uploadId")) {
                    String body = write.responseBody() == null ? "" : new String(write.responseBody(), StandardCharsets.UTF_8);
                    if (body.contains("<Error>")) return events;
                    created("ObjectCreated:CompleteMultipartUpload", bucket, key, header(write.responseHeaders(), "x-amz-version-id"), requestId)
                            .ifPresent(events::add);
                } else if (key == null && query.containsKey("delete") && write.requestBody() != null) {
                    String response = write.responseBody() == null ? "" : new String(write.responseBody(), StandardCharsets.UTF_8);
                    Matcher deleted = DELETED.matcher(response);
                    Map<String, Boolean> keys = new java.util.LinkedHashMap<>();
                    while (deleted.find()) {
                        Matcher k = XML_KEY.matcher(deleted.group(1));
                        // in a versioned bucket a delete without a version id leaves a delete marker, and S3 says so
                        if (k.find()) keys.put(xmlText(k.group(1)), deleted.group(1).contains("<DeleteMarker>true</DeleteMarker>"));
                    }
                    if (keys.isEmpty() && !response.contains("<Error>")) {
                        // quiet mode answers with errors only: every key asked for was deleted
                        Matcher k = XML_KEY.matcher(new String(write.requestBody(), StandardCharsets.UTF_8));
                        boolean markers = anySubscriptionFor(bucket) && versioningEnabled(bucket);
                        while (k.find()) keys.put(xmlText(k.group(1)), markers);
                    }
                    keys.forEach((k, marker) -> events.add(new S3Event(marker ? "ObjectRemoved:DeleteMarkerCreated"
                            : "ObjectRemoved:Delete", bucket, k, null, null, null, requestId)));
                }
            }
            case "DELETE" -> {
                if (key == null || query.containsKey("uploadId") || query.containsKey("tagging")) return events;
                boolean marker = "true".equals(header(write.responseHeaders(), "x-amz-delete-marker"));
                events.add(new S3Event(marker ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete", bucket, key, null, null,
                        header(write.responseHeaders(), "x-amz-version-id"), requestId));
            }
            default -> {
                return events;
            }
        }
        return events;
    }

    private java.util.Optional<S3Event> created(String name, String bucket, String key, String versionId, String requestId) {
        if (!anySubscriptionFor(bucket)) return java.util.Optional.empty();
        String url = s3 + "/" + bucket + "/" + encodePath(key) + (versionId == null ? "" : "?versionId=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8));
        try {
            HttpResponse<Void> head = client.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() != 200) return java.util.Optional.empty();
            long size = head.headers().firstValueAsLong("Content-Length").orElse(0);
            String eTag = head.headers().firstValue("ETag").map(e -> e.replace("\"", "")).orElse(null);
            String version = head.headers().firstValue("x-amz-version-id").orElse(versionId);
            return java.util.Optional.of(new S3Event(name, bucket, key, size, eTag, version, requestId));
        } catch (IOException e) {
            log.println("s3 notifications: could not read s3://" + bucket + "/" + key + " for its event: " + e.getMessage());
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Whether {@code bucket} has versioning enabled (a delete without a version id then leaves a delete marker). */
    private boolean versioningEnabled(String bucket) {
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(s3 + "/" + bucket + "?versioning"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("<Status>Enabled</Status>");
        } catch (IOException e) {
            log.println("s3 notifications: could not read the versioning of s3://" + bucket + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean anySubscriptionFor(String bucket) {
        return subscriptions.stream().anyMatch(s -> s.bucket().equals(bucket));
    }

    static boolean matches(LocalTemplate.S3Subscription s, S3Event event) {
        if (!s.bucket().equals(event.bucket())) return false;
        if (!event.key().startsWith(s.prefix()) || !event.key().endsWith(s.suffix())) return false;
        String type = "s3:" + event.eventName();
        for (String wanted : s.events()) {
            if (wanted.equals(type)) return true;
            if (wanted.endsWith(":*") && type.startsWith(wanted.substring(0, wanted.length() - 1))) return true;
        }
        return false;
    }

    private void deliver(LocalTemplate.S3Subscription s, S3Event event, String sourceIp) {
        JsonNode payload = eventJson(s, event, sourceIp);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                functions.invoke(s.functionName(), payload);
                log.println("s3 " + event.eventName() + " s3://" + event.bucket() + "/" + event.key() + " -> " + s.functionName());
                return;
            } catch (StatesError e) {
                log.println("s3 " + event.eventName() + " s3://" + event.bucket() + "/" + event.key() + " -> " + s.functionName()
                        + " failed (attempt " + attempt + " of " + ATTEMPTS + "): " + e.error() + ": " + errorMessage(e.cause()));
            } catch (RuntimeException e) {
                log.println("s3 " + event.eventName() + " s3://" + event.bucket() + "/" + event.key() + " -> " + s.functionName()
                        + " failed (attempt " + attempt + " of " + ATTEMPTS + "): " + e);
            }
            try {
                Thread.sleep(retryDelayMillis * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String errorMessage(String cause) {
        try {
            return Json.parse(cause).path("errorMessage").asText(cause);
        } catch (RuntimeException e) {
            return cause;
        }
    }

    /** The notification as S3 sends it to Lambda: {"Records": [ one record ]}. */
    JsonNode eventJson(LocalTemplate.S3Subscription s, S3Event event, String sourceIp) {
        ObjectNode record = Json.object();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", region)
                .put("eventTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString())
                .put("eventName", event.eventName());
        record.putObject("userIdentity").put("principalId", "AWS:local");
        record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
        record.putObject("responseElements").put("x-amz-request-id", event.requestId() == null ? "local" : event.requestId())
                .put("x-amz-id-2", "local");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", s.id());
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", event.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "local");
        bucket.put("arn", "arn:aws:s3:::" + event.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", eventKey(event.key()));
        if (event.size() != null) object.put("size", event.size());
        if (event.eTag() != null) object.put("eTag", event.eTag());
        if (event.versionId() != null) object.put("versionId", event.versionId());
        object.put("sequencer", String.format(Locale.ROOT, "%018X", sequencer.incrementAndGet()));
        ObjectNode root = Json.object();
        root.putArray("Records").add(record);
        return root;
    }

    /** S3 URL-encodes keys in events as a form does (a space as '+'), leaving '/' as it is. */
    static String eventKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String encodePath(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private static String xmlText(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }

    static String jsonString(String s) {
        return Json.write(Json.NODES.textNode(s));
    }

    @Override
    public void close() {
        deliveries.shutdown();
        try {
            deliveries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliveries.shutdownNow();
    }
}
