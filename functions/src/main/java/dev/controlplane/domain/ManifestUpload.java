package dev.controlplane.domain;

/**
 * One version of a {@code manifest.json} that landed in the artifacts inbox: what the
 * promote-artifact workflow is started with. The validate step reads the manifest itself.
 *
 * @param key the decoded object key (S3 events carry it URL-encoded)
 * @param versionId null when the bucket is unversioned
 * @param etag as S3 reported it; null only when the event left it out
 * @param size in bytes; null when the event left it out
 */
public record ManifestUpload(String bucket, String key, String versionId, String etag, Long size) {

    public static final String MANIFEST_FILE_NAME = "manifest.json";

    /** Whether the key names a manifest: its file name is exactly {@value #MANIFEST_FILE_NAME}. */
    public static boolean isManifestKey(String key) {
        return key != null && (key.equals(MANIFEST_FILE_NAME) || key.endsWith("/" + MANIFEST_FILE_NAME));
    }

    public ManifestUpload {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("upload: bucket is missing; expected the inbox bucket name");
        }
        if (!isManifestKey(key)) {
            throw new IllegalArgumentException("upload s3://" + bucket + "/" + key
                    + ": key does not name a manifest; expected {team}/{project}/{commit}/" + MANIFEST_FILE_NAME);
        }
    }

    /** The folder the build was uploaded to, with its trailing slash: {@code {team}/{project}/{commit}/}. */
    public String prefix() {
        return key.substring(0, key.length() - MANIFEST_FILE_NAME.length());
    }

    /** The deterministic execution name; see {@link UploadExecutionName}. */
    public String executionName() {
        return UploadExecutionName.of(bucket, key, versionId, etag);
    }
}
