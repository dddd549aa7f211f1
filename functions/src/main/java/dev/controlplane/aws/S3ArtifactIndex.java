package dev.controlplane.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.domain.index.ArtifactIndex;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.index.LatestRecord;
import dev.controlplane.domain.index.VersionRecord;
import dev.controlplane.domain.index.VersionRecord.IndexedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The artifact buckets' index objects in S3, as JSON ({@code format} 1). {@code latest.json} is replaced with S3's
 * conditional writes: {@code If-Match} on the ETag read, or {@code If-None-Match: *} when there was none; S3 answers
 * 412 (or 409 for a concurrent conditional write) when another writer got there first.
 */
public final class S3ArtifactIndex implements ArtifactIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json";

    private final S3Client s3;

    public S3ArtifactIndex(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    @Override
    public void putVersion(String bucket, VersionRecord record) {
        String key = ArtifactIndexKeys.versionRecord(record.artifact(), record.publishedVersion());
        byte[] json = write(versionJson(record));
        try {
            // Created once: where promotions arrive, the bucket policy refuses any write but a create (and latest.json's).
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(CONTENT_TYPE).ifNoneMatch("*"),
                    RequestBody.fromBytes(json));
        } catch (S3Exception e) {
            if (e.statusCode() != 412) throw e;
            // A record with other files is there: a feature build published again, in the one environment they go to.
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(CONTENT_TYPE), RequestBody.fromBytes(json));
        }
    }

    @Override
    public Optional<VersionRecord> version(String bucket, String artifact, String publishedVersion) {
        String key = ArtifactIndexKeys.versionRecord(artifact, publishedVersion);
        return get(bucket, key).map(bytes -> {
            Fields fields = Fields.of(bucket, key, bytes.asByteArray(), "a version record");
            VersionRecord record = new VersionRecord(fields.text("artifact"), fields.text("publishedVersion"),
                    fields.text("versionOrder"), fields.text("environment"), fields.optionalText("commit"),
                    fields.instant("publishedAt"), fields.files());
            fields.require(record.artifact().equals(artifact) && record.publishedVersion().equals(publishedVersion),
                    "artifact/publishedVersion", record.artifact() + " " + record.publishedVersion(),
                    artifact + " " + publishedVersion + " (the record's key)");
            return record;
        });
    }

    @Override
    public Optional<StoredLatest> latest(String bucket, String artifact) {
        String key = ArtifactIndexKeys.latest(artifact);
        return get(bucket, key).map(bytes -> {
            Fields fields = Fields.of(bucket, key, bytes.asByteArray(), "a latest pointer");
            LatestRecord record = new LatestRecord(fields.text("artifact"), fields.text("version"),
                    fields.text("versionOrder"), fields.instant("movedAt"), fields.text("movedBy"));
            fields.require(record.artifact().equals(artifact), "artifact", record.artifact(), artifact + " (the key's)");
            return new StoredLatest(record, bytes.response().eTag());
        });
    }

    @Override
    public boolean replaceLatest(String bucket, LatestRecord record, String expectedTag) {
        String key = ArtifactIndexKeys.latest(record.artifact());
        try {
            s3.putObject(request -> {
                request.bucket(bucket).key(key).contentType(CONTENT_TYPE);
                if (expectedTag == null) {
                    request.ifNoneMatch("*");
                } else {
                    request.ifMatch(expectedTag);
                }
            }, RequestBody.fromBytes(write(latestJson(record))));
            return true;
        } catch (S3Exception e) {
            // 412: the object is no longer as read; 409: another conditional write to it is in flight.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private Optional<ResponseBytes<GetObjectResponse>> get(String bucket, String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
    }

    /** A version record as {@link #version} reads it. */
    public static ObjectNode versionJson(VersionRecord record) {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", VersionRecord.FORMAT).put("artifact", record.artifact())
                .put("publishedVersion", record.publishedVersion()).put("versionOrder", record.versionOrder())
                .put("environment", record.environment()).put("commit", record.commit())
                .put("publishedAt", record.publishedAt().toString());
        ArrayNode files = json.putArray("files");
        for (IndexedFile file : record.files()) {
            files.addObject().put("name", file.name()).put("key", file.key()).put("sha256", file.sha256())
                    .put("size", file.size());
        }
        return json;
    }

    /** A latest pointer as {@link #latest} reads it. */
    public static ObjectNode latestJson(LatestRecord record) {
        return JSON.createObjectNode().put("format", LatestRecord.FORMAT).put("artifact", record.artifact())
                .put("version", record.version()).put("versionOrder", record.versionOrder())
                .put("movedAt", record.movedAt().toString()).put("movedBy", record.movedBy());
    }

    private static byte[] write(ObjectNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** An index object's fields, read with errors that name the object, the field and what was expected. */
    private record Fields(String bucket, String key, String what, String at, JsonNode node) {

        static Fields of(String bucket, String key, byte[] bytes, String what) {
            JsonNode root;
            try {
                root = JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("s3://" + bucket + "/" + key + " (" + what + ") is not JSON ("
                        + e.getOriginalMessage() + "); expected the index object PublishArtifact writes");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Fields fields = new Fields(bucket, key, what, "", root);
            fields.requireObject("the object");
            JsonNode format = root.get("format");
            fields.require(format != null && format.isInt() && format.intValue() == VersionRecord.FORMAT, "format",
                    String.valueOf(format), String.valueOf(VersionRecord.FORMAT));
            return fields;
        }

        String text(String field) {
            JsonNode value = node.get(field);
            require(value != null && value.isTextual() && !value.textValue().isEmpty(), at + field,
                    String.valueOf(value), "text");
            return value.textValue();
        }

        String optionalText(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : text(field);
        }

        Instant instant(String field) {
            String text = text(field);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw problem(at + field, text, "an ISO-8601 instant such as 2026-11-23T10:00:00Z");
            }
        }

        List<IndexedFile> files() {
            JsonNode files = node.get("files");
            require(files != null && files.isArray(), "files", String.valueOf(files), "an array of {name, key, sha256, size}");
            List<IndexedFile> list = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Fields file = new Fields(bucket, key, what, "files[" + i + "].", files.get(i));
                file.requireObject("files[" + i + "]");
                JsonNode size = files.get(i).get("size");
                file.require(size != null && size.isIntegralNumber() && size.canConvertToLong() && size.longValue() >= 0,
                        "files[" + i + "].size", String.valueOf(size), "a byte count >= 0");
                list.add(new IndexedFile(file.optionalText("name"), file.text("key"), file.text("sha256"), size.longValue()));
            }
            return list;
        }

        void require(boolean holds, String field, String actual, String expected) {
            if (!holds) {
                throw problem(field, actual, expected);
            }
        }

        private void requireObject(String field) {
            require(node != null && node.isObject(), field, String.valueOf(node), "a JSON object");
        }

        private IllegalStateException problem(String field, String actual, String expected) {
            return new IllegalStateException("s3://" + bucket + "/" + key + " (" + what + "): " + field + " is " + actual
                    + "; expected " + expected + ", as PublishArtifact writes it");
        }
    }
}
