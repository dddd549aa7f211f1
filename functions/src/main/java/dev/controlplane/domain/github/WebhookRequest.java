package dev.controlplane.domain.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook delivery as the HTTP layer hands it over: headers (looked up case-insensitively, since
 * API Gateway lower-cases them) and the raw body bytes the signature covers.
 */
public final class WebhookRequest {

    public static final String EVENT_HEADER = "X-GitHub-Event";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    /** DynamoDB's limit for a partition key, which the delivery id is in the deliveries table. */
    public static final int MAX_DELIVERY_ID_BYTES = 2048;

    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
    private static final String FORM_PAYLOAD = "payload=";

    private final Map<String, String> headers;
    private final byte[] rawBody;

    private WebhookRequest(Map<String, String> headers, byte[] rawBody) {
        this.headers = headers;
        this.rawBody = rawBody;
    }

    /**
     * @param body the body as API Gateway passes it: text, or base64 when {@code base64Encoded}
     * @throws MalformedDeliveryException when a base64 body is not valid base64
     */
    public static WebhookRequest of(Map<String, String> headers, String body, boolean base64Encoded) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    byName.put(name, value);
                }
            });
        }
        String text = body == null ? "" : body;
        byte[] raw;
        if (base64Encoded) {
            try {
                raw = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new MalformedDeliveryException("request", "body", "is marked isBase64Encoded but is not valid base64",
                        "the base64 of the bytes GitHub sent");
            }
        } else {
            raw = text.getBytes(StandardCharsets.UTF_8);
        }
        return new WebhookRequest(Collections.unmodifiableMap(byName), raw);
    }

    /** The header's value, whatever the case of its name; null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * The {@code X-GitHub-Delivery} id, stripped.
     *
     * @throws MalformedDeliveryException when it is missing or longer than {@value #MAX_DELIVERY_ID_BYTES} bytes
     */
    public String deliveryId() {
        String id = headers.get(DELIVERY_HEADER);
        if (id == null || id.isBlank()) {
            throw new MalformedDeliveryException("headers", DELIVERY_HEADER, "is missing",
                    "the delivery id GitHub sends with every delivery (a GUID)");
        }
        String stripped = id.strip();
        int bytes = stripped.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DELIVERY_ID_BYTES) {
            throw new MalformedDeliveryException("headers", DELIVERY_HEADER, "is " + bytes + " bytes long",
                    "at most " + MAX_DELIVERY_ID_BYTES + " bytes (GitHub sends a GUID of 36 characters)");
        }
        return stripped;
    }

    /** The bytes exactly as GitHub sent them: what the signature covers. */
    public byte[] rawBody() {
        return rawBody.clone();
    }

    byte[] rawBodyUnsafe() {
        return rawBody;
    }

    /**
     * The JSON document: the body itself, or its {@code payload} field when the webhook is configured
     * with content type {@code application/x-www-form-urlencoded}.
     */
    public byte[] jsonPayload() {
        String contentType = headers.getOrDefault("Content-Type", "");
        if (!contentType.regionMatches(true, 0, FORM_CONTENT_TYPE, 0, FORM_CONTENT_TYPE.length())) {
            return rawBody;
        }
        String form = new String(rawBody, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith(FORM_PAYLOAD)) {
                try {
                    return URLDecoder.decode(pair.substring(FORM_PAYLOAD.length()), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new MalformedDeliveryException("form body", "payload", "has a malformed %-escape (a '%' not"
                            + " followed by two hex digits)", "payload=<url-encoded JSON> as GitHub sends for content type "
                            + FORM_CONTENT_TYPE);
                }
            }
        }
        throw new MalformedDeliveryException("form body", "payload", "is missing",
                "payload=<url-encoded JSON> as GitHub sends for content type " + FORM_CONTENT_TYPE);
    }
}
