package dev.controlplane.aws;

import dev.controlplane.domain.github.DeliveryLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The deliveries table: partition key {@code deliveryId} (S), one item per delivery acted on, expired by
 * DynamoDB TTL on {@code expiresAt} (N, epoch seconds). A conditional put makes the first record win.
 */
public final class DynamoDbDeliveryLedger implements DeliveryLedger {

    public static final String KEY = "deliveryId";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** GitHub lets a delivery be redelivered for 3 days; a week covers that with room to spare. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;
    private final InstantSource clock;

    public DynamoDbDeliveryLedger(DynamoDbClient client, String table) {
        this(client, table, DEFAULT_RETENTION, InstantSource.system());
    }

    public DynamoDbDeliveryLedger(DynamoDbClient client, String table, Duration retention, InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("deliveries table is missing; expected the name of the DynamoDB table"
                    + " that records webhook deliveries (env DELIVERIES_TABLE)");
        }
        this.table = table;
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean recordFirst(String deliveryId, String event, String repository) {
        Instant now = clock.instant();
        try {
            client.putItem(request -> request
                    .tableName(table)
                    .item(Map.of(
                            KEY, AttributeValue.fromS(deliveryId),
                            "event", AttributeValue.fromS(event),
                            "repository", AttributeValue.fromS(repository),
                            "receivedAt", AttributeValue.fromS(now.toString()),
                            TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now.plus(retention).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY)));
            return true;
        } catch (ConditionalCheckFailedException redelivery) {
            return false;
        }
    }

    @Override
    public void forget(String deliveryId) {
        client.deleteItem(request -> request.tableName(table).key(Map.of(KEY, AttributeValue.fromS(deliveryId))));
    }
}
