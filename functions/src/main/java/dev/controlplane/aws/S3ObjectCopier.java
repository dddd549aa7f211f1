package dev.controlplane.aws;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.CopyFailure;
import dev.controlplane.domain.replication.ListedObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Copies a batch of objects server-side, the bytes never passing through the function.
 *
 * <ul>
 *   <li>CopyObject with {@code MetadataDirective COPY}: content type, user metadata and the other headers as the
 *       source has them.</li>
 *   <li>A multipart copy (UploadPartCopy, parts in parallel) for an object above the threshold (S3 copies at most
 *       5 GiB at once) and for every source uploaded in parts: it is copied in the source's own part layout, so
 *       the target gets the same ETag and the next plan sees the object as unchanged; a single CopyObject would
 *       give it the MD5 ETag of a single-part object.</li>
 *   <li>Every copy names the planned ETag ({@code x-amz-copy-source-if-match}): a source changed since planning
 *       fails the copy instead of copying bytes the plan did not compare; the next run copies it.</li>
 *   <li>At most {@code concurrency} requests in flight, shared by objects and parts; each request retried by the
 *       client's retry strategy (see {@link S3ArtifactStore#retryStrategy}).</li>
 *   <li>Every copy is checked: a single CopyObject whose returned ETag is the planned one (the source's MD5; the copy
 *       was conditional on it) holds the planned bytes; any other copy is checked with HeadObject against the
 *       planned size and the ETag the copy returned.</li>
 * </ul>
 */
public final class S3ObjectCopier {

    /**
     * @param concurrency        requests in flight at most
     * @param multipartThreshold objects larger than this are copied in parts; at most 5 GiB
     * @param partSize           bytes per part when the source has no part layout of its own
     */
    public record Settings(int concurrency, long multipartThreshold, long partSize) {

