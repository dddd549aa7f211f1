package dev.controlplane.aws;

import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.DeliveryLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deliveries table: partition key {@code deliveryId} (S), expired by DynamoDB TTL on {@code expiresAt} (N,
 * epoch seconds). Two items per delivery acted on: one under the delivery id, kept {@link #DEFAULT_RETENTION},
 * and one under {@code sha256:} and the payload digest, kept {@link #PAYLOAD_RETENTION}: longer than the 90 days
 * in which Step Functions refuses an execution name again, so a replayed body finds one or the other.
 * (GitHub's delivery ids are GUIDs, never of the form {@code sha256:<hex>}.)
 */
public final class DynamoDbDeliveryLedger implements DeliveryLedger {

    public static final String KEY = "deliveryId";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** GitHub lets a delivery be redelivered for 3 days; a week covers that with room to spare. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** A signed payload is never acted on twice within this time, whatever delivery id it comes with. */
    public static final Duration PAYLOAD_RETENTION = Duration.ofDays(400);
    static final String PAYLOAD_KEY_PREFIX = "sha256:";

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
    public boolean seen(DeliveryIdentity delivery) {
        return recorded(payloadKey(delivery)) || recorded(delivery.deliveryId());
    }

    @Override
    public void record(DeliveryIdentity delivery, String repository) {
        Instant now = clock.instant();
        put(delivery.deliveryId(), delivery, repository, now, retention);
        put(payloadKey(delivery), delivery, repository, now, PAYLOAD_RETENTION.compareTo(retention) > 0 ? PAYLOAD_RETENTION : retention);
    }

    private boolean recorded(String key) {
        return client.getItem(request -> request
                .tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(key)))
                .projectionExpression("#key")
                .expressionAttributeNames(Map.of("#key", KEY))
                .consistentRead(true)).hasItem();
    }

    private void put(String key, DeliveryIdentity delivery, String repository, Instant now, Duration kept) {
        client.putItem(request -> request
                .tableName(table)
                .item(Map.of(
                        KEY, AttributeValue.fromS(key),
                        "delivery", AttributeValue.fromS(delivery.deliveryId()),
                        "event", AttributeValue.fromS(delivery.event()),
                        "repository", AttributeValue.fromS(repository),
                        "execution", AttributeValue.fromS(delivery.executionName()),
                        "receivedAt", AttributeValue.fromS(now.toString()),
                        TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now.plus(kept).getEpochSecond())))));
    }

    private static String payloadKey(DeliveryIdentity delivery) {
        return PAYLOAD_KEY_PREFIX + delivery.payloadDigest();
    }
}
