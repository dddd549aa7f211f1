package dev.controlplane.domain.upload;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One record of the artifacts inbox's S3 event notification, its fields as S3 sends them: what the upload
 * trigger reads of it. Any field may be null when the record leaves it out.
 *
 * @param eventName e.g. {@code ObjectCreated:Put}
 * @param encodedKey the object key URL-encoded, a space as '+', as S3 puts keys in events
 * @param versionId null (or {@code "null"}) when the bucket keeps no versions
 * @param size in bytes
 */
public record UploadNotice(String eventName, String bucket, String encodedKey, String versionId, String etag, Long size) {

    /** The object key decoded; null when there is none or it is not URL-encoded text (a malformed escape). */
    public String key() {
        if (encodedKey == null) {
            return null;
        }
        try {
            return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