        public static final Settings DEFAULT = new Settings(64, S3ArtifactStore.SINGLE_COPY_LIMIT, 256L * 1024 * 1024);

        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency is " + concurrency + "; expected 1 or more");
            }
            if (multipartThreshold < 0 || multipartThreshold > S3ArtifactStore.SINGLE_COPY_LIMIT) {
                throw new IllegalArgumentException("multipartThreshold is " + multipartThreshold + "; expected 0 to "
                        + S3ArtifactStore.SINGLE_COPY_LIMIT + " bytes (S3's single-copy limit)");
            }
            if (partSize < S3ArtifactStore.MIN_PART_SIZE || partSize > S3ArtifactStore.SINGLE_COPY_LIMIT) {
                throw new IllegalArgumentException("partSize is " + partSize + "; expected "
                        + S3ArtifactStore.MIN_PART_SIZE + " to " + S3ArtifactStore.SINGLE_COPY_LIMIT + " bytes");
            }
        }
    }

    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final Settings settings;
    private final Semaphore inFlight;

    public S3ObjectCopier(S3Client s3, Settings settings) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.inFlight = new Semaphore(settings.concurrency());
    }

    /** Copies every object from the source location to the same relative key under the target location. */
    public BatchOutcome copy(DatasetLocation source, DatasetLocation target, List<ListedObject> objects) {
        if (objects.isEmpty()) {
            return BatchOutcome.NONE;
        }
        List<Future<BatchOutcome>> copies = new ArrayList<>();
        // At most as many objects at once as requests may be in flight, on platform threads: blocking sockets on
        // them need none of the JDK's pollers, which would hold a short command's exit. Parts stay virtual threads.
        try (ExecutorService threads = Executors.newFixedThreadPool(Math.min(settings.concurrency(), objects.size()),
                Thread.ofPlatform().daemon().name("copy-", 1).factory())) {
            for (ListedObject object : objects) {
                copies.add(threads.submit(() -> copyOne(source, target, object)));
            }
        }
        BatchOutcome outcome = BatchOutcome.NONE;
        for (Future<BatchOutcome> copy : copies) {
            outcome = outcome.plus(result(copy));
        }
        return outcome;
    }

    private BatchOutcome copyOne(DatasetLocation source, DatasetLocation target, ListedObject object) {
        String sourceKey = source.prefix() + object.key();
        String targetKey = target.prefix() + object.key();
        try {
            boolean inParts = object.size() > 0 && (object.multipart() || object.size() > settings.multipartThreshold());
            String etag = inParts
                    ? copyInParts(source.bucket(), sourceKey, target.bucket(), targetKey, object)
                    : copyWhole(source.bucket(), sourceKey, target.bucket(), targetKey, object);
            if (!inParts && !object.etag().isEmpty() && ListedObject.unquoted(etag).equals(object.etag())) {
                // Copied only if the source still had the planned ETag, and the copy's ETag is that MD5 again:
                // the target holds the planned bytes. A request saved per object.
                return new BatchOutcome(1, object.size(), 0, List.of());
            }
            HeadObjectResponse copied = request(() -> s3.headObject(r -> r.bucket(target.bucket()).key(targetKey)));
            String copiedEtag = ListedObject.unquoted(copied.eTag());
            if (copied.contentLength() != object.size() || !copiedEtag.equals(ListedObject.unquoted(etag))) {
                return failed(object, "the copy has " + copied.contentLength() + " bytes and ETag " + copiedEtag
                        + "; expected " + object.size() + " bytes and ETag " + ListedObject.unquoted(etag));
            }
            return new BatchOutcome(1, object.size(), 0, List.of());
        } catch (SdkException e) {
            return failed(object, reason(e, object));
        }
    }

    private String copyWhole(String sourceBucket, String sourceKey, String targetBucket, String targetKey,
            ListedObject object) {
        return request(() -> s3.copyObject(r -> r
                .sourceBucket(sourceBucket).sourceKey(sourceKey)
                .destinationBucket(targetBucket).destinationKey(targetKey)
                .copySourceIfMatch(quoted(object.etag()))
                .metadataDirective(MetadataDirective.COPY))).copyObjectResult().eTag();
    }

    private String copyInParts(String sourceBucket, String sourceKey, String targetBucket, String targetKey,
            ListedObject object) {
        HeadObjectResponse head = request(() -> s3.headObject(r -> r.bucket(sourceBucket).key(sourceKey)
                .ifMatch(quoted(object.etag()))));
        List<long[]> ranges = partRanges(sourceBucket, sourceKey, object);
        String uploadId = request(() -> s3.createMultipartUpload(r -> r
                .bucket(targetBucket).key(targetKey)
                .contentType(head.contentType())
                .metadata(head.metadata())
                .cacheControl(head.cacheControl())
                .contentDisposition(head.contentDisposition())
                .contentEncoding(head.contentEncoding())
                .contentLanguage(head.contentLanguage()))).uploadId();
        try {
            List<Future<CompletedPart>> uploads = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < ranges.size(); i++) {
                    int number = i + 1;
                    String range = "bytes=" + ranges.get(i)[0] + "-" + ranges.get(i)[1];
                    uploads.add(threads.submit(() -> {
                        String etag = request(() -> s3.uploadPartCopy(r -> r
                                .sourceBucket(sourceBucket).sourceKey(sourceKey)
                                .destinationBucket(targetBucket).destinationKey(targetKey)
                                .uploadId(uploadId).partNumber(number).copySourceRange(range)
                                .copySourceIfMatch(quoted(object.etag())))).copyPartResult().eTag();
                        return CompletedPart.builder().partNumber(number).eTag(etag).build();
                    }));
                }
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> upload : uploads) {
                parts.add(result(upload));
            }
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            return request(() -> s3.completeMultipartUpload(r -> r.bucket(targetBucket).key(targetKey)
                    .uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)))).eTag();
        } catch (RuntimeException e) {
            // An abandoned upload's parts are billed until a lifecycle rule removes them.
            try {
                request(() -> s3.abortMultipartUpload(r -> r.bucket(targetBucket).key(targetKey).uploadId(uploadId)));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Inclusive byte ranges: the source's own parts when it has them, else parts of the configured size. */
    private List<long[]> partRanges(String bucket, String key, ListedObject object) {
        List<Long> sizes = new ArrayList<>();
        int sourceParts = object.partCount();
        if (sourceParts > 0) {
            long first = request(() -> s3.headObject(r -> r.bucket(bucket).key(key).partNumber(1))).contentLength();
            if (sourceParts == 1 || ceilDiv(object.size(), first) == sourceParts) {
                for (long from = 0; from < object.size(); from += first) {
                    sizes.add(Math.min(first, object.size() - from));
                }
            } else {
                // Parts of different sizes: ask for each, the only way to reproduce the layout.
                sizes.add(first);
                for (int part = 2; part <= sourceParts; part++) {
                    int number = part;
                    sizes.add(request(() -> s3.headObject(r -> r.bucket(bucket).key(key).partNumber(number)))
                            .contentLength());
                }
            }
        } else {
            long bytesPerPart = Math.max(settings.partSize(), ceilDiv(object.size(), MAX_PARTS));
            for (long from = 0; from < object.size(); from += bytesPerPart) {
                sizes.add(Math.min(bytesPerPart, object.size() - from));
            }
        }
        List<long[]> ranges = new ArrayList<>();
        long from = 0;
        for (long size : sizes) {
            ranges.add(new long[] {from, from + size - 1});
            from += size;
        }
        return ranges;
    }

    private <T> T request(Supplier<T> call) {
        inFlight.acquireUninterruptibly();
        try {
            return call.get();
        } finally {
            inFlight.release();
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static BatchOutcome failed(ListedObject object, String reason) {
        return new BatchOutcome(0, 0, 1, List.of(new CopyFailure(object.key(), reason)));
    }

    private static String reason(SdkException e, ListedObject object) {
        if (e instanceof AwsServiceException service && service.statusCode() == 412) {
            return "the source changed since planning (its ETag is no longer " + object.etag()
                    + "); the next run copies it";
        }
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.statusCode() + " " + service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String quoted(String etag) {
        return etag.isEmpty() ? null : "\"" + etag + "\"";
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
