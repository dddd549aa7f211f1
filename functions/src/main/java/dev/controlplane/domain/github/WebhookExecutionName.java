package dev.controlplane.domain.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Step Functions execution name for a delivery: {@code github-{delivery id}}, so a second start for
 * the same delivery meets the first execution. Execution names allow at most 80 characters and (for
 * CloudWatch) should keep to A-Z, a-z, 0-9, '-' and '_'; anything else becomes '_', and then a hash of
 * the original id is appended so two ids that differ only there stay distinct.
 */
public final class WebhookExecutionName {

    public static final int MAX_LENGTH = 80;

    private static final String PREFIX = "github-";
    private static final int HASH_LENGTH = 12;

    private WebhookExecutionName() {
    }

    public static String of(String deliveryId) {
        if (deliveryId == null || deliveryId.isBlank()) {
            throw new MalformedDeliveryException("headers", WebhookRequest.DELIVERY_HEADER, "is missing",
                    "the delivery id GitHub sends with every delivery (a GUID)");
        }
        StringBuilder name = new StringBuilder(PREFIX.length() + deliveryId.length()).append(PREFIX);
        boolean altered = false;
        for (int i = 0; i < deliveryId.length(); i++) {
            char c = deliveryId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            name.append(allowed ? c : '_');
            altered |= !allowed;
        }
        if (!altered && name.length() <= MAX_LENGTH) {
            return name.toString();
        }
        String hash = sha256Hex(deliveryId).substring(0, HASH_LENGTH);
        name.setLength(Math.min(name.length(), MAX_LENGTH - HASH_LENGTH - 1));
        return name.append('-').append(hash).toString();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
