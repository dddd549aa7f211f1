package dev.controlplane.aws;

import dev.controlplane.domain.registry.ApprovalRequest;
import dev.controlplane.domain.registry.ApprovalRequests;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pending approvals in the registry table: pk {@code APPROVAL}, sk {@code {environment}#{execution ARN}};
 * {@code taskToken}, {@code environment}, {@code artifact}, {@code publishedVersion}, {@code commit},
 * {@code execution}, {@code requestedAt} (ISO-8601) and {@code expiresAt} (N, epoch seconds, the table's TTL).
 */
public final class DynamoDbApprovalRequests implements ApprovalRequests {

    public static final String PK_VALUE = "APPROVAL";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final InstantSource clock;

    public DynamoDbApprovalRequests(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, InstantSource.system());
    }

    public DynamoDbApprovalRequests(DynamoDbClient dynamoDb, String table, InstantSource clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = DynamoDbArtifactRegistry.requireTable(table);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The sort key of a request: the environment first, so the console can list one environment's requests. */
    public static String sortKey(String environment, String execution) {
        return environment + "#" + execution;
    }

    @Override
    public void record(ApprovalRequest request) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DynamoDbArtifactRegistry.PK, AttributeValue.fromS(PK_VALUE));
        item.put(DynamoDbArtifactRegistry.SK, AttributeValue.fromS(sortKey(request.environment(), request.execution())));
        item.put("taskToken", AttributeValue.fromS(request.taskToken()));
        item.put("environment", AttributeValue.fromS(request.environment()));
        item.put("artifact", AttributeValue.fromS(request.artifact()));
        item.put("publishedVersion", AttributeValue.fromS(request.publishedVersion()));
        if (request.commit() != null && !request.commit().isBlank()) {
            item.put("commit", AttributeValue.fromS(request.commit()));
        }
        item.put("execution", AttributeValue.fromS(request.execution()));
        item.put("digest", AttributeValue.fromS(request.digest()));
        item.put("files", AttributeValue.fromL(request.files().stream().map(f -> AttributeValue.fromM(Map.of(
                "key", AttributeValue.fromS(f.key()), "sha256", AttributeValue.fromS(f.sha256())))).toList()));
        item.put("requestedAt", AttributeValue.fromS(now.toString()));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plus(ApprovalRequest.VALIDITY).getEpochSecond())));
        dynamoDb.putItem(put -> put.tableName(table).item(item));
    }
}
