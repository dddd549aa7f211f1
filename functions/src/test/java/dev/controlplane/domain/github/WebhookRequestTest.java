package dev.controlplane.domain.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    @Test
    void headersAreFoundWhateverTheirCase() {
        WebhookRequest request = WebhookRequest.of(Map.of("x-github-event", "push", "X-HUB-SIGNATURE-256", "sha256=00"),
                "{}", false);
        assertThat(request.header("X-GitHub-Event")).isEqualTo("push");
        assertThat(request.header("x-hub-signature-256")).isEqualTo("sha256=00");
        assertThat(request.header("X-GitHub-Delivery")).isNull();
    }

    @Test
    void textBodyIsItsUtf8Bytes() {
        WebhookRequest request = WebhookRequest.of(Map.of(), "{\"name\":\"Zoë\"}", false);
        assertThat(request.rawBody()).isEqualTo("{\"name\":\"Zoë\"}".getBytes(UTF_8));
    }

    @Test
    void base64BodyIsDecodedToTheBytesGithubSent() {
        byte[] sent = "{\"zen\":\"Design for failure.\"}".getBytes(UTF_8);
        WebhookRequest request = WebhookRequest.of(Map.of(), Base64.getEncoder().encodeToString(sent), true);
        assertThat(request.rawBody()).isEqualTo(sent);
    }

    @Test
    void invalidBase64BodyIsMalformed() {
        assertThatThrownBy(() -> WebhookRequest.of(Map.of(), "not base64!", true))
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageContaining("isBase64Encoded");
    }

    @Test
    void missingBodyIsEmpty() {
        assertThat(WebhookRequest.of(null, null, false).rawBody()).isEmpty();
    }

    @Test
    void formEncodedDeliveryYieldsItsPayloadFieldAsJson() {
        String json = "{\"zen\":\"Half measures are as bad as nothing at all.\"}";
        String form = "payload=" + URLEncoder.encode(json, UTF_8);
        WebhookRequest request = WebhookRequest.of(Map.of("content-type", "application/x-www-form-urlencoded"), form, false);
        assertThat(new String(request.jsonPayload(), UTF_8)).isEqualTo(json);
        assertThat(request.rawBody()).isEqualTo(form.getBytes(UTF_8));
    }

    @Test
    void formEncodedDeliveryWithoutPayloadIsMalformed() {
        WebhookRequest request = WebhookRequest.of(Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b", false);
        assertThatThrownBy(request::jsonPayload)
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageContaining("payload is missing");
    }

    @Test
    void formEncodedDeliveryWithABadPercentEscapeIsMalformed() {
        WebhookRequest request = WebhookRequest.of(Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "payload=%7B%22zen%22%3A%2", false);
        assertThatThrownBy(request::jsonPayload)
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageStartingWith("form body: payload has a malformed %-escape");
    }

    @Test
    void deliveryIdOf2048BytesIsKeptAndOneByteMoreIsMalformed() {
        String longest = "é".repeat(1024);
        assertThat(WebhookRequest.of(Map.of("X-GitHub-Delivery", longest), "{}", false).deliveryId()).isEqualTo(longest);
        assertThatThrownBy(() -> WebhookRequest.of(Map.of("X-GitHub-Delivery", longest + "x"), "{}", false).deliveryId())
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageContaining("X-GitHub-Delivery is 2049 bytes long");
    }
}
