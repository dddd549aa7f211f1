package dev.controlplane.aws;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.replication.ChecksumLookup;
import dev.controlplane.domain.replication.ListedObject;
import dev.controlplane.domain.replication.ListingJoin;
import dev.controlplane.domain.replication.ObjectComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A dataset's objects as ListObjectsV2 shows them, and their full-object checksums for the comparisons a listing
 * cannot settle.
 *
 * <p>A listing is one request per 1,000 keys, one after the other (each page needs the previous page's token).
 * So the first level is listed with the delimiter {@code /}, which gives the objects right under the prefix and
 * its "folders", and each folder is then listed on its own, {@code concurrency} at a time: a dataset laid out in
 * folders (dates, partitions) is listed in parallel. Some stores also answer a page of a small folder much faster
 * than a page of a large flat listing (S3Proxy's filesystem store walks the whole bucket for every page).
 * Pages come from the SDK's ListObjectsV2 paginator, retried by the client's retry strategy; the folders are
 * listed from a pool of {@code concurrency} platform threads (their sockets then need none of the JDK's pollers,
 * which would hold a short command's exit).
 */
public final class S3ObjectListing implements ChecksumLookup {

    /** Folders listed at once by default. */
    public static final int DEFAULT_CONCURRENCY = 16;
    private static final String DELIMITER = "/";

    private final S3Client s3;
    private final int concurrency;

    public S3ObjectListing(S3Client s3) {
        this(s3, DEFAULT_CONCURRENCY);
    }

    public S3ObjectListing(S3Client s3, int concurrency) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency is " + concurrency + "; expected 1 or more");
        }
        this.concurrency = concurrency;
    }

    /** Every object under the location's prefix, keys relative to it, in key order. */
    public List<ListedObject> list(DatasetLocation location) {
        List<ListedObject> objects = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        pages(location, location.prefix(), DELIMITER, objects, folders);
        if (folders.isEmpty()) {
            return objects;
        }
        List<Future<List<ListedObject>>> listings = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(concurrency, folders.size()),
                Thread.ofPlatform().daemon().name("listing-", 1).factory());
        try {
            for (String folder : folders) {
                listings.add(threads.submit(() -> {
                    List<ListedObject> inFolder = new ArrayList<>();
                    pages(location, folder, null, inFolder, null);
                    return inFolder;
                }));
            }
        } finally {
            threads.shutdown();
        }
        for (Future<List<ListedObject>> listing : listings) {
            objects.addAll(result(listing));
        }
        objects.sort(Comparator.comparing(ListedObject::key));
        return objects;
    }

    /** Every page under {@code prefix}; with a delimiter, the common prefixes go to {@code folders}. */
    private void pages(DatasetLocation location, String prefix, String delimiter, List<ListedObject> objects,
            List<String> folders) {
        ListObjectsV2Iterable pages = s3.listObjectsV2Paginator(request -> request.bucket(location.bucket())
                .prefix(prefix.isEmpty() ? null : prefix).delimiter(delimiter));
        for (ListObjectsV2Response page : pages) {
            for (S3Object object : page.contents()) {
                objects.add(new ListedObject(object.key().substring(location.prefix().length()), object.size(),
                        object.eTag()));
            }
            if (folders != null) {
                page.commonPrefixes().forEach(folder -> folders.add(folder.prefix()));
            }
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The checksums a plan of these listings will ask for, looked up now, {@code concurrency} pairs at a time,
     * rather than one after the other while planning: every selected key listed on both sides with equal sizes and
     * different ETags (see {@link ObjectComparison}) gets its source's checksum, and its target's when the source
     * has one. Keys it did not look up are looked up when asked.
     */
    public ChecksumLookup withChecksumsOfUndecided(DatasetLocation source, List<ListedObject> sourceObjects,
            DatasetLocation target, List<ListedObject> targetObjects, Predicate<String> selects) {
        Map<String, Optional<String>> known = new ConcurrentHashMap<>();
        List<ListedObject> undecided = new ArrayList<>();
        ListingJoin.forEachKey(sourceObjects, targetObjects, (inSource, inTarget) -> {
            if (inSource != null && inTarget != null
                    && ObjectComparison.of(inSource, inTarget) == ObjectComparison.UNDECIDED
                    && selects.test(inSource.key())) {
                undecided.add(inSource);
            }
        });
        if (undecided.isEmpty()) {
            return this;
        }
        List<Future<?>> lookups = new ArrayList<>();
        // Platform threads, as for the folders: blocking sockets on them need none of the JDK's pollers.
        try (ExecutorService threads = Executors.newFixedThreadPool(Math.min(concurrency, undecided.size()),
                Thread.ofPlatform().daemon().name("checksums-", 1).factory())) {
            for (ListedObject object : undecided) {
                lookups.add(threads.submit(() -> {
                    String sourceKey = source.prefix() + object.key();
                    Optional<String> sourceChecksum = fullObjectChecksum(source.bucket(), sourceKey);
                    known.put(source.bucket() + "\n" + sourceKey, sourceChecksum);
                    if (sourceChecksum.isPresent()) {
                        String targetKey = target.prefix() + object.key();
                        known.put(target.bucket() + "\n" + targetKey, fullObjectChecksum(target.bucket(),
                                targetKey));
                    }
                    return null;
                }));
            }
        }
        lookups.forEach(S3ObjectListing::result);
        return (bucket, key) -> {
            Optional<String> checksum = known.get(bucket + "\n" + key);
            return checksum != null ? checksum : fullObjectChecksum(bucket, key);
        };
    }

    @Override
    public Optional<String> fullObjectChecksum(String bucket, String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(bucket).key(key)
                    .checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        // A composite checksum (of the parts' checksums) depends on the part layout, like the ETag.
        if (head.checksumType() == ChecksumType.COMPOSITE) {
            return Optional.empty();
        }
        return fullObject("CRC64NVME", head.checksumCRC64NVME())
                .or(() -> fullObject("SHA256", head.checksumSHA256()))
                .or(() -> fullObject("SHA1", head.checksumSHA1()))
                .or(() -> fullObject("CRC32C", head.checksumCRC32C()))
                .or(() -> fullObject("CRC32", head.checksumCRC32()));
    }

    private static Optional<String> fullObject(String algorithm, String value) {
        // A value ending in -{parts} is a checksum of the parts' checksums.
        return value == null || value.isBlank() || value.matches(".*-[0-9]+") ? Optional.empty()
                : Optional.of(algorithm + ":" + value);
    }
}
