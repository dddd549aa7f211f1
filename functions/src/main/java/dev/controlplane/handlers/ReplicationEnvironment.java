package dev.controlplane.handlers;

import dev.controlplane.aws.S3ObjectCopier;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.domain.replication.ReplicationBatching;
import java.util.Map;
import java.util.regex.Pattern;

/** The settings the replication functions read from their environment, with the defaults for AWS. */
final class ReplicationEnvironment {

    static final String PLAN_BUCKET = "REPLICATION_PLAN_BUCKET";
    static final String PLAN_PREFIX = "REPLICATION_PLAN_PREFIX";
    static final String BATCH_OBJECTS = "REPLICATION_BATCH_OBJECTS";
    static final String BATCH_BYTES = "REPLICATION_BATCH_BYTES";
    static final String COPY_CONCURRENCY = "REPLICATION_COPY_CONCURRENCY";
    static final String MULTIPART_THRESHOLD = "REPLICATION_MULTIPART_THRESHOLD";
    static final String PART_SIZE = "REPLICATION_PART_SIZE";
    static final String DEFAULT_PLAN_PREFIX = "replication/";
    /** Connections kept by the functions that list a dataset's two sides at once, each side's folders in parallel. */
    static final int LISTING_CONNECTIONS = 2 * S3ObjectListing.DEFAULT_CONCURRENCY;

    /** Step Functions execution names fit: the run id is a folder name in the plan bucket. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}");

    private ReplicationEnvironment() {
    }

    static String planBucket(Map<String, String> environment) {
        String bucket = environment.get(PLAN_BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("environment variable " + PLAN_BUCKET + " is not set; expected the"
                    + " bucket the replication plans are written to");
        }
        return bucket.strip();
    }

    static String planPrefix(Map<String, String> environment) {
        String prefix = environment.get(PLAN_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            return DEFAULT_PLAN_PREFIX;
        }
        return prefix.strip().endsWith("/") ? prefix.strip() : prefix.strip() + "/";
    }

    static ReplicationBatching batching(Map<String, String> environment) {
        return new ReplicationBatching(
                (int) number(environment, BATCH_OBJECTS, ReplicationBatching.DEFAULT.maxObjects()),
                number(environment, BATCH_BYTES, ReplicationBatching.DEFAULT.maxBytes()));
    }

    static S3ObjectCopier.Settings copySettings(Map<String, String> environment) {
        S3ObjectCopier.Settings defaults = S3ObjectCopier.Settings.DEFAULT;
        return new S3ObjectCopier.Settings(
                (int) number(environment, COPY_CONCURRENCY, defaults.concurrency()),
                number(environment, MULTIPART_THRESHOLD, defaults.multipartThreshold()),
                number(environment, PART_SIZE, defaults.partSize()));
    }

    static String runId(String function, String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException(function + " input: runId is "
                    + (runId == null ? "missing" : "'" + runId + "'") + "; expected 1 to 80 letters, digits, '_', '-'"
                    + " or '.', such as the execution's name");
        }
        return runId;
    }

    private static long number(Map<String, String> environment, String variable, long fallback) {
        String text = environment.get(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException("environment variable " + variable + " is '" + text
                + "'; expected a whole number above 0");
    }
}
