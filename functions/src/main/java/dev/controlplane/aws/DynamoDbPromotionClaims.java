package dev.controlplane.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.registry.ApprovalRequest;
import dev.controlplane.domain.registry.ExecutionState;
import dev.controlplane.domain.registry.PromotionClaim;
import dev.controlplane.domain.registry.PromotionClaims;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The commit items of the registry table that promote-artifact's MarkBuildReady, MarkMerged and ClaimPromotion write:
 * pk {@code COMMIT#{repository}#{commit}}, sk {@code PROMOTION}; {@code build} (the build as JSON), {@code buildDigest},
 * {@code merge}, {@code claimedBy}, {@code claimedAt}, {@code expiresAt} (TTL). A release leaves {@code releasedClaim},
 * {@code releasedState} and {@code releasedAt}; a retry's claim {@code retriedBy}.
 */
public final class DynamoDbPromotionClaims implements PromotionClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final InstantSource clock;

    public DynamoDbPromotionClaims(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, InstantSource.system());
    }

    public DynamoDbPromotionClaims(DynamoDbClient dynamoDb, String table, InstantSource clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = DynamoDbArtifactRegistry.requireTable(table);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<PromotionClaim> claim(String repository, String commit) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(key(repository, commit))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PromotionClaim(repository, commit, text(item, "claimedBy"), item.containsKey("merge"),
                text(item, "buildDigest")));
    }

    @Override
    public boolean release(String repository, String commit, String claimedBy, ExecutionState claimantState) {
        try {
            dynamoDb.updateItem(update -> update.tableName(table).key(key(repository, commit))
                    .updateExpression("REMOVE claimedBy, claimedAt SET releasedClaim = :by, releasedState = :state,"
                            + " releasedAt = :now")
                    .conditionExpression("claimedBy = :by")
                    .expressionAttributeValues(Map.of(":by", AttributeValue.fromS(claimedBy),
                            ":state", AttributeValue.fromS(claimantState.name()),
                            ":now", AttributeValue.fromS(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException reclaimed) {
            return false;
        }
    }

    @Override
    public boolean claimForRetry(String repository, String commit, String execution, String digest, Build build,
            String requestedBy) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":execution", AttributeValue.fromS(execution));
        values.put(":now", AttributeValue.fromS(now.toString()));
        values.put(":build", AttributeValue.fromS(json(build)));
        values.put(":digest", AttributeValue.fromS(digest));
        values.put(":by", AttributeValue.fromS(requestedBy == null || requestedBy.isBlank() ? execution : requestedBy));
        values.put(":expiresAt", AttributeValue.fromN(Long.toString(now.plus(ApprovalRequest.VALIDITY).getEpochSecond())));
        try {
            dynamoDb.updateItem(update -> update.tableName(table).key(key(repository, commit))
                    .updateExpression("SET claimedBy = :execution, claimedAt = :now, #build = if_not_exists(#build, :build),"
                            + " buildDigest = if_not_exists(buildDigest, :digest), retriedBy = :by, expiresAt = :expiresAt")
                    .conditionExpression("(attribute_not_exists(claimedBy) OR claimedBy = :execution)"
                            + " AND (attribute_not_exists(buildDigest) OR buildDigest = :digest)")
                    .expressionAttributeNames(Map.of("#build", "build"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public int dropApprovals(String execution) {
        int dropped = 0;
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query -> query.tableName(table)
                .keyConditionExpression("pk = :approval")
                .filterExpression("execution = :execution")
                .expressionAttributeValues(Map.of(":approval", AttributeValue.fromS(DynamoDbApprovalRequests.PK_VALUE),
                        ":execution", AttributeValue.fromS(execution)))
                .consistentRead(true)).items()) {
            dynamoDb.deleteItem(delete -> delete.tableName(table).key(Map.of(
                    DynamoDbArtifactRegistry.PK, item.get(DynamoDbArtifactRegistry.PK),
                    DynamoDbArtifactRegistry.SK, item.get(DynamoDbArtifactRegistry.SK))));
            dropped++;
        }
        return dropped;
    }

    /** The commit item's key, as the workflow writes it. */
    public static Map<String, AttributeValue> key(String repository, String commit) {
        return Map.of(DynamoDbArtifactRegistry.PK, AttributeValue.fromS("COMMIT#" + repository + "#" + commit),
                DynamoDbArtifactRegistry.SK, AttributeValue.fromS("PROMOTION"));
    }

    private static String json(Build build) {
        try {
            return JSON.writeValueAsString(build);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Build always serialises", e);
        }
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }
}
