package dev.controlplane.domain.github;

import dev.controlplane.domain.HexText;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} followed by the lower-case hex HMAC-SHA256 of
 * the raw body bytes, keyed with the webhook secret. Problems never quote the signature or the secret.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";

    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String EXPECTED = "'" + PREFIX + "' followed by " + HEX_LENGTH
            + " hex digits (the HMAC-SHA256 of the raw body keyed with the webhook secret)";

    private WebhookSignature() {
    }

    /** What a check of the signature header found. */
    public enum Status {
        VALID,
        /** No header: an unsigned delivery (the webhook has no secret configured in GitHub). */
        MISSING,
        /** A header that is not {@code sha256=} and 64 hex digits. */
        MALFORMED,
        /** A well-formed signature made with another secret or over other bytes. */
        MISMATCH
    }

    /** Whether a delivery's signature header matches its body; when not, the problem in words. */
    public record Verdict(Status status, String problem) {

        static final Verdict VALID = new Verdict(Status.VALID, "");

        public boolean valid() {
            return status == Status.VALID;
        }
    }

    /** The header value GitHub would send for this body. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * @param signatureHeader the {@code X-Hub-Signature-256} value, or null when the header is absent
     */
    public static Verdict verify(byte[] secret, byte[] body, String signatureHeader) {
        if (secret == null || secret.length == 0) {
            throw new IllegalStateException("the webhook secret is empty: set the secret's value in Secrets Manager");
        }
        Verdict form = checkForm(signatureHeader);
        if (!form.valid()) {
            return form;
        }
        // Constant-time: the time taken must not reveal how many leading bytes matched.
        if (!MessageDigest.isEqual(hmac(secret, body), HexFormat.of().parseHex(signatureHeader.strip().substring(PREFIX.length())))) {
            return new Verdict(Status.MISMATCH, "header " + HEADER + " does not match the body; expected " + EXPECTED
                    + " (check the secret configured on the GitHub webhook)");
        }
        return Verdict.VALID;
    }

    /**
     * Whether the header is there and has the form of a signature, which needs no secret: an unsigned or garbled
     * delivery is refused before the secret is read.
     *
     * @return {@link Verdict#VALID} when well formed, else {@link Status#MISSING} or {@link Status#MALFORMED}
     */
    public static Verdict checkForm(String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Verdict(Status.MISSING, "header " + HEADER + " is missing; expected " + EXPECTED);
        }
        String value = signatureHeader.strip();
        if (!value.startsWith(PREFIX)) {
            return new Verdict(Status.MALFORMED, "header " + HEADER + " does not start with '" + PREFIX + "'; expected " + EXPECTED);
        }
        String hex = value.substring(PREFIX.length());
        if (hex.length() != HEX_LENGTH || !HexText.isHex(hex)) {
            return new Verdict(Status.MALFORMED, "header " + HEADER + " is not " + HEX_LENGTH + " hex digits after '" + PREFIX
                    + "'; expected " + EXPECTED);
        }
        return Verdict.VALID;
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK provides " + ALGORITHM, e);
        }
    }
}
