package dev.controlplane.domain.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookExecutionNameTest {

    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(UTF_8);

    @Test
    void nameIsTheEventAndTheStartOfThePayloadDigest() {
        DeliveryIdentity delivery = DeliveryIdentity.of("7d1e5a40-2f0f-11f0-9a7c-5b6c7d8e9f01", "push", BODY);
        assertThat(delivery.executionName()).isEqualTo("github-push-" + delivery.payloadDigest().substring(0, 40))
                .matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(WebhookExecutionName.MAX_LENGTH);
    }

    @Test
    void samePayloadUnderAnotherDeliveryIdGetsTheSameName() {
        assertThat(DeliveryIdentity.of("d-1", "push", BODY).executionName())
                .isEqualTo(DeliveryIdentity.of("d-replayed", "push", BODY).executionName());
    }

    @Test
    void anotherBodyOrAnotherEventGetsAnotherName() {
        String name = DeliveryIdentity.of("d-1", "push", BODY).executionName();
        assertThat(DeliveryIdentity.of("d-1", "push", "{\"ref\":\"refs/heads/dev\"}".getBytes(UTF_8)).executionName())
                .isNotEqualTo(name);
        assertThat(DeliveryIdentity.of("d-1", "release", BODY).executionName()).isNotEqualTo(name);
    }

    @Test
    void eventCharactersOutsideNamesAreReplacedAndLongEventsCut() {
        String name = DeliveryIdentity.of("d-1", "x:y".repeat(30), BODY).executionName();
        assertThat(name).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(WebhookExecutionName.MAX_LENGTH).startsWith("github-x_y");
    }
}
