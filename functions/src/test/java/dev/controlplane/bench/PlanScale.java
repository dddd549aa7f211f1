package dev.controlplane.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.controlplane.handlers.PlanReplicationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plan step (PlanReplicationHandler, as the function runs it) for a dataset of {@code folders x perFolder}
 * objects, with no server: the SDK client's HTTP client is this process, which answers ListObjectsV2 with pages
 * generated on the fly (source: every object; target: the same objects, but {@code changedPercent} of them with
 * another size and ETag and as many more that the source lacks, or nothing when {@code target} is {@code empty}), and takes
 * every PUT and DELETE of the plan files without keeping them. Prints one line: objects, copies, deletes, the
 * step's wall time and the heap's peak (the JVM's pools' peaks summed after the step).
 *
 * <p>Usage: {@code PlanScale CONFIG_DIR FOLDERS PER_FOLDER CHANGED_PERCENT same|empty}
 */
public final class PlanScale {

    private PlanScale() {
    }

    public static void main(String[] args) throws IOException {
        Path configDir = Path.of(args[0]);
        int folders = Integer.parseInt(args[1]);
        int perFolder = Integer.parseInt(args[2]);
        int changedPercent = Integer.parseInt(args[3]);
        boolean emptyTarget = args[4].equals("empty");
        GeneratedBuckets buckets = new GeneratedBuckets(folders, perFolder, changedPercent, emptyTarget);
        PlatformConfig config = PlatformConfig.load(configDir);
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).httpClient(buckets)
                .endpointOverride(URI.create("http://plan-scale.invalid")).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .overrideConfiguration(o -> o.retryStrategy(S3ArtifactStore.retryStrategy(1,
                        BackoffStrategy.retryImmediately())))
                .build()) {
            PlanReplicationHandler handler = new PlanReplicationHandler(config, new S3ObjectListing(s3),
                    new S3ReplicationPlanStore(s3), "plans", "replication/", ReplicationBatching.DEFAULT,
                    Clock.systemUTC());
            String dataset = config.datasets().get(0).name();
            long start = System.nanoTime();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(("{\"dataset\":\"" + dataset + "\",\"runId\":\"scale\"}")
                    .getBytes(UTF_8)), output, null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "objects %d, plan %s, %d ms, peak heap %d MiB of max %d MiB, %d requests,"
                    + " %d MiB of plan files%n", (long) folders * perFolder, output.toString(UTF_8)
                    .replaceAll(".*\"copies\":(\\d+),\"deletes\":(\\d+).*", "copies $1 deletes $2"), millis,
                    peak >> 20, Runtime.getRuntime().maxMemory() >> 20, buckets.requests.get(),
                    buckets.putBytes.get() >> 20);
        }
    }

    /** ListObjectsV2 of buckets {@code prod} and {@code staging} generated per request; PUT and DELETE taken. */
    private static final class GeneratedBuckets implements SdkHttpClient {

        private final int folders;
        private final int perFolder;
        private final int changedPercent;
        private final boolean emptyTarget;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong putBytes = new AtomicLong();

        GeneratedBuckets(int folders, int perFolder, int changedPercent, boolean emptyTarget) {
            this.folders = folders;
            this.perFolder = perFolder;
            this.changedPercent = changedPercent;
            this.emptyTarget = emptyTarget;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.incrementAndGet();
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    return answer(request);
                }

                @Override
                public void abort() {
                }
            };
        }

        private HttpExecuteResponse answer(HttpExecuteRequest request) throws IOException {
            SdkHttpRequest http = request.httpRequest();
            String bucket = http.encodedPath().replaceFirst("^/", "").replaceFirst("/.*", "");
            if (http.method() == SdkHttpMethod.PUT || http.method() == SdkHttpMethod.POST) {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body = request.contentStreamProvider().get().newStream()) {
                        putBytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
                    }
                }
                String xml = http.method() == SdkHttpMethod.POST
                        ? "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>" : "";
                return response(xml, Map.of("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\""));
            }
            Map<String, String> query = new HashMap<>();
            http.rawQueryParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
            String prefix = URLDecoder.decode(query.getOrDefault("prefix", ""), UTF_8);
            StringBuilder xml = new StringBuilder(200 * perFolder).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                    .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
                    .append(bucket).append("</Name><Prefix>").append(prefix)
                    .append("</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>")
                    .append("<IsTruncated>false</IsTruncated>");
            boolean target = bucket.equals("staging");
            if (!(target && emptyTarget) && (bucket.equals("prod") || target)) {
                if (query.containsKey("delimiter") && prefix.isEmpty()) {
                    for (int folder = 0; folder < folders; folder++) {
                        xml.append("<CommonPrefixes><Prefix>").append(folder(folder)).append("</Prefix></CommonPrefixes>");
                    }
                } else if (prefix.startsWith("p")) {
                    int folder = Integer.parseInt(prefix.substring(1, prefix.length() - 1));
                    int count = target ? perFolder + perFolder * changedPercent / 100 : perFolder;
                    for (int i = 0; i < count; i++) {
                        boolean changed = target && i < perFolder * changedPercent / 100;
                        xml.append("<Contents><Key>").append(folder(folder)).append(String.format(Locale.ROOT,
                                "obj%07d.bin", (long) folder * perFolder + i)).append("</Key>")
                                .append("<LastModified>2026-12-06T00:00:00.000Z</LastModified><ETag>&quot;")
                                .append(etag(folder, i, changed)).append("&quot;</ETag><Size>")
                                .append(changed ? 4097 : 4096).append("</Size>")
                                .append("<StorageClass>STANDARD</StorageClass></Contents>");
                    }
                }
            }
            return response(xml.append("</ListBucketResult>").toString(), Map.of());
        }

        private static String folder(int folder) {
            return String.format(Locale.ROOT, "p%04d/", folder);
        }

        private static String etag(int folder, int i, boolean changed) {
            return String.format(Locale.ROOT, "%08x%08x%016x", folder, i, changed ? 1L : 0L);
        }

        private static HttpExecuteResponse response(String body, Map<String, String> headers) {
            byte[] bytes = body.getBytes(UTF_8);
            SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200)
                    .putHeader("Content-Length", Integer.toString(bytes.length));
            headers.forEach(response::putHeader);
            return HttpExecuteResponse.builder().response(response.build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
        }

        @Override
        public void close() {
        }
    }
}
