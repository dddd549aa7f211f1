package dev.controlplane.aws;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.CopyFailure;
import dev.controlplane.domain.replication.ReplicationBatching;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.S3Client;

/** Deletes target objects a mirror no longer has in its source, 1,000 keys per DeleteObjects request. */
public final class S3ObjectDeleter {

    private final S3Client s3;

    public S3ObjectDeleter(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** @param keys relative to the target's prefix */
    public BatchOutcome delete(DatasetLocation target, List<String> keys) {
        long deleted = 0;
        long failed = 0;
        List<CopyFailure> failures = new ArrayList<>();
        for (List<String> slice : ReplicationBatching.deleteBatches(keys)) {
            List<ObjectIdentifier> objects = slice.stream()
                    .map(key -> ObjectIdentifier.builder().key(target.prefix() + key).build()).toList();
            DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(target.bucket())
                    .delete(d -> d.objects(objects).quiet(true)));
            int errors = response.hasErrors() ? response.errors().size() : 0;
            deleted += slice.size() - errors;
            failed += errors;
            if (errors > 0) {
                response.errors().forEach(error -> failures.add(new CopyFailure(
                        error.key().substring(Math.min(target.prefix().length(), error.key().length())),
                        error.code() + ": " + error.message())));
            }
        }
        return new BatchOutcome(deleted, 0, failed, failures);
    }
}
