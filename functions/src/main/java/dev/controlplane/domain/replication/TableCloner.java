package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.TableClone;

/** Clones one Delta table in the target workspace; a failure is returned as a result, never thrown. */
@FunctionalInterface
public interface TableCloner {

    TableCloneResult cloneTable(TableClone table);
}
