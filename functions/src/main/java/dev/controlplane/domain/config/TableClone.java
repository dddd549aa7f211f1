package dev.controlplane.domain.config;

import java.util.Objects;

/**
 * A Delta table a dataset clones from prod to staging with Databricks' {@code CREATE OR REPLACE TABLE target
 * {DEEP|SHALLOW} CLONE source}.
 *
 * @param source three-part name {@code catalog.schema.table} (or two-part {@code schema.table})
 */
public record TableClone(String source, String target, Kind kind) {

    /** DEEP copies the data files; SHALLOW references the source's files. */
    public enum Kind { DEEP, SHALLOW }

    public TableClone {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        kind = kind == null ? Kind.DEEP : kind;
    }
}
