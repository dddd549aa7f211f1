package dev.controlplane.domain.config;

import java.util.Objects;

/**
 * A bucket and the key prefix a dataset lives under.
 *
 * @param prefix empty (the whole bucket) or ending with {@code /}, so {@code sales/} never matches {@code sales-eu/}
 */
public record DatasetLocation(String bucket, String prefix) {

    public DatasetLocation {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
    }

    /** Whether one location's keys can be among the other's: same bucket, one prefix starting the other. */
    public boolean overlaps(DatasetLocation other) {
        return bucket.equals(other.bucket) && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }

    // equals and hashCode written out: a record's generated ones link through ObjectMethods on their first call,
    // about 8 ms of a cold JVM.
    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetLocation location && bucket.equals(location.bucket)
                && prefix.equals(location.prefix);
    }

    @Override
    public int hashCode() {
        return 31 * bucket.hashCode() + prefix.hashCode();
    }

    /** {@code s3://bucket/prefix} */
    public String uri() {
        return "s3://" + bucket + "/" + prefix;
    }
}
