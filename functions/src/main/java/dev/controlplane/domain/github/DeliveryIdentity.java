package dev.controlplane.domain.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who a delivery is. {@code deliveryId} is GitHub's {@code X-GitHub-Delivery}, which the signature does not
 * cover: anyone holding a captured signed body can send it again under a new id. {@code payloadDigest} is the
 * SHA-256 of the event name and the raw body the signature covers, so a replayed body keeps its identity
 * whatever id it comes with; the execution is named after it.
 */
public record DeliveryIdentity(String deliveryId, String event, String payloadDigest) {

    public DeliveryIdentity {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payloadDigest, "payloadDigest");
    }

    /** The identity of a delivery whose signature was verified and whose event and delivery id were read. */
    public static DeliveryIdentity of(String deliveryId, String event, byte[] rawBody) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(event.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            return new DeliveryIdentity(deliveryId, event, HexFormat.of().formatHex(sha256.digest(rawBody)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** The promote-artifact execution this payload starts: the same for every delivery of the same signed body. */
    public String executionName() {
        return WebhookExecutionName.of(event, payloadDigest);
    }
}
