package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import java.util.Objects;

/**
 * Refuses any write to a production bucket. The config loader already refuses a dataset targeting one; every
 * function that writes checks again, because a plan in S3 or a hand-built input can name any bucket.
 */
public final class ReplicationGuard {

    private final PlatformConfig config;

    public ReplicationGuard(PlatformConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @throws ProdTargetRefusedException when the bucket belongs to a production environment */
    public void requireWritable(String bucket, String input, String field) {
        EnvironmentConfig owner = config.productionOwnerOf(bucket).orElse(null);
        if (owner != null) {
            throw new ProdTargetRefusedException(input, field, bucket, owner.name());
        }
    }
}
