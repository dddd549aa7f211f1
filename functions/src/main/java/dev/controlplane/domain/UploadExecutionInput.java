package dev.controlplane.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * promote-artifact's input for an uploaded build, {@code {bucket, key, versionId, etag, prefix, size}}: written by
 * the upload trigger when it starts the workflow, read back by its first task (ValidateBuild). The workflow's
 * Choice routes on {@code bucket} and {@code key}; {@code prefix} is there for the states that name the build's
 * folder. One codec, so that what is started is what is validated.
 */
public final class UploadExecutionInput {

    static final String EXPECTED = "the upload {bucket, key, versionId, etag, prefix, size}";

    private UploadExecutionInput() {
    }

    /**
     * The input in this field order, {@code versionId}, {@code etag} and {@code size} null when the event left them
     * out: the same upload always gives the same text, which Step Functions' idempotent start compares.
     */
    public static String encode(ManifestUpload upload) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("bucket", upload.bucket());
        input.put("key", upload.key());
        input.put("versionId", upload.versionId());
        input.put("etag", upload.etag());
        input.put("prefix", upload.prefix());
        input.put("size", upload.size());
        return LeanJson.write(input);
    }

    /**
     * @param input how refusals name what was read, e.g. {@code ValidateBuild input}
     * @throws InvalidArtifactException naming the field when the JSON is not an upload's input
     */
    public static ManifestUpload decode(byte[] json, String input) {
        JsonNode root;
        try {
            root = LeanJson.readTree(json);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new InvalidArtifactException(input, "document", "is not valid JSON (" + problem + ")", EXPECTED);
        }
        if (!root.isObject()) {
            throw new InvalidArtifactException(input, "document", "is not a JSON object", EXPECTED);
        }
        String bucket = text(root, "bucket");
        String key = text(root, "key");
        if (bucket == null || bucket.isEmpty()) {
            throw new InvalidArtifactException(input, "bucket", "is missing", "the inbox bucket the build was uploaded to");
        }
        if (!ManifestUpload.isManifestKey(key)) {
            throw new InvalidArtifactException(input, "key", key == null ? "is missing" : "is '" + key + "'",
                    "the key of the uploaded {team}/{project}/{commit}/" + ManifestUpload.MANIFEST_FILE_NAME);
        }
        JsonNode size = root.get("size");
        return new ManifestUpload(bucket, key, text(root, "versionId"), text(root, "etag"),
                size != null && size.canConvertToLong() ? size.asLong() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
