package dev.controlplane.domain.config;

import java.util.List;
import java.util.Objects;

/**
 * A dataset replicated from prod to staging, from {@code config/datasets/{name}.json}.
 *
 * @param include globs on the key relative to the source prefix; an object is replicated when it matches one of
 *                them and none of {@code exclude}; empty means everything ({@code **})
 * @param tables  Delta tables cloned after the objects are copied
 */
public record DatasetConfig(String name, DatasetLocation source, DatasetLocation target, ReplicationMode mode,
        List<String> include, List<String> exclude, List<TableClone> tables) {

    public static final String EVERYTHING = "**";

    public DatasetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        include = include == null || include.isEmpty() ? List.of(EVERYTHING) : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }
}
