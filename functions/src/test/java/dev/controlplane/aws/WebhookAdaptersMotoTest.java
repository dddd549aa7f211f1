package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The webhook's adapters against real AWS wire protocols (moto's server, or the configured endpoint). */
@IntegrationTest
class WebhookAdaptersMotoTest {

    private static MotoEndpoint aws;
    private static SecretsManagerClient secretsManager;
    private static DynamoDbClient dynamoDb;
    private static SfnClient sfn;

    /** A clock the test moves by hand, so TTLs are tested without waiting. */
    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2025-05-12T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        secretsManager = aws.secretsManager();
        dynamoDb = aws.dynamoDb();
        sfn = aws.sfn();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            secretsManager.close();
            dynamoDb.close();
            sfn.close();
            aws.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createSecret(String value) {
        String name = unique("github-webhook");
        secretsManager.createSecret(request -> request.name(name).secretString(value));
        return name;
    }

    private static void rotate(String name, String value) {
        secretsManager.putSecretValue(request -> request.secretId(name).secretString(value));
    }

    @Test
    void secretIsReadAndCachedForTheTtl() {
        String name = createSecret("first");
        ManualClock clock = new ManualClock();
        SecretsManagerWebhookSecret secret = new SecretsManagerWebhookSecret(secretsManager, name, Duration.ofMinutes(5), clock);
        assertThat(secret.current()).isEqualTo("first".getBytes(UTF_8));

        rotate(name, "second");
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(secret.current()).as("still cached").isEqualTo("first".getBytes(UTF_8));

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(secret.current()).as("re-read after the TTL").isEqualTo("second".getBytes(UTF_8));
    }

    @Test
    void secretIsReadByArnToo() {
        String name = createSecret("by-arn");
        String arn = secretsManager.describeSecret(request -> request.secretId(name)).arn();
        assertThat(new SecretsManagerWebhookSecret(secretsManager, arn).current()).isEqualTo("by-arn".getBytes(UTF_8));
    }

    @Test
    void rotatedSecretIsRereadOnceAfterAMismatchThenNotAgainWithinTheTtl() {
        String name = createSecret("before-rotation");
        ManualClock clock = new ManualClock();
        SecretsManagerWebhookSecret secret = new SecretsManagerWebhookSecret(secretsManager, name, Duration.ofMinutes(5), clock);
        secret.current();

        rotate(name, "after-rotation");
        assertThat(secret.rereadAfterMismatch()).hasValue("after-rotation".getBytes(UTF_8));
        assertThat(secret.current()).isEqualTo("after-rotation".getBytes(UTF_8));

        rotate(name, "rotated-again");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(secret.rereadAfterMismatch()).as("rate-limited within the TTL").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(secret.rereadAfterMismatch()).hasValue("rotated-again".getBytes(UTF_8));
    }

    @Test
    void rereadOfAnUnchangedSecretOffersNothingNew() {
        String name = createSecret("stable");
        SecretsManagerWebhookSecret secret = new SecretsManagerWebhookSecret(secretsManager, name);
        secret.current();
        assertThat(secret.rereadAfterMismatch()).isEmpty();
    }

    @Test
    void ledgerSeesARecordedDeliveryByItsIdAndItsPayloadWithExpiries() {
        String table = unique("deliveries");
        MotoEndpoint.createDeliveriesTable(dynamoDb, table);
        ManualClock clock = new ManualClock();
        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamoDb, table, Duration.ofDays(7), clock);
        DeliveryIdentity delivery = DeliveryIdentity.of("d-1", "push", "{\"after\":\"3f78\"}".getBytes(UTF_8));

        assertThat(ledger.seen(delivery)).isFalse();
        ledger.record(delivery, "acme-data/churn");

        assertThat(ledger.seen(delivery)).as("redelivery").isTrue();
        assertThat(ledger.seen(DeliveryIdentity.of("d-2", "push", "{\"after\":\"3f78\"}".getBytes(UTF_8)))).as("replay").isTrue();
        assertThat(ledger.seen(DeliveryIdentity.of("d-3", "push", "{\"after\":\"9e10\"}".getBytes(UTF_8)))).isFalse();
        Map<String, AttributeValue> byId = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of("deliveryId", AttributeValue.fromS("d-1")))).item();
        assertThat(byId.get("expiresAt").n()).isEqualTo(Long.toString(clock.now.plus(Duration.ofDays(7)).getEpochSecond()));
        assertThat(byId.get("repository").s()).isEqualTo("acme-data/churn");
        assertThat(byId.get("execution").s()).isEqualTo(delivery.executionName());
        Map<String, AttributeValue> byPayload = dynamoDb.getItem(request -> request.tableName(table)
                .key(Map.of("deliveryId", AttributeValue.fromS("sha256:" + delivery.payloadDigest())))).item();
        assertThat(byPayload.get("expiresAt").n())
                .isEqualTo(Long.toString(clock.now.plus(DynamoDbDeliveryLedger.PAYLOAD_RETENTION).getEpochSecond()));
        assertThat(byPayload.get("delivery").s()).isEqualTo("d-1");
    }
}
