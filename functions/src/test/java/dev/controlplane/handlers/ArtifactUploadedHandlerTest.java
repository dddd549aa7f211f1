package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.ManifestUpload;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Reading the event and deciding per record; nothing here reaches Step Functions. */
class ArtifactUploadedHandlerTest {

    static final Path SAMPLE_EVENT = Path.of("..", "events", "s3-manifest-put.json");

    @Test
    void sampleEventIsReadIntoTheEventsLibrarysS3Event() throws Exception {
        S3Event event = S3EventJson.parse(Files.readString(SAMPLE_EVENT));

        S3EventNotificationRecord record = event.getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getS3().getBucket().getName()).isEqualTo("controlplane-artifacts-inbox-dev-123456789012");
        assertThat(record.getS3().getObject().getVersionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
        assertThat(record.getS3().getObject().geteTag()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(412L);
    }

    @Test
    void sampleEventStartsTheBuildFolderOfItsManifest() throws Exception {
        ManifestUpload upload = start(ArtifactUploadedHandler.decide(S3EventJson.parse(Files.readString(SAMPLE_EVENT)).getRecords().get(0)));

        assertThat(upload.key()).isEqualTo("data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json");
        assertThat(upload.prefix()).isEqualTo("data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/");
        assertThat(upload.executionName()).startsWith("upload-data-eng-churn-");
    }

    @Test
    void urlEncodedKeyIsDecodedWithPlusAsSpace() {
        ManifestUpload upload = start(ArtifactUploadedHandler.decide(record("ObjectCreated:Put", "data+eng/churn%2Bv2/caf%C3%A9/manifest.json", "v1", "e")));

        assertThat(upload.key()).isEqualTo("data eng/churn+v2/café/manifest.json");
        assertThat(upload.prefix()).isEqualTo("data eng/churn+v2/café/");
    }

    @Test
    void keyThatIsNotAManifestIsSkipped() {
        assertThat(skipReason(record("ObjectCreated:Put", "data-eng/churn/abc/score.py", "v1", "e"))).isEqualTo("key is not a manifest.json");
        assertThat(skipReason(record("ObjectCreated:Put", "data-eng/churn/abc/old-manifest.json", "v1", "e")))
                .isEqualTo("key is not a manifest.json");
    }

    @Test
    void encodedSlashBeforeManifestStillNamesAManifest() {
        assertThat(start(ArtifactUploadedHandler.decide(record("ObjectCreated:Put", "t/p/c%2Fmanifest.json", "v1", "e"))).key())
                .isEqualTo("t/p/c/manifest.json");
    }

    @Test
    void eventOtherThanObjectCreatedIsSkipped() {
        assertThat(skipReason(record("ObjectRemoved:Delete", "data-eng/churn/abc/manifest.json", "v1", "e")))
                .isEqualTo("event ObjectRemoved:Delete is not ObjectCreated:*");
    }

    @Test
    void everyKindOfObjectCreatedStarts() {
        for (String name : new String[] {"ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectCreated:Copy"}) {
            assertThat(ArtifactUploadedHandler.decide(record(name, "t/p/c/manifest.json", "v1", "e")))
                    .isInstanceOf(ArtifactUploadedHandler.Decision.Start.class);
        }
    }

    @Test
    void malformedKeyEncodingIsSkipped() {
        assertThat(skipReason(record("ObjectCreated:Put", "t/p/%zz/manifest.json", "v1", "e"))).isEqualTo("s3.object.key is not URL-encoded text");
    }

    @Test
    void recordWithoutVersionIdOrEtagIsSkipped() {
        assertThat(skipReason(record("ObjectCreated:Put", "t/p/c/manifest.json", null, null)))
                .startsWith("record has neither versionId nor eTag");
    }

    @Test
    void eventWithOnlySkippedRecordsStartsNothingAndSaysSo() throws Exception {
        String event = """
                {"Records": [
                  {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "inbox"}, "object": {"key": "t/p/c/score.py", "eTag": "e"}}},
                  {"eventName": "ObjectRemoved:Delete", "s3": {"bucket": {"name": "inbox"}, "object": {"key": "t/p/c/manifest.json"}}}
                ]}""";
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        // A client for a closed port: any call to Step Functions would fail the test.
        try (SfnClient unreachable = SfnClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(unreachable, "arn:aws:states:eu-west-1:123456789012:stateMachine:p"))
                    .handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
        }

        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("{\"started\":0,\"duplicates\":0,\"skipped\":2}");
    }

    @Test
    void documentWithoutRecordsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> S3EventJson.parse("{\"detail-type\": \"Object Created\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 event: Records is missing or not an array");
        assertThatThrownBy(() -> S3EventJson.parse("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 event: document is not valid JSON");
    }

    static S3EventNotificationRecord record(String eventName, String encodedKey, String versionId, String etag) {
        String object = "\"key\": \"" + encodedKey + "\", \"size\": 10"
                + (versionId == null ? "" : ", \"versionId\": \"" + versionId + "\"")
                + (etag == null ? "" : ", \"eTag\": \"" + etag + "\"");
        return S3EventJson.parse("{\"Records\": [{\"eventName\": \"" + eventName + "\", \"s3\": {\"bucket\": {\"name\": \"inbox\"}, \"object\": {"
                + object + "}}}]}").getRecords().get(0);
    }

    private static ManifestUpload start(ArtifactUploadedHandler.Decision decision) {
        assertThat(decision).isInstanceOf(ArtifactUploadedHandler.Decision.Start.class);
        return ((ArtifactUploadedHandler.Decision.Start) decision).upload();
    }

    private static String skipReason(S3EventNotificationRecord record) {
        ArtifactUploadedHandler.Decision decision = ArtifactUploadedHandler.decide(record);
        assertThat(decision).isInstanceOf(ArtifactUploadedHandler.Decision.Skip.class);
        return ((ArtifactUploadedHandler.Decision.Skip) decision).reason();
    }
}
