package dev.controlplane.aws;

import dev.controlplane.domain.registry.LatestVersion;
import dev.controlplane.domain.registry.LatestRollbacks;
import dev.controlplane.domain.registry.Rollback;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Rollbacks in the registry table: the {@code LATEST#{environment}} item of the artifact moved back (conditional on the
 * version it pointed at), with {@code rolledBackFrom}, {@code rollbackReason}, {@code rollbackId}, and
 * {@code movedBy}/{@code movedAt} the person and the time; and one {@code ROLLBACK#{time}#{environment}} item per
 * rollback (environment, from, to, requestedBy, reason, at, id), the environment's record of who did it and why.
 */
public final class DynamoDbLatestRollbacks implements LatestRollbacks {

    public static final String ROLLBACK_PREFIX = "ROLLBACK#";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLatestRollbacks(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = DynamoDbArtifactRegistry.requireTable(table);
    }

    @Override
    public boolean rollBack(Rollback rollback, LatestVersion to) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", AttributeValue.fromS(to.version()));
        values.put(":order", AttributeValue.fromS(to.versionOrder()));
        values.put(":from", AttributeValue.fromS(rollback.from()));
        values.put(":at", AttributeValue.fromS(rollback.at().toString()));
        values.put(":by", AttributeValue.fromS(rollback.requestedBy()));
        values.put(":reason", AttributeValue.fromS(rollback.reason()));
        values.put(":id", AttributeValue.fromS(rollback.id()));
        try {
            dynamoDb.updateItem(update -> update.tableName(table).key(key(rollback.artifact(),
                            DynamoDbArtifactRegistry.LATEST_PREFIX + rollback.environment()))
                    .updateExpression("SET #version = :to, versionOrder = :order, movedAt = :at, movedBy = :by,"
                            + " rolledBackFrom = :from, rollbackReason = :reason, rollbackId = :id")
                    .conditionExpression("#version = :from OR rollbackId = :id")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
        // The record after the move: a retried request writes the same item again.
        Map<String, AttributeValue> item = new HashMap<>(key(rollback.artifact(), ROLLBACK_PREFIX + rollback.at()
                + "#" + rollback.environment()));
        item.put("environment", AttributeValue.fromS(rollback.environment()));
        item.put("from", AttributeValue.fromS(rollback.from()));
        item.put("to", AttributeValue.fromS(rollback.to()));
        item.put("requestedBy", AttributeValue.fromS(rollback.requestedBy()));
        item.put("reason", AttributeValue.fromS(rollback.reason()));
        item.put("at", AttributeValue.fromS(rollback.at().toString()));
        item.put("id", AttributeValue.fromS(rollback.id()));
        dynamoDb.putItem(put -> put.tableName(table).item(item));
        return true;
    }

    @Override
    public Optional<Rollback> made(String artifact, String environment, String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(key(artifact, DynamoDbArtifactRegistry.LATEST_PREFIX + environment))).item();
        if (item == null || !item.containsKey("rollbackId") || !id.equals(item.get("rollbackId").s())) {
            return Optional.empty();
        }
        return Optional.of(new Rollback(artifact, environment, item.get("rolledBackFrom").s(), item.get("version").s(),
                item.get("movedBy").s(), item.get("rollbackReason").s(), Instant.parse(item.get("movedAt").s()), id));
    }

    private static Map<String, AttributeValue> key(String artifact, String sk) {
        return Map.of(DynamoDbArtifactRegistry.PK, AttributeValue.fromS(DynamoDbArtifactRegistry.ARTIFACT_PREFIX + artifact),
                DynamoDbArtifactRegistry.SK, AttributeValue.fromS(sk));
    }
}
