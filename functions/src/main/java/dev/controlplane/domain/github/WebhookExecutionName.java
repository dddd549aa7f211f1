package dev.controlplane.domain.github;

/**
 * The Step Functions execution name for a delivery: {@code github-{event}-{payload digest}}, named after what
 * the signature covers and not after {@code X-GitHub-Delivery}, so a second start of the same signed body
 * (GitHub's redelivery, or a replay under a new delivery id) meets the first execution. Execution names allow at
 * most 80 characters of A-Z, a-z, 0-9, '-' and '_': the event keeps those characters and at most
 * {@value #MAX_EVENT_LENGTH} of them, the digest its first {@value #DIGEST_LENGTH} hex digits (160 bits).
 */
public final class WebhookExecutionName {

    public static final int MAX_LENGTH = 80;

    private static final String PREFIX = "github-";
    private static final int MAX_EVENT_LENGTH = 24;
    private static final int DIGEST_LENGTH = 40;

    private WebhookExecutionName() {
    }

    /**
     * @param event the {@code X-GitHub-Event} of the delivery
     * @param payloadDigest the hex SHA-256 of {@link DeliveryIdentity#payloadDigest()}
     */
    public static String of(String event, String payloadDigest) {
        if (payloadDigest == null || payloadDigest.length() < DIGEST_LENGTH) {
            throw new IllegalArgumentException("payload digest is '" + payloadDigest + "'; expected at least "
                    + DIGEST_LENGTH + " hex digits of the SHA-256 of the event and body");
        }
        StringBuilder name = new StringBuilder(MAX_LENGTH).append(PREFIX);
        for (int i = 0; i < event.length() && i < MAX_EVENT_LENGTH; i++) {
            char c = event.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            name.append(allowed ? c : '_');
        }
        return name.append('-').append(payloadDigest, 0, DIGEST_LENGTH).toString();
    }
}
