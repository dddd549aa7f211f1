package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.ChecksumLookup;
import dev.controlplane.domain.replication.ListedObject;
import dev.controlplane.domain.replication.ObjectComparison;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The copier against moto: throttling retried, metadata kept in multipart copies, a source's part layout kept. */
@IntegrationTest
class S3ObjectCopierMotoTest {

    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    private String prod;
    private String staging;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void freshBuckets() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        prod = "lake-prod-" + suffix;
        staging = "lake-staging-" + suffix;
        s3.createBucket(r -> r.bucket(prod));
        s3.createBucket(r -> r.bucket(staging));
    }

    /** The production retry strategy with {@code attempts} in all, its backoff's waits recorded. */
    private RetryStrategy recordingRetries(int attempts) {
        BackoffStrategy jittered = BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2));
        return S3ArtifactStore.retryStrategy(attempts, retry -> {
            Duration wait = jittered.computeDelay(retry);
            sleeps.add(wait);
            return wait;
        });
    }

    private ListedObject listed(String key) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(prod).key("data/" + key));
        return new ListedObject(key, head.contentLength(), head.eTag());
    }

    private byte[] bytes(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    /** An S3 client whose first {@code failures} CopyObject requests are answered 503 SlowDown, retried by {@code retries}. */
    private S3Client throttledClient(int failures, AtomicInteger copyRequests, RetryStrategy retries) {
        SdkHttpClient real = UrlConnectionHttpClient.create();
        SdkHttpClient throttling = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                boolean copy = request.httpRequest().method() == SdkHttpMethod.PUT
                        && request.httpRequest().firstMatchingHeader("x-amz-copy-source").isPresent();
                if (copy && copyRequests.incrementAndGet() <= failures) {
                    return new ExecutableHttpRequest() {
                        @Override
                        public HttpExecuteResponse call() {
                            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                                    + "<Message>Please reduce your request rate.</Message></Error>").getBytes(UTF_8);
                            return HttpExecuteResponse.builder()
                                    .response(SdkHttpResponse.builder().statusCode(503)
                                            .putHeader("Content-Type", "application/xml").build())
                                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                                    .build();
                        }

                        @Override
                        public void abort() {
                        }
                    };
                }
                return real.prepareRequest(request);
            }

            @Override
            public void close() {
                real.close();
            }
        };
        return S3Client.builder().endpointOverride(MOTO.endpoint().endpoint()).region(Region.of(MotoEndpoint.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true).httpClient(throttling)
                .overrideConfiguration(o -> o.retryStrategy(retries))
                .build();
    }

    @Test
    void throttledCopiesAreRetriedWithJitteredBackoffUntilTheyPass() {
        ArtifactsMoto.put(s3, prod, "data/a.csv", "a,b\n1,2\n");
        AtomicInteger copyRequests = new AtomicInteger();
        try (S3Client throttled = throttledClient(3, copyRequests, recordingRetries(5))) {
            S3ObjectCopier copier = new S3ObjectCopier(throttled, S3ObjectCopier.Settings.DEFAULT);

            BatchOutcome outcome = copier.copy(new DatasetLocation(prod, "data/"), new DatasetLocation(staging, "data/"),
                    List.of(listed("a.csv")));

            assertThat(outcome.objects()).isEqualTo(1);
            assertThat(outcome.failedObjects()).isZero();
        }
        assertThat(copyRequests).hasValue(4);
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(sleeps.get(2)).isBetween(Duration.ZERO, Duration.ofMillis(400));
        assertThat(bytes(staging, "data/a.csv")).isEqualTo("a,b\n1,2\n".getBytes(UTF_8));
    }

    @Test
    void copyStillThrottledAfterTheLastAttemptIsCountedAsFailedNotThrown() {
        ArtifactsMoto.put(s3, prod, "data/a.csv", "a");
        AtomicInteger copyRequests = new AtomicInteger();
        try (S3Client throttled = throttledClient(3, copyRequests, recordingRetries(3))) {
            S3ObjectCopier copier = new S3ObjectCopier(throttled, S3ObjectCopier.Settings.DEFAULT);

            BatchOutcome outcome = copier.copy(new DatasetLocation(prod, "data/"), new DatasetLocation(staging, "data/"),
                    List.of(listed("a.csv")));

            assertThat(outcome.objects()).isZero();
            assertThat(outcome.failedObjects()).isEqualTo(1);
            assertThat(outcome.failures().get(0).reason()).contains("503").contains("SlowDown");
        }
        assertThat(copyRequests).hasValue(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void missingSourceFailsWithoutRetrying() {
        try (S3Client retrying = throttledClient(0, new AtomicInteger(), recordingRetries(5))) {
            S3ObjectCopier copier = new S3ObjectCopier(retrying, S3ObjectCopier.Settings.DEFAULT);

            BatchOutcome outcome = copier.copy(new DatasetLocation(prod, "data/"),
                    new DatasetLocation(staging, "data/"),
                    List.of(new ListedObject("gone.csv", 3, "0cc175b9c0f1b6a831c399e269772661")));

            assertThat(outcome.failedObjects()).isEqualTo(1);
            assertThat(outcome.failures().get(0).key()).isEqualTo("gone.csv");
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void objectAboveTheThresholdIsCopiedInPartsWithContentTypeAndMetadata() {
        byte[] large = new byte[(int) (11 * MIB)];
        Arrays.fill(large, (byte) 'x');
        large[large.length - 1] = 'z';
        s3.putObject(r -> r.bucket(prod).key("data/big.parquet").contentType("application/vnd.apache.parquet")
                .cacheControl("max-age=60").metadata(Map.of("owner", "sales", "writer", "spark")),
                RequestBody.fromBytes(large));
        S3ObjectCopier copier = new S3ObjectCopier(s3,
                new S3ObjectCopier.Settings(4, 5 * MIB, 5 * MIB));

        BatchOutcome outcome = copier.copy(new DatasetLocation(prod, "data/"), new DatasetLocation(staging, "copy/"),
                List.of(listed("big.parquet")));

        assertThat(outcome.objects()).isEqualTo(1);
        assertThat(outcome.bytes()).isEqualTo(large.length);
        HeadObjectResponse copied = s3.headObject(r -> r.bucket(staging).key("copy/big.parquet"));
        assertThat(copied.eTag()).as("copied in parts").endsWith("-3\"");
        assertThat(copied.contentType()).isEqualTo("application/vnd.apache.parquet");
        assertThat(copied.cacheControl()).isEqualTo("max-age=60");
        assertThat(copied.metadata()).isEqualTo(Map.of("owner", "sales", "writer", "spark"));
        assertThat(bytes(staging, "copy/big.parquet")).isEqualTo(large);
    }

    @Test
    void smallObjectIsCopiedWholeWithContentTypeAndMetadata() {
        s3.putObject(r -> r.bucket(prod).key("data/a.json").contentType("application/json")
                .metadata(Map.of("owner", "sales")), RequestBody.fromString("{}"));
        S3ObjectCopier copier = new S3ObjectCopier(s3, S3ObjectCopier.Settings.DEFAULT);

        copier.copy(new DatasetLocation(prod, "data/"), new DatasetLocation(staging, "data/"), List.of(listed("a.json")));

        HeadObjectResponse copied = s3.headObject(r -> r.bucket(staging).key("data/a.json"));
        assertThat(copied.contentType()).isEqualTo("application/json");
        assertThat(copied.metadata()).isEqualTo(Map.of("owner", "sales"));
        assertThat(copied.eTag()).isEqualTo(s3.headObject(r -> r.bucket(prod).key("data/a.json")).eTag());
    }

    @Test
    void sourceUploadedInPartsIsCopiedInTheSamePartsSoItsEtagMatchesAndTheNextPlanSkipsIt() throws IOException {
        byte[] first = new byte[(int) (5 * MIB)];
        Arrays.fill(first, (byte) 'p');
        byte[] second = "the last, small part".getBytes(UTF_8);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(prod).key("data/multi.bin")
                .contentType("application/octet-stream").metadata(Map.of("parts", "2"))).uploadId();
        String etag1 = s3.uploadPart(r -> r.bucket(prod).key("data/multi.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String etag2 = s3.uploadPart(r -> r.bucket(prod).key("data/multi.bin").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second)).eTag();
        s3.completeMultipartUpload(r -> r.bucket(prod).key("data/multi.bin").uploadId(uploadId)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));
        ListedObject source = listed("multi.bin");
        assertThat(source.partCount()).isEqualTo(2);
        S3ObjectCopier copier = new S3ObjectCopier(s3, S3ObjectCopier.Settings.DEFAULT);

        BatchOutcome outcome = copier.copy(new DatasetLocation(prod, "data/"), new DatasetLocation(staging, "data/"),
                List.of(source));

        assertThat(outcome.objects()).isEqualTo(1);
        HeadObjectResponse copied = s3.headObject(r -> r.bucket(staging).key("data/multi.bin"));
        ListedObject target = new ListedObject("multi.bin", copied.contentLength(), copied.eTag());
        assertThat(target.etag()).isEqualTo(source.etag());
        assertThat(ObjectComparison.of(source, target)).isEqualTo(ObjectComparison.SAME);
        assertThat(copied.metadata()).containsEntry("parts", "2");
        assertThat(bytes(staging, "data/multi.bin")).isEqualTo(bytes(prod, "data/multi.bin"));
    }

    @Test
    void listingPagesThroughEveryObjectWithKeysRelativeToThePrefix() {
        for (int i = 0; i < 1_005; i++) {
            String key = String.format("data/part-%04d.csv", i);
            s3.putObject(r -> r.bucket(prod).key(key), RequestBody.fromString("x"));
        }
        s3.putObject(r -> r.bucket(prod).key("other/ignored.csv"), RequestBody.fromString("x"));

        List<ListedObject> listed = new S3ObjectListing(s3).list(new DatasetLocation(prod, "data/"));

        assertThat(listed).hasSize(1_005);
        assertThat(listed.get(0)).isEqualTo(new ListedObject("part-0000.csv", 1, "9dd4e461268c8034f5c8564e155c67a6"));
        assertThat(listed.get(1_004).key()).isEqualTo("part-1004.csv");
        assertThat(Optional.of(listed.get(0).etag())).hasValue("9dd4e461268c8034f5c8564e155c67a6");
    }

    @Test
    void foldersAreListedEachOnItsOwnAndTheListingComesBackInKeyOrder() {
        for (String key : List.of("data/b.csv", "data/x/2.csv", "data/a.csv", "data/y/z/3.csv", "data/x/1.csv",
                "data/x-/4.csv", "other/ignored.csv")) {
            s3.putObject(r -> r.bucket(prod).key(key), RequestBody.fromString(key));
        }

        List<ListedObject> listed = new S3ObjectListing(s3, 2).list(new DatasetLocation(prod, "data/"));

        assertThat(listed).extracting(ListedObject::key)
                .containsExactly("a.csv", "b.csv", "x-/4.csv", "x/1.csv", "x/2.csv", "y/z/3.csv");
    }

    @Test
    void keysWithSpacesPlusSignsAndNonAsciiCharactersComeBackIntact() {
        List<String> keys = List.of("data/a b.csv", "data/c+d.csv", "data/é/ü.csv", "data/%41.csv", "data/x&y=z?.csv",
                "data/~tilde'quote\"<angle>.csv");
        for (String key : keys) {
            s3.putObject(r -> r.bucket(prod).key(key), RequestBody.fromString(key));
        }

        List<ListedObject> listed = new S3ObjectListing(s3, 2).list(new DatasetLocation(prod, "data/"));

        assertThat(listed).extracting(ListedObject::key).containsExactlyElementsOf(
                keys.stream().map(key -> key.substring("data/".length())).sorted().toList());
    }

    @Test
    void listingAMissingBucketFailsWithS3sError() {
        assertThatThrownBy(() -> new S3ObjectListing(s3).list(new DatasetLocation(prod + "-gone", "data/")))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void checksumsOfUndecidedPairsAreLookedUpBeforePlanningAndOthersWhenAsked() {
        for (String key : List.of("data/a.csv", "data/b.csv", "data/skip.csv")) {
            s3.putObject(r -> r.bucket(prod).key(key), RequestBody.fromString("same bytes"));
            s3.putObject(r -> r.bucket(staging).key(key), RequestBody.fromString("same bytes"));
        }
        S3ObjectListing listing = new S3ObjectListing(s3, 2);
        Optional<String> checksum = listing.fullObjectChecksum(prod, "data/a.csv");
        assertThat(checksum).as("moto keeps the checksum the SDK sends with a PutObject").isPresent();
        // As another tool's upload would list them: equal sizes, other ETags (undecided), except b (changed size).
        List<ListedObject> source = List.of(new ListedObject("a.csv", 10, "aaa"), new ListedObject("b.csv", 10, "bbb"),
                new ListedObject("skip.csv", 10, "ccc"));
        List<ListedObject> target = List.of(new ListedObject("a.csv", 10, "xxx-2"), new ListedObject("b.csv", 11, "bbb"),
                new ListedObject("skip.csv", 10, "yyy"));

        ChecksumLookup lookup = listing.withChecksumsOfUndecided(new DatasetLocation(prod, "data/"), source,
                new DatasetLocation(staging, "data/"), target, key -> !key.startsWith("skip"));
        for (String key : List.of("data/a.csv", "data/b.csv", "data/skip.csv")) {
            s3.deleteObject(r -> r.bucket(prod).key(key));
            s3.deleteObject(r -> r.bucket(staging).key(key));
        }

        assertThat(lookup.fullObjectChecksum(prod, "data/a.csv")).as("looked up before the objects went")
                .isEqualTo(checksum);
        assertThat(lookup.fullObjectChecksum(staging, "data/a.csv")).isEqualTo(checksum);
        assertThat(lookup.fullObjectChecksum(prod, "data/b.csv")).as("decided by size: asked now, and gone")
                .isEmpty();
        assertThat(lookup.fullObjectChecksum(prod, "data/skip.csv")).as("not selected: asked now").isEmpty();
    }
}
