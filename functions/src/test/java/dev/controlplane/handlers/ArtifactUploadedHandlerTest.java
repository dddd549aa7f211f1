package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.upload.UploadNotice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Reading the S3 event and answering for it; what is started for which record is UploadReceiverTest's. */
class ArtifactUploadedHandlerTest {

    static final Path SAMPLE_EVENT = Path.of("..", "events", "s3-manifest-put.json");

    @Test
    void sampleEventIsReadIntoWhatTheReceiverNeeds() throws Exception {
        List<UploadNotice> notices = ArtifactUploadedHandler.notices(Files.newInputStream(SAMPLE_EVENT));

        assertThat(notices).containsExactly(new UploadNotice("ObjectCreated:Put", "controlplane-artifacts-inbox-dev-123456789012",
                "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                "5d41402abc4b2a76b9719d911017c592", 412L));
    }

    @Test
    void recordWithoutItsObjectOrBucketIsReadWithThoseFieldsNull() {
        List<UploadNotice> notices = notices("""
                {"Records": [{"eventName": "ObjectCreated:Put"},
                             {"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "t/p/c/manifest.json", "size": "big"}}}]}""");

        assertThat(notices).containsExactly(new UploadNotice("ObjectCreated:Put", null, null, null, null, null),
                new UploadNotice("ObjectCreated:Put", null, "t/p/c/manifest.json", null, null, null));
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
                    .handleRequest(new ByteArrayInputStream(event.getBytes(UTF_8)), output, null);
        }

        assertThat(output.toString(UTF_8)).isEqualTo("{\"started\":0,\"duplicates\":0,\"skipped\":2}");
    }

    @Test
    void documentWithoutRecordsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> notices("{\"detail-type\": \"Object Created\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 event: Records is missing or not an array");
        assertThatThrownBy(() -> notices("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 event: document is not valid JSON");
        assertThatThrownBy(() -> notices(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 event: document is not valid JSON");
    }

    private static List<UploadNotice> notices(String json) {
        return ArtifactUploadedHandler.notices(new ByteArrayInputStream(json.getBytes(UTF_8)));
    }
}
