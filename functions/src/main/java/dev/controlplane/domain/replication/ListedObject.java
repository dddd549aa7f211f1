package dev.controlplane.domain.replication;

import java.util.Objects;

/**
 * An object as a listing shows it.
 *
 * @param key  relative to the dataset's prefix
 * @param etag without the quotes S3 puts around it; {@code {md5 hex}} for a single-part upload (without SSE-KMS),
 *             {@code {hex}-{parts}} for a multipart one
 */
public record ListedObject(String key, long size, String etag) {

    public ListedObject {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size of " + key + " is " + size + "; expected 0 or more bytes");
        }
        etag = unquoted(etag);
    }

    /** S3 answers {@code "abc"} with the quotes in most APIs and without them in some. */
    public static String unquoted(String etag) {
        if (etag == null) {
            return "";
        }
        String trimmed = etag.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** An ETag of a multipart upload ends with {@code -{number of parts}}. */
    public boolean multipart() {
        return partCount() > 0;
    }

    /** The number of parts of a multipart upload, 0 for a single-part object. */
    public int partCount() {
        int dash = etag.lastIndexOf('-');
        if (dash < 0 || dash == etag.length() - 1) {
            return 0;
        }
        try {
            return Integer.parseInt(etag.substring(dash + 1));
        } catch (NumberFormatException notAPartCount) {
            return 0;
        }
    }
}
