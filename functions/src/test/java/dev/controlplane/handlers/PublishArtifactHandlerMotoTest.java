package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoS3;
import dev.controlplane.aws.S3ArtifactIndex;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.domain.ReleasedVersionChangedException;
import dev.controlplane.domain.index.VersionRecord;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** PublishArtifact built from its environment as in Lambda, copying between moto's buckets and indexing them. */
@IntegrationTest
class PublishArtifactHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_KEY = "data-eng/churn/churn/churn-1.4.0.py";
    private static final String WHEEL_KEY = "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl";
    private static final String RECORD_KEY = "data-eng/churn/churn/_index/versions/1.4.0.json";
    private static final String LATEST_KEY = "data-eng/churn/churn/_index/latest.json";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:promote-artifact:github-e91f";
    private static final byte[] SCRIPT = "print('churn 1.4.0')\n".getBytes(UTF_8);
    private static final byte[] WHEEL = "PK\u0003\u0004 not really a wheel".getBytes(UTF_8);

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    private String inbox;
    private String target;
    private String scriptVersion;
    private String wheelVersion;
    private PublishArtifactHandler handler;

    @BeforeEach
    void freshBuckets() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        inbox = "inbox-" + suffix;
        target = "artifacts-prod-" + suffix;
        ArtifactsMoto.createVersionedBucket(s3, inbox);
        ArtifactsMoto.createVersionedBucket(s3, target);
        scriptVersion = ArtifactsMoto.put(s3, inbox, "data-eng/churn/9f2c/churn.py", SCRIPT, "binary/octet-stream");
        wheelVersion = ArtifactsMoto.put(s3, inbox, "data-eng/churn/9f2c/dist/churn-1.4.0-py3-none-any.whl", WHEEL,
                "binary/octet-stream");
        handler = new PublishArtifactHandler(ArtifactsMoto.environment(MOTO.endpoint(), "unused"));
    }

    private ObjectNode input(boolean immutable, byte[] script) {
        ObjectNode input = JSON.createObjectNode();
        ArrayNode files = input.putArray("files");
        files.add(file("churn.py", SCRIPT_KEY, script, "data-eng/churn/9f2c/churn.py", scriptVersion));
        files.add(file("dist/churn-1.4.0-py3-none-any.whl", WHEEL_KEY, WHEEL,
                "data-eng/churn/9f2c/dist/churn-1.4.0-py3-none-any.whl", wheelVersion));
        input.putObject("target").put("name", "prod").put("bucket", target);
        input.put("immutable", immutable);
        input.put("artifact", "data-eng/churn/churn");
        input.put("publishedVersion", "1.4.0");
        input.put("commit", "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3");
        return input;
    }

    private ObjectNode file(String name, String key, byte[] bytes, String sourceKey, String versionId) {
        ObjectNode file = JSON.createObjectNode();
        file.put("name", name).put("key", key).put("sha256", ArtifactsMoto.sha256(bytes)).put("size", bytes.length);
        file.putObject("source").put("bucket", inbox).put("key", sourceKey).put("versionId", versionId);
        return file;
    }

    private JsonNode publish(PublishArtifactHandler handler, JsonNode input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private HeadObjectResponse head(String key) {
        return s3.headObject(request -> request.bucket(target).key(key));
    }

    private byte[] bytes(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(target).key(key)).asByteArray();
    }

    private int versionsOf(String key) {
        return (int) s3.listObjectVersions(request -> request.bucket(target).prefix(key)).versions().stream()
                .filter(version -> version.key().equals(key)).count();
    }

    @Test
    void publishCopiesEveryFileWithItsSha256CommitAndVersion() throws IOException {
        JsonNode output = publish(handler, input(true, SCRIPT));

        JsonNode versions = ((com.fasterxml.jackson.databind.node.ObjectNode) output).remove("versions");
        assertThat(output).isEqualTo(JSON.readTree("{\"environment\":\"prod\",\"bucket\":\"" + target
                + "\",\"copied\":[\"" + SCRIPT_KEY + "\",\"" + WHEEL_KEY + "\"],\"unchanged\":[],"
                + "\"versionRecord\":\"" + RECORD_KEY + "\",\"recorded\":true}"));
        assertThat(versions.path(SCRIPT_KEY).asText()).as("the version each copy is, for the next environment to pin")
                .isEqualTo(head(SCRIPT_KEY).versionId());
        assertThat(versions.path(WHEEL_KEY).asText()).isEqualTo(head(WHEEL_KEY).versionId());
        assertThat(bytes(SCRIPT_KEY)).isEqualTo(SCRIPT);
        assertThat(bytes(WHEEL_KEY)).isEqualTo(WHEEL);
        HeadObjectResponse script = head(SCRIPT_KEY);
        assertThat(script.contentLength()).isEqualTo(SCRIPT.length);
        assertThat(script.metadata()).containsEntry("sha256", ArtifactsMoto.sha256(SCRIPT))
                .containsEntry("commit", "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3")
                .containsEntry("published-version", "1.4.0");
        assertThat(script.contentType()).isEqualTo("text/x-python");
        assertThat(head(WHEEL_KEY).contentType()).isEqualTo("application/zip");
    }

    @Test
    void sameBytesAgainAreUnchangedAndNothingIsCopied() throws IOException {
        publish(handler, input(true, SCRIPT));

        JsonNode again = publish(handler, input(true, SCRIPT));

        assertThat(again.path("copied")).isEmpty();
        assertThat(again.path("unchanged")).containsExactly(JSON.valueToTree(SCRIPT_KEY), JSON.valueToTree(WHEEL_KEY));
        assertThat(versionsOf(SCRIPT_KEY)).isEqualTo(1);
        assertThat(versionsOf(WHEEL_KEY)).isEqualTo(1);
        assertThat(again.path("recorded").asBoolean()).isFalse();
        assertThat(versionsOf(RECORD_KEY)).as("the record of the first publication stays").isEqualTo(1);
    }

    @Test
    void releasedVersionWithOtherBytesIsRefusedAndNoFileIsCopied() throws IOException {
        // The conflict is on the second file: copying file by file would already have copied the first.
        byte[] released = "PK the released wheel".getBytes(UTF_8);
        ArtifactsMoto.put(s3, target, WHEEL_KEY, released, "application/zip");
        s3.copyObject(request -> request.sourceBucket(target).sourceKey(WHEEL_KEY).destinationBucket(target)
                .destinationKey(WHEEL_KEY).metadataDirective("REPLACE")
                .metadata(Map.of("sha256", ArtifactsMoto.sha256(released))));
        int versionsBefore = versionsOf(WHEEL_KEY);

        assertThatThrownBy(() -> publish(handler, input(true, SCRIPT)))
                .isInstanceOf(ReleasedVersionChangedException.class)
                .hasMessageContaining("1.4.0")
                .hasMessageContaining("prod")
                .hasMessageContaining("churn-1.4.0-py3-none-any.whl")
                .hasMessageContaining(ArtifactsMoto.sha256(released));
        assertThat(bytes(WHEEL_KEY)).isEqualTo(released);
        assertThat(versionsOf(WHEEL_KEY)).isEqualTo(versionsBefore);
        assertThatThrownBy(() -> head(SCRIPT_KEY)).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> head(RECORD_KEY)).as("no record of a refused version").isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void featureBuildOverwritesItsEarlierBuild() throws IOException {
        publish(handler, input(false, SCRIPT));
        byte[] rebuilt = "print('churn 1.4.0, rebuilt on the branch')\n".getBytes(UTF_8);
        scriptVersion = ArtifactsMoto.put(s3, inbox, "data-eng/churn/9f2c/churn.py", rebuilt, "text/x-python");

        JsonNode output = publish(handler, input(false, rebuilt));

        assertThat(output.path("copied")).containsExactly(JSON.valueToTree(SCRIPT_KEY));
        assertThat(output.path("unchanged")).containsExactly(JSON.valueToTree(WHEEL_KEY));
        assertThat(bytes(SCRIPT_KEY)).isEqualTo(rebuilt);
        assertThat(head(SCRIPT_KEY).eTag()).as("a feature build replaces its file with one CopyObject").doesNotContain("-");
        assertThat(head(SCRIPT_KEY).metadata()).containsEntry("sha256", ArtifactsMoto.sha256(rebuilt));
        assertThat(output.path("recorded").asBoolean()).isTrue();
        assertThat(JSON.readTree(bytes(RECORD_KEY)).path("files").path(0).path("sha256").asText())
                .isEqualTo(ArtifactsMoto.sha256(rebuilt));
    }

    @Test
    void copyReadsTheValidatedSourceVersionNotANewerUpload() throws IOException {
        ObjectNode input = input(true, SCRIPT);
        ArtifactsMoto.put(s3, inbox, "data-eng/churn/9f2c/churn.py", "print('uploaded later')\n".getBytes(UTF_8),
                "text/x-python");

        publish(handler, input);

        assertThat(bytes(SCRIPT_KEY)).isEqualTo(SCRIPT);
    }

    @Test
    void largeObjectIsCopiedInPartsWithItsMetadata() throws IOException {
        byte[] large = new byte[(int) (2 * S3ArtifactStore.MIN_PART_SIZE + 1024)];
        Arrays.fill(large, (byte) 'x');
        large[large.length - 1] = 'z';
        scriptVersion = ArtifactsMoto.put(s3, inbox, "data-eng/churn/9f2c/churn.py", large, "text/x-python");
        PublishArtifactHandler smallThreshold = new PublishArtifactHandler(
                new S3ArtifactStore(s3, S3ArtifactStore.MIN_PART_SIZE, S3ArtifactStore.MIN_PART_SIZE),
                new S3ArtifactIndex(s3), Clock.systemUTC());

        JsonNode output = publish(smallThreshold, input(true, large));

        assertThat(output.path("copied")).contains(JSON.valueToTree(SCRIPT_KEY));
        HeadObjectResponse copy = head(SCRIPT_KEY);
        // A multipart object's ETag ends with its part count.
        assertThat(copy.eTag()).endsWith("-3\"");
        assertThat(copy.contentLength()).isEqualTo(large.length);
        assertThat(copy.metadata()).containsEntry("sha256", ArtifactsMoto.sha256(large));
        assertThat(copy.contentType()).isEqualTo("text/x-python");
        assertThat(bytes(SCRIPT_KEY)).isEqualTo(large);
        // The wheel is below the threshold, one part: a released file is copied in parts whatever its size, so that
        // its completion can carry If-None-Match (a CopyObject cannot, where the bucket policy requires it).
        assertThat(head(WHEEL_KEY).eTag()).endsWith("-1\"");
    }

    @Test
    void inputWithoutImmutableIsRefusedNamingTheField() {
        ObjectNode input = input(true, SCRIPT);
        input.remove("immutable");

        assertThatThrownBy(() -> publish(handler, input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PublishArtifact input: immutable is missing; expected true for a default-branch version,"
                        + " false for a feature build");
    }

    @Test
    void publishRecordsTheVersionInTheTargetBucketsIndexWithItsFiles() throws IOException {
        publish(handler, input(true, SCRIPT));

        JsonNode record = JSON.readTree(bytes(RECORD_KEY));
        assertThat(record.path("format").asInt()).isEqualTo(1);
        assertThat(record.path("artifact").asText()).isEqualTo("data-eng/churn/churn");
        assertThat(record.path("publishedVersion").asText()).isEqualTo("1.4.0");
        assertThat(record.path("versionOrder").asText()).isEqualTo("000000001.000000004.000000000.9");
        assertThat(record.path("environment").asText()).isEqualTo("prod");
        assertThat(record.path("commit").asText()).isEqualTo("9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3");
        assertThat(record.path("publishedAt").asText()).endsWith("Z");
        assertThat(record.path("files")).isEqualTo(JSON.readTree("""
                [{"name": "churn.py", "key": "%s", "sha256": "%s", "size": %d},
                 {"name": "dist/churn-1.4.0-py3-none-any.whl", "key": "%s", "sha256": "%s", "size": %d}]"""
                .formatted(SCRIPT_KEY, ArtifactsMoto.sha256(SCRIPT), SCRIPT.length, WHEEL_KEY, ArtifactsMoto.sha256(WHEEL),
                        WHEEL.length)));
    }

    private ObjectNode latest(String version) {
        ObjectNode input = JSON.createObjectNode().put("movedBy", EXECUTION);
        input.putArray("latest").addObject().put("artifact", "data-eng/churn/churn").put("version", version)
                .put("environment", "prod").put("bucket", target);
        return input;
    }

    @Test
    void latestJsonMovesForwardOnlyInTheEnvironmentsBucket() throws IOException {
        publish(handler, input(true, SCRIPT));
        new S3ArtifactIndex(s3).putVersion(target, new VersionRecord("data-eng/churn/churn",
                "1.3.0", "000000001.000000003.000000000.9", "prod", null, Instant.now(), List.of()));

        JsonNode moved = publish(handler, latest("1.4.0"));
        JsonNode older = publish(handler, latest("1.3.0"));

        assertThat(moved).isEqualTo(JSON.readTree("""
                {"latest": [{"artifact": "data-eng/churn/churn", "environment": "prod", "version": "1.4.0",
                             "moved": true, "latest": "1.4.0"}]}"""));
        assertThat(older.path("latest").path(0).path("moved").asBoolean()).isFalse();
        assertThat(older.path("latest").path(0).path("latest").asText()).isEqualTo("1.4.0");
        JsonNode latest = JSON.readTree(bytes(LATEST_KEY));
        assertThat(latest.path("version").asText()).isEqualTo("1.4.0");
        assertThat(latest.path("versionOrder").asText()).isEqualTo("000000001.000000004.000000000.9");
        assertThat(latest.path("movedBy").asText()).isEqualTo(EXECUTION);
        assertThat(versionsOf(LATEST_KEY)).isEqualTo(1);
    }

    @Test
    void latestOfAVersionNotPublishedInTheBucketIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> publish(handler, latest("1.4.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s3://" + target + "/" + RECORD_KEY + " does not exist");
        assertThatThrownBy(() -> head(LATEST_KEY)).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void latestInputWithoutTheBucketIsRefusedNamingTheField() {
        ObjectNode input = latest("1.4.0");
        ((ObjectNode) input.path("latest").path(0)).remove("bucket");

        assertThatThrownBy(() -> publish(handler, input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PublishArtifact input: latest[0].bucket is missing; expected the environment's artifact bucket");
    }
}
