package dev.controlplane.domain.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookExecutionNameTest {

    @Test
    void guidDeliveryIdIsUsedAsIs() {
        assertThat(WebhookExecutionName.of("7d1e5a40-2f0f-11f0-9a7c-5b6c7d8e9f01"))
                .isEqualTo("github-7d1e5a40-2f0f-11f0-9a7c-5b6c7d8e9f01");
    }

    @Test
    void sameDeliveryAlwaysGetsTheSameName() {
        assertThat(WebhookExecutionName.of("a:b")).isEqualTo(WebhookExecutionName.of("a:b"));
    }

    @Test
    void disallowedCharactersAreReplacedAndIdsDifferingThereStayDistinct() {
        String colon = WebhookExecutionName.of("a:b");
        String slash = WebhookExecutionName.of("a/b");
        assertThat(colon).matches("[A-Za-z0-9_-]+").startsWith("github-a_b-");
        assertThat(slash).matches("[A-Za-z0-9_-]+");
        assertThat(colon).isNotEqualTo(slash);
    }

    @Test
    void longIdsAreCutTo80CharactersAndStayDistinct() {
        String a = WebhookExecutionName.of("x".repeat(100) + "a");
        String b = WebhookExecutionName.of("x".repeat(100) + "b");
        assertThat(a).hasSizeLessThanOrEqualTo(WebhookExecutionName.MAX_LENGTH);
        assertThat(b).hasSizeLessThanOrEqualTo(WebhookExecutionName.MAX_LENGTH);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void missingDeliveryIdNamesTheHeader() {
        assertThatThrownBy(() -> WebhookExecutionName.of(" "))
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageContaining("X-GitHub-Delivery is missing");
    }
}
