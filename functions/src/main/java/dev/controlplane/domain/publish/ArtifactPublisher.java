package dev.controlplane.domain.publish;

import dev.controlplane.domain.ChecksumMismatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes a validated build into an environment's artifact bucket: every file is checked first (so a refused
 * build copies nothing), then the files that need it are copied, and each copy's size is checked.
 */
public final class ArtifactPublisher {

    private final ArtifactStore store;

    public ArtifactPublisher(ArtifactStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @throws dev.controlplane.domain.ReleasedVersionChangedException before any copy, when an immutable version's
     *         file is published with other bytes
     * @throws ChecksumMismatchException before any copy, when a file's source (the version pinned, where the source
     *         bucket keeps versions) does not hash to the digest registered when the build was validated
     * @throws IllegalStateException when a copy comes out with another size than validated (the copy is deleted,
     *         so a retry copies again rather than finding a wrong object with the right sha256 metadata)
     */
    public PublishResult publish(PublishRequest request) {
        PublishPlan plan = PublishPlan.decide(request, file -> store.describe(request.bucket(), file.key()));
        for (PublishFile file : plan.copies()) {
            String arrived = store.sha256(file.source());
            if (!arrived.equals(file.sha256())) {
                throw new ChecksumMismatchException(describe(file.source()), "sha256", "is " + arrived + " on arrival in "
                        + request.environment() + " (file " + file.publishedName() + "); nothing was published there",
                        file.sha256() + ", the digest registered when the build was validated");
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (PublishFile file : plan.copies()) {
            String version = store.copy(new CopyOrder(file.source(), request.bucket(), file.key(), file.size(),
                    PublishedMetadata.of(file, request), request.immutable()));
            Optional<StoredObject> copy = store.describe(request.bucket(), file.key());
            if (copy.isEmpty() || copy.get().size() != file.size()) {
                store.delete(request.bucket(), List.of(file.key()));
                throw new IllegalStateException("copy of s3://" + file.source().bucket() + "/" + file.source().key()
                        + " to s3://" + request.bucket() + "/" + file.key() + " has "
                        + copy.map(c -> c.size() + " bytes").orElse("vanished")
                        + "; expected " + file.size() + " bytes as validated (was the source replaced? the copy was deleted)");
            }
            if (version != null) versions.put(file.key(), version);
        }
        for (PublishFile file : plan.unchanged()) {
            store.describe(request.bucket(), file.key()).map(StoredObject::versionId).ifPresent(v -> versions.put(file.key(), v));
        }
        return new PublishResult(request.environment(), request.bucket(),
                plan.copies().stream().map(PublishFile::key).toList(),
                plan.unchanged().stream().map(PublishFile::key).toList(), versions);
    }

    private static String describe(SourceObject source) {
        return "s3://" + source.bucket() + "/" + source.key() + (source.versionId() == null ? "" : " version " + source.versionId());
    }
}
