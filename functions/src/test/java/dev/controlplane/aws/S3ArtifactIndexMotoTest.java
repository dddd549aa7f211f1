package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.index.ArtifactIndex.StoredLatest;
import dev.controlplane.domain.index.LatestRecord;
import dev.controlplane.domain.index.VersionRecord;
import dev.controlplane.domain.index.VersionRecord.IndexedFile;
import dev.testsupport.IntegrationTest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** The artifact bucket index in S3 (moto): the objects' JSON, and latest.json's conditional writes. */
@IntegrationTest
class S3ArtifactIndexMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHURN = "data-eng/churn/churn";
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    private String bucket;
    private S3ArtifactIndex index;

    @BeforeEach
    void freshBucket() {
        bucket = "artifacts-prod-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createVersionedBucket(s3, bucket);
        index = new S3ArtifactIndex(s3);
    }

    static VersionRecord record(String publishedVersion, String commit) {
        return new VersionRecord(CHURN, publishedVersion, VersionOrder.of(publishedVersion.split("-")[0]), "prod", commit, AT,
                List.of(new IndexedFile("churn.py", CHURN + "/churn-" + publishedVersion + ".py", "a".repeat(64), 17),
                        new IndexedFile(null, CHURN + "/churn-1.4.0-py3-none-any.whl", "b".repeat(64), 2048)));
    }

    static LatestRecord latest(String version) {
        return new LatestRecord(CHURN, version, VersionOrder.of(version), AT, "arn:aws:states:us-east-1:1:execution:p:e");
    }

    private JsonNode object(String key) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
    }

    @Test
    void aVersionRecordIsWrittenAsJsonBesideTheFilesAndReadBack() throws IOException {
        index.putVersion(bucket, record("1.4.0", "9f2c"));

        JsonNode json = object("data-eng/churn/churn/_index/versions/1.4.0.json");
        assertThat(json).isEqualTo(JSON.readTree("""
                {"format": 1, "artifact": "data-eng/churn/churn", "publishedVersion": "1.4.0",
                 "versionOrder": "000000001.000000004.000000000.9", "environment": "prod", "commit": "9f2c",
                 "publishedAt": "2026-11-23T10:00:00Z",
                 "files": [{"name": "churn.py", "key": "data-eng/churn/churn/churn-1.4.0.py", "sha256": "%s", "size": 17},
                           {"name": null, "key": "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl", "sha256": "%s", "size": 2048}]}
                """.formatted("a".repeat(64), "b".repeat(64))));
        assertThat(s3.headObject(request -> request.bucket(bucket).key("data-eng/churn/churn/_index/versions/1.4.0.json"))
                .contentType()).isEqualTo("application/json");
        assertThat(index.version(bucket, CHURN, "1.4.0")).contains(record("1.4.0", "9f2c"));
        assertThat(index.version(bucket, CHURN, "1.5.0")).isEmpty();
        index.putVersion(bucket, record("1.4.0-feature-x", null));
        assertThat(index.version(bucket, CHURN, "1.4.0-feature-x")).contains(record("1.4.0-feature-x", null));
    }

    @Test
    void latestIsCreatedOnlyWhenAbsentAndReplacedOnlyWhenStillAsRead() throws IOException {
        assertThat(index.latest(bucket, CHURN)).isEmpty();

        assertThat(index.replaceLatest(bucket, latest("1.4.0"), null)).isTrue();
        StoredLatest first = index.latest(bucket, CHURN).orElseThrow();
        assertThat(first.record()).isEqualTo(latest("1.4.0"));
        assertThat(first.tag()).isNotBlank();
        assertThat(object("data-eng/churn/churn/_index/latest.json")).isEqualTo(JSON.readTree("""
                {"format": 1, "artifact": "data-eng/churn/churn", "version": "1.4.0",
                 "versionOrder": "000000001.000000004.000000000.9", "movedAt": "2026-11-23T10:00:00Z",
                 "movedBy": "arn:aws:states:us-east-1:1:execution:p:e"}"""));

        // Another mover that also saw none must not overwrite it (If-None-Match: *).
        assertThat(index.replaceLatest(bucket, latest("1.3.0"), null)).isFalse();
        assertThat(index.replaceLatest(bucket, latest("1.5.0"), first.tag())).isTrue();
        // The tag read before 1.5.0 was written is stale now (If-Match).
        assertThat(index.replaceLatest(bucket, latest("1.4.1"), first.tag())).isFalse();
        assertThat(index.latest(bucket, CHURN).orElseThrow().record().version()).isEqualTo("1.5.0");
    }

    @Test
    void anIndexObjectThatIsNotAsPublishArtifactWritesItIsReportedNamingObjectAndField() {
        String key = "data-eng/churn/churn/_index/versions/1.4.0.json";
        ArtifactsMoto.put(s3, bucket, key, "not json");
        assertThatThrownBy(() -> index.version(bucket, CHURN, "1.4.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("s3://" + bucket + "/" + key + " (a version record) is not JSON (");

        ArtifactsMoto.put(s3, bucket, key, "{\"format\": 2}");
        assertThatThrownBy(() -> index.version(bucket, CHURN, "1.4.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s3://" + bucket + "/" + key + " (a version record): format is 2; expected 1, as PublishArtifact writes it");

        ArtifactsMoto.put(s3, bucket, key, """
                {"format": 1, "artifact": "data-eng/churn/churn", "publishedVersion": "1.4.0", "versionOrder": "x",
                 "environment": "prod", "publishedAt": "2026-11-23T10:00:00Z", "files": [{"key": "k", "sha256": "s", "size": -1}]}""");
        assertThatThrownBy(() -> index.version(bucket, CHURN, "1.4.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s3://" + bucket + "/" + key + " (a version record): files[0].size is -1; expected a byte count >= 0,"
                        + " as PublishArtifact writes it");

        // A record copied under another version's key is not taken for that version.
        ArtifactsMoto.put(s3, bucket, "data-eng/churn/churn/_index/versions/1.5.0.json",
                S3ArtifactIndex.versionJson(record("1.4.0", null)).toString());
        assertThatThrownBy(() -> index.version(bucket, CHURN, "1.5.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("artifact/publishedVersion is data-eng/churn/churn 1.4.0; expected data-eng/churn/churn 1.5.0");
    }
}
