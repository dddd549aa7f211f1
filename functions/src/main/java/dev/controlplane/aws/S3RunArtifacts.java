package dev.controlplane.aws;

import dev.controlplane.domain.index.ArtifactIndex;
import dev.controlplane.domain.index.LatestRecord;
import dev.controlplane.domain.launch.PublishedVersion;
import dev.controlplane.domain.launch.RunArtifacts;
import java.util.Objects;
import java.util.Optional;

/**
 * What resolving a run reads, from the index in the environment's own artifacts bucket
 * ({@link dev.controlplane.domain.ArtifactIndexKeys}): {@code latest.json} and the version records that
 * promote-artifact writes there beside the files. The same in every environment: no registry of another
 * environment is read, and no grant between environments is needed.
 *
 * <p>Environment: {@value #BUCKET_VARIABLE}, the bucket this stack's ArtifactsBucket is.
 */
public final class S3RunArtifacts implements RunArtifacts {

    public static final String BUCKET_VARIABLE = "ARTIFACTS_BUCKET";

    private final ArtifactIndex index;
    private final String bucket;
    private final String environment;

    public S3RunArtifacts(ArtifactIndex index, String bucket, String environment) {
        this.index = Objects.requireNonNull(index, "index");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String environment() {
        return environment;
    }

    /** The bucket the index is read from. */
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<String> latest(String artifact) {
        return index.latest(bucket, artifact).map(stored -> stored.record()).map(LatestRecord::version);
    }

    @Override
    public Optional<PublishedVersion> version(String artifact, String publishedVersion) {
        return index.version(bucket, artifact, publishedVersion)
                .map(record -> new PublishedVersion(artifact, publishedVersion, record.fileKeys()));
    }
}
