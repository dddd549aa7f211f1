package dev.controlplane.aws;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.replication.ChecksumLookup;
import dev.controlplane.domain.replication.ListedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A dataset's objects as ListObjectsV2 shows them (1,000 a page, every page), and their full-object checksums
 * for the comparisons a listing cannot settle.
 */
public final class S3ObjectListing implements ChecksumLookup {

    private final S3Client s3;
    private final S3Backoff backoff;

    public S3ObjectListing(S3Client s3, S3Backoff backoff) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Every object under the location's prefix, keys relative to it. */
    public List<ListedObject> list(DatasetLocation location) {
        List<ListedObject> objects = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = backoff.call(() -> s3.listObjectsV2(request -> request
                    .bucket(location.bucket())
                    .prefix(location.prefix().isEmpty() ? null : location.prefix())
                    .continuationToken(continuation)));
            for (S3Object object : page.contents()) {
                objects.add(new ListedObject(object.key().substring(location.prefix().length()), object.size(),
                        object.eTag()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    @Override
    public Optional<String> fullObjectChecksum(String bucket, String key) {
        HeadObjectResponse head;
        try {
            head = backoff.call(() -> s3.headObject(request -> request.bucket(bucket).key(key)
                    .checksumMode(ChecksumMode.ENABLED)));
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
