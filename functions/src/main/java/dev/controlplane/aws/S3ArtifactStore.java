package dev.controlplane.aws;

import dev.controlplane.domain.publish.ArtifactStore;
import dev.controlplane.domain.publish.CopyOrder;
import dev.controlplane.domain.publish.PublishedContentType;
import dev.controlplane.domain.publish.PublishedMetadata;
import dev.controlplane.domain.publish.SourceObject;
import dev.controlplane.domain.publish.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The artifact buckets in S3. Copies are server-side: CopyObject up to the multipart threshold (S3's single-copy
 * limit, 5 GiB, by default), above it a multipart upload of UploadPartCopy ranges.
 *
 * <p>Addressing: the client uses path-style requests ({@code http://host/bucket/key}) when
 * {@value #FORCE_PATH_STYLE} is {@code true}, virtual-hosted ones when it is {@code false}, and when it is unset,
 * path-style exactly when {@code AWS_ENDPOINT_URL} is set: local endpoints (moto, S3Proxy, LocalStack) listen on
 * an address like {@code 127.0.0.1:port} where {@code bucket.127.0.0.1} cannot resolve; in AWS the SDK's default
 * virtual-hosted style stays.
 */
public final class S3ArtifactStore implements ArtifactStore {

    public static final String FORCE_PATH_STYLE = "S3_FORCE_PATH_STYLE";
    /** S3 copies at most 5 GiB in one CopyObject. */
    public static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 512L * 1024 * 1024;
    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** Attempts in all of an S3 request (the SDK's default is 3). */
    static final int RETRY_ATTEMPTS = 8;
    /** Exponential with full jitter: each wait uniformly between 0 and min(20 s, 100 ms * 2^retry). */
    static final BackoffStrategy RETRY_BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100),
            Duration.ofSeconds(20));

    private static final int MAX_PARTS = 10_000;
    private static final int MAX_KEYS_PER_DELETE = 1_000;

    private final S3Client s3;
    private final long multipartThreshold;
    private final long partSize;

    public S3ArtifactStore(S3Client s3) {
        this(s3, SINGLE_COPY_LIMIT, DEFAULT_PART_SIZE);
    }

    /**
     * @param multipartThreshold objects larger than this are copied in parts; at most {@link #SINGLE_COPY_LIMIT}
     * @param partSize           bytes per part (raised when the object would need more than 10,000 parts)
     */
    public S3ArtifactStore(S3Client s3, long multipartThreshold, long partSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (multipartThreshold < 0 || multipartThreshold > SINGLE_COPY_LIMIT) {
            throw new IllegalArgumentException("multipartThreshold is " + multipartThreshold
                    + "; expected 0 to " + SINGLE_COPY_LIMIT + " bytes (S3's single-copy limit)");
        }
        if (partSize < MIN_PART_SIZE || partSize > SINGLE_COPY_LIMIT) {
            throw new IllegalArgumentException("partSize is " + partSize + "; expected " + MIN_PART_SIZE + " to "
                    + SINGLE_COPY_LIMIT + " bytes (S3's part size limits)");
        }
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /** The S3 client a function builds from its environment (see the class comment for path-style addressing). */
    public static S3Client client(Map<String, String> environment) {
        return built(AwsClientConfig.configure(S3Client.builder(), environment), environment);
    }

    /**
     * The client SnapStart priming drives in place of {@link #client} or {@link PooledS3Client#of}: built as they
     * are, with made-up credentials, on {@code http}, which answers from memory ({@link AwsClientConfig#configurePriming}).
     */
    public static S3Client primingClient(Map<String, String> environment, PrimingHttpClient http) {
        return built(AwsClientConfig.configurePriming(S3Client.builder(), environment, http), environment);
    }

    /** The client with S3's retry strategy and addressing, on whichever HTTP client the builder was given. */
    static S3Client built(S3ClientBuilder builder, Map<String, String> environment) {
        return builder
                .overrideConfiguration(o -> AwsClientConfig.describeFailures(o).retryStrategy(retryStrategy(RETRY_ATTEMPTS, RETRY_BACKOFF)))
                .forcePathStyle(forcePathStyle(environment)).build();
    }

    /**
     * The SDK's standard retry strategy for S3, given more room: a replication sends thousands of requests to one
     * prefix and S3 answers a burst with 503 SlowDown until it has scaled the prefix. Throttling, 500/503 and
     * dropped connections are retried up to {@code maxAttempts} in all, each wait drawn by {@code backoff}; the
     * SDK's circuit breaker is off, so that a throttled burst does not exhaust the retries of the requests after it.
     * Also retried: a failure caused by an I/O error at any depth, such as the URL-connection client's
     * {@link java.io.UncheckedIOException} when the server closed a kept-alive connection as a body was sent.
     */
    public static RetryStrategy retryStrategy(int maxAttempts, BackoffStrategy backoff) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .retryOnException(S3ArtifactStore::dueToConnection)
                .circuitBreakerEnabled(false)
                .build();
    }

    private static boolean dueToConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean forcePathStyle(Map<String, String> environment) {
        String explicit = environment.get(FORCE_PATH_STYLE);
        if (explicit != null && !explicit.isBlank()) {
            return switch (explicit.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalStateException("environment variable " + FORCE_PATH_STYLE + " is '"
                        + explicit + "'; expected true or false");
            };
        }
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        return endpoint != null && !endpoint.isBlank();
    }

    @Override
    public Optional<StoredObject> describe(String bucket, String key) {
        return head(bucket, key, null).map(head -> new StoredObject(head.contentLength(),
                head.metadata().get(PublishedMetadata.SHA256), head.contentType(), head.versionId()));
    }

    @Override
    public String sha256(SourceObject source) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request -> request.bucket(source.bucket())
                .key(source.key()).versionId(source.versionId()))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) digest.update(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + source.bucket() + "/" + source.key() + " to check its sha256: "
                    + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public String copy(CopyOrder order) {
        HeadObjectResponse source = head(order.source().bucket(), order.source().key(), order.source().versionId())
                .orElseThrow(() -> NoSuchKeyException.builder().statusCode(404)
                        .message("copy source s3://" + order.source().bucket() + "/" + order.source().key()
                                + (order.source().versionId() == null ? "" : " version " + order.source().versionId())
                                + " does not exist")
                        .build());
        String contentType = PublishedContentType.choose(order.key(), source.contentType());
        if (order.createOnly()) {
            // CopyObject cannot be made conditional where a bucket policy requires If-None-Match (S3 refuses it), so a
            // write-once copy is a multipart copy whose completion carries the condition; nothing to copy is a PUT.
            if (source.contentLength() == 0) {
                return s3.putObject(request -> request.bucket(order.bucket()).key(order.key()).ifNoneMatch("*")
                        .metadata(order.metadata()).contentType(contentType), RequestBody.empty()).versionId();
            }
            return copyInParts(order, source.contentLength(), contentType);
        }
        if (source.contentLength() > multipartThreshold) {
            return copyInParts(order, source.contentLength(), contentType);
        } else {
            return s3.copyObject(request -> request
                    .sourceBucket(order.source().bucket())
                    .sourceKey(order.source().key())
                    .sourceVersionId(order.source().versionId())
                    .destinationBucket(order.bucket())
                    .destinationKey(order.key())
                    .metadataDirective(MetadataDirective.REPLACE)
                    .metadata(order.metadata())
                    .contentType(contentType)).versionId();
        }
    }

    private String copyInParts(CopyOrder order, long size, String contentType) {
        long bytesPerPart = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(request -> request
                .bucket(order.bucket())
                .key(order.key())
                .metadata(order.metadata())
                .contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long first = 0; first < size; first += bytesPerPart, partNumber++) {
                long last = Math.min(first + bytesPerPart, size) - 1;
                int number = partNumber;
                String range = "bytes=" + first + "-" + last;
                String etag = s3.uploadPartCopy(request -> request
                        .sourceBucket(order.source().bucket())
                        .sourceKey(order.source().key())
                        .sourceVersionId(order.source().versionId())
                        .destinationBucket(order.bucket())
                        .destinationKey(order.key())
                        .uploadId(uploadId)
                        .partNumber(number)
                        .copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            return s3.completeMultipartUpload(request -> request
                    .bucket(order.bucket())
                    .key(order.key())
                    .uploadId(uploadId)
                    .ifNoneMatch(order.createOnly() ? "*" : null)
                    .multipartUpload(upload -> upload.parts(parts))).versionId();
        } catch (RuntimeException e) {
            // An abandoned upload's parts would be billed until a lifecycle rule removed them.
            try {
                s3.abortMultipartUpload(request -> request.bucket(order.bucket()).key(order.key()).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @Override
    public List<String> keysUnder(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Override
    public void delete(String bucket, List<String> keys) {
        for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_DELETE) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(from + MAX_KEYS_PER_DELETE, keys.size())).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            DeleteObjectsResponse response = s3.deleteObjects(request -> request.bucket(bucket)
                    .delete(delete -> delete.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException("deleting from s3://" + bucket + " failed for "
                        + response.errors().size() + " key(s), first " + response.errors().get(0).key() + ": "
                        + response.errors().get(0).code() + " " + response.errors().get(0).message());
            }
        }
    }

    private Optional<HeadObjectResponse> head(String bucket, String key, String versionId) {
        try {
            return Optional.of(s3.headObject(request -> request.bucket(bucket).key(key).versionId(versionId)));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD has no body, so some stores answer a missing key with a bare 404 and no NoSuchKey code.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
