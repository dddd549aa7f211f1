package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.TableClone;

/**
 * The Databricks SQL that clones a configured Delta table: {@code CREATE OR REPLACE TABLE target {DEEP|SHALLOW}
 * CLONE source}. Replacing makes a rerun converge (the target is the source as of this run, whatever it held), and
 * the names are the config's, which the loader already restricts to {@code catalog.schema.table} identifiers.
 */
public final class TableCloneStatement {

    private TableCloneStatement() {
    }

    public static String of(TableClone table) {
        return "CREATE OR REPLACE TABLE " + table.target() + " " + table.kind().name() + " CLONE " + table.source();
    }
}
