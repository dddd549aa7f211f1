package dev.controlplane.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The promote-artifact execution name for one uploaded manifest version:
 * {@code upload-{team}-{project}-{hash}}, where the hash covers bucket, key and version id (or the
 * ETag when the bucket is unversioned). The same S3 object version always gets the same name, so
 * a redelivered S3 event cannot start a second execution: Step Functions refuses a reused name.
 * Names are at most {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}, the charset Step
 * Functions accepts everywhere (CloudWatch Logs included).
 */
public final class UploadExecutionName {

    public static final int MAX_LENGTH = 80;
    static final String PREFIX = "upload-";
    // 96 bits: a collision between two uploads is far less likely than any other failure.
    static final int HASH_LENGTH = 24;
    static final int MAX_READABLE_LENGTH = MAX_LENGTH - PREFIX.length() - 1 - HASH_LENGTH;

    private UploadExecutionName() {
    }

    /**
     * @param key the decoded object key, normally {@code {team}/{project}/{commit}/manifest.json}
     * @param versionId the S3 version id; absent or {@code "null"} (unversioned or suspended bucket) falls back to the ETag
     * @throws IllegalArgumentException naming the field when bucket or key is missing, or when neither
     *         a version id nor an ETag tells this version apart
     */
    public static String of(String bucket, String key, String versionId, String etag) {
        require("bucket", bucket, "the inbox bucket name");
        require("key", key, "the manifest's object key");
        String version = versionIdentity(versionId, etag);
        if (version == null) {
            throw new IllegalArgumentException("upload s3://" + bucket + "/" + key
                    + ": versionId and eTag are both missing; expected at least one to tell object versions apart");
        }
        String readable = readablePart(key);
        String hash = hash(bucket, key, version);
        return readable.isEmpty() ? PREFIX + hash : PREFIX + readable + "-" + hash;
    }

    /** Whether {@link #of} can name this upload: it needs a real version id or an ETag. */
    public static boolean canName(String versionId, String etag) {
        return versionIdentity(versionId, etag) != null;
    }

    // A suspended-versioning bucket reports the literal version id "null" for every overwrite, so it is no identity.
    private static String versionIdentity(String versionId, String etag) {
        if (versionId != null && !versionId.isEmpty() && !versionId.equals("null")) {
            return "version:" + versionId;
        }
        String bareEtag = etag == null ? "" : stripQuotes(etag);
        return bareEtag.isEmpty() ? null : "etag:" + bareEtag;
    }

    // S3 events carry the ETag bare, the S3 API quoted; the same object must name the same either way.
    private static String stripQuotes(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** {@code team-project} from the first two folders of the key, other characters turned into '-', cut to fit. */
    private static String readablePart(String key) {
        String[] segments = key.split("/", -1);
        StringBuilder readable = new StringBuilder();
        // The last segment is the file name; only folders say whose build it is.
        for (int i = 0; i < Math.min(2, segments.length - 1); i++) {
            if (segments[i].isEmpty()) continue;
            if (!readable.isEmpty()) readable.append('-');
            for (int j = 0; j < segments[i].length(); j++) {
                char c = segments[i].charAt(j);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                readable.append(allowed ? c : '-');
            }
        }
        return readable.length() > MAX_READABLE_LENGTH ? readable.substring(0, MAX_READABLE_LENGTH) : readable.toString();
    }

    // Each field is prefixed by its UTF-8 length, so that no two (bucket, key, version) triples hash the same bytes.
    private static String hash(String bucket, String key, String version) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {bucket, key, version}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha256.update(bytes);
                sha256.update((byte) ';');
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static void require(String field, String value, String expected) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("upload: " + field + " is missing; expected " + expected);
        }
    }
}
