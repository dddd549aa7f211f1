package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import java.util.Objects;

/**
 * Refuses any write to a production bucket or catalog. The config loader already refuses a dataset targeting one;
 * every function that writes checks again, because a plan in S3 or a hand-built input can name any bucket.
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

    /**
     * @param table a clone's target, {@code catalog.schema.table}
     * @throws ProdTargetRefusedException when the table is not three-part (its catalog would be the warehouse's
     *         default, which could be production's) or its catalog belongs to a production environment
     */
    public void requireWritableTable(String table, String input, String field) {
        String[] parts = table.split("\\.", -1);
        if (parts.length != 3) {
            throw ProdTargetRefusedException.unqualifiedTable(input, field, table);
        }
        String catalog = parts[0].replace("`", "");
        EnvironmentConfig owner = config.productionOwnerOfCatalog(catalog).orElse(null);
        if (owner != null) {
            throw new ProdTargetRefusedException(input, field, table, catalog, owner.name());
        }
    }
}
