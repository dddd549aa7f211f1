package dev.controlplane.console;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the console reads and where: the runtime that embeds it (controlplane up) fills this in from template.yaml.
 * The clients belong to the caller: the console uses them and never closes them.
 *
 * @param port                  the loopback port to listen on, 0 for a free one
 * @param stepFunctions         the Step Functions API base URL (AWS JSON 1.0 over HTTP), e.g. the engine's API server
 * @param registryTable         the registry table (artifacts, LATEST pointers, pending approvals)
 * @param runsTable             the run records table; null when the runtime has none (the page says so)
 * @param artifactBuckets       environment name to its artifact bucket, in promotion order (dev, staging, prod)
 * @param replicationPlanBucket the bucket VerifyReplication writes its reports to; null when the runtime has none
 * @param replicationPlanPrefix the plans' key prefix ({@code replication/} when null or blank)
 * @param eventsDirectory       the folder of sample inputs (events/) offered when starting an execution; null for none
 */
public record ConsoleOptions(int port, URI stepFunctions, S3Client s3, DynamoDbClient dynamoDb, String registryTable,
        String runsTable, Map<String, String> artifactBuckets, String replicationPlanBucket,
        String replicationPlanPrefix, Path eventsDirectory) {

    /** VerifyReplication's default, the handlers' {@code REPLICATION_PLAN_PREFIX} when it is not set. */
    public static final String DEFAULT_PLAN_PREFIX = "replication/";

    public ConsoleOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("console port is " + port + "; expected 0 (a free port) to 65535");
        }
        Objects.requireNonNull(stepFunctions, "stepFunctions: the Step Functions API base URL");
        if (!"http".equals(stepFunctions.getScheme()) && !"https".equals(stepFunctions.getScheme())) {
            throw new IllegalArgumentException("stepFunctions is '" + stepFunctions
                    + "'; expected an http:// or https:// base URL such as http://127.0.0.1:8083");
        }
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        if (registryTable == null || registryTable.isBlank()) {
            throw new IllegalArgumentException("registryTable is missing; expected the registry table's name, e.g."
                    + " controlplane-registry-dev");
        }
        registryTable = registryTable.strip();
        runsTable = blankToNull(runsTable);
        artifactBuckets = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(artifactBuckets, "artifactBuckets")));
        artifactBuckets.forEach((environment, bucket) -> {
            if (environment == null || environment.isBlank() || bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("artifactBuckets has an entry '" + environment + "' -> '" + bucket
                        + "'; expected an environment name and its artifact bucket's name");
            }
        });
        replicationPlanBucket = blankToNull(replicationPlanBucket);
        replicationPlanPrefix = replicationPlanPrefix == null || replicationPlanPrefix.isBlank() ? DEFAULT_PLAN_PREFIX
                : replicationPlanPrefix.strip().endsWith("/") ? replicationPlanPrefix.strip()
                : replicationPlanPrefix.strip() + "/";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
