package dev.controlplane.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.controlplane.handlers.PlanReplicationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plan step (PlanReplicationHandler, as the function runs it) for a dataset of {@code folders x perFolder}
 * objects, with no server: the SDK client's HTTP client answers from memory ({@code PrimingHttpClient}): ListObjectsV2 with pages
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
        PrimingHttpClient buckets = new PrimingHttpClient(new GeneratedBuckets(folders, perFolder, changedPercent, emptyTarget));
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
                    peak >> 20, Runtime.getRuntime().maxMemory() >> 20, buckets.answered().size(),
                    buckets.bodyBytes() >> 20);
        }
    }

    /** ListObjectsV2 of buckets {@code prod} and {@code staging} generated per request; PUT and DELETE taken. */
    private static final class GeneratedBuckets implements PrimingHttpClient.Answers {

        private final int folders;
        private final int perFolder;
        private final int changedPercent;
        private final boolean emptyTarget;

        GeneratedBuckets(int folders, int perFolder, int changedPercent, boolean emptyTarget) {
            this.folders = folders;
            this.perFolder = perFolder;
            this.changedPercent = changedPercent;
            this.emptyTarget = emptyTarget;
        }

        @Override
        public PrimingHttpClient.Answer answer(SdkHttpRequest http) {
            switch (S3PrimingAnswers.operation(http)) {
                case PUT_OBJECT:
                    return S3PrimingAnswers.stored("d41d8cd98f00b204e9800998ecf8427e");
                case DELETE_OBJECTS:
                    return S3PrimingAnswers.deleted(List.of());
                case LIST_OBJECTS_V2:
                    break;
                default:
                    return null;
            }
            String prefix = S3PrimingAnswers.parameter(http, "prefix").orElse("");
            List<S3PrimingAnswers.Listed> objects = new ArrayList<>();
            List<String> folderPrefixes = new ArrayList<>();
            boolean target = S3PrimingAnswers.inBucket(http, "staging");
            if (!(target && emptyTarget) && (S3PrimingAnswers.inBucket(http, "prod") || target)) {
                if (S3PrimingAnswers.parameter(http, "delimiter").isPresent() && prefix.isEmpty()) {
                    for (int folder = 0; folder < folders; folder++) {
                        folderPrefixes.add(folder(folder));
                    }
                } else if (prefix.startsWith("p")) {
                    int folder = Integer.parseInt(prefix.substring(1, prefix.length() - 1));
                    int count = target ? perFolder + perFolder * changedPercent / 100 : perFolder;
                    for (int i = 0; i < count; i++) {
                        boolean changed = target && i < perFolder * changedPercent / 100;
                        objects.add(new S3PrimingAnswers.Listed(folder(folder) + String.format(Locale.ROOT,
                                "obj%07d.bin", (long) folder * perFolder + i), changed ? 4097 : 4096,
                                etag(folder, i, changed)));
                    }
                }
            }
            return S3PrimingAnswers.listing(objects, folderPrefixes);
        }

        private static String folder(int folder) {
            return String.format(Locale.ROOT, "p%04d/", folder);
        }

        private static String etag(int folder, int i, boolean changed) {
            return String.format(Locale.ROOT, "%08x%08x%016x", folder, i, changed ? 1L : 0L);
        }
    }
}
