package dev.controlplane.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.UploadExecutionInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadReceiverTest {

    private static final String INBOX = "controlplane-artifacts-inbox-dev-123456789012";

    /** Starts as Step Functions does: one execution per name, a second start of a name finds it. */
    private static final class RecordingStarter implements PromoteArtifactStarter {
        final List<String> inputs = new ArrayList<>();
        final Set<String> names = new HashSet<>();

        @Override
        public StartedExecution start(String executionName, String input) {
            inputs.add(input);
            boolean again = !names.add(executionName);
            return new StartedExecution(executionName, "arn:aws:states:eu-west-1:123456789012:execution:p:" + executionName, again);
        }
    }

    private final RecordingStarter starter = new RecordingStarter();
    private final UploadReceiver receiver = new UploadReceiver(starter);

    @Test
    void manifestCreatedStartsTheBuildFolderOfItsManifestOnce() {
        UploadNotice notice = new UploadNotice("ObjectCreated:Put", INBOX,
                "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json", "v1", "5d41402abc4b2a76b9719d911017c592", 412L);

        UploadReply.Started first = started(receiver.receive(notice));
        UploadReply.Started redelivered = started(receiver.receive(notice));

        assertThat(first.upload().prefix()).isEqualTo("data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/");
        assertThat(first.execution().executionName()).startsWith("upload-data-eng-churn-").isEqualTo(first.upload().executionName());
        assertThat(first.execution().alreadyStarted()).isFalse();
        assertThat(redelivered.execution().alreadyStarted()).isTrue();
        assertThat(starter.inputs).containsOnly(UploadExecutionInput.encode(first.upload()));
        assertThat(first.upload()).isEqualTo(new ManifestUpload(INBOX,
                "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json", "v1", "5d41402abc4b2a76b9719d911017c592", 412L));
    }

    @Test
    void urlEncodedKeyIsDecodedWithPlusAsSpace() {
        ManifestUpload upload = started(receiver.receive(created("data+eng/churn%2Bv2/caf%C3%A9/manifest.json", "v1", "e"))).upload();

        assertThat(upload.key()).isEqualTo("data eng/churn+v2/café/manifest.json");
        assertThat(upload.prefix()).isEqualTo("data eng/churn+v2/café/");
    }

    @Test
    void keyThatIsNotAManifestIsSkipped() {
        assertThat(skipReason(created("data-eng/churn/abc/score.py", "v1", "e"))).isEqualTo("key is not a manifest.json");
        assertThat(skipReason(created("data-eng/churn/abc/old-manifest.json", "v1", "e"))).isEqualTo("key is not a manifest.json");
        assertThat(starter.inputs).isEmpty();
    }

    @Test
    void encodedSlashBeforeManifestStillNamesAManifest() {
        assertThat(started(receiver.receive(created("t/p/c%2Fmanifest.json", "v1", "e"))).upload().key()).isEqualTo("t/p/c/manifest.json");
    }

    @Test
    void eventOtherThanObjectCreatedIsSkipped() {
        assertThat(skipReason(new UploadNotice("ObjectRemoved:Delete", INBOX, "data-eng/churn/abc/manifest.json", "v1", "e", 10L)))
                .isEqualTo("event ObjectRemoved:Delete is not ObjectCreated:*");
        assertThat(skipReason(new UploadNotice(null, INBOX, "data-eng/churn/abc/manifest.json", "v1", "e", 10L)))
                .isEqualTo("event null is not ObjectCreated:*");
    }

    @Test
    void everyKindOfObjectCreatedStarts() {
        for (String name : new String[] {"ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectCreated:Copy"}) {
            assertThat(receiver.receive(new UploadNotice(name, INBOX, "t/p/c/manifest.json", "v-" + name, "e", 10L)))
                    .isInstanceOf(UploadReply.Started.class);
        }
    }

    @Test
    void recordWithoutBucketOrKeyIsSkipped() {
        assertThat(skipReason(new UploadNotice("ObjectCreated:Put", null, "t/p/c/manifest.json", "v1", "e", 10L)))
                .isEqualTo("record has no s3.bucket.name or s3.object.key");
        assertThat(skipReason(new UploadNotice("ObjectCreated:Put", INBOX, null, "v1", "e", 10L)))
                .isEqualTo("record has no s3.bucket.name or s3.object.key");
    }

    @Test
    void malformedKeyEncodingIsSkipped() {
        assertThat(skipReason(created("t/p/%zz/manifest.json", "v1", "e"))).isEqualTo("s3.object.key is not URL-encoded text");
    }

    @Test
    void recordWithoutVersionIdOrEtagIsSkipped() {
        assertThat(skipReason(created("t/p/c/manifest.json", null, null))).startsWith("record has neither versionId nor eTag");
    }

    private static UploadNotice created(String encodedKey, String versionId, String etag) {
        return new UploadNotice("ObjectCreated:Put", "inbox", encodedKey, versionId, etag, 10L);
    }

    private static UploadReply.Started started(UploadReply reply) {
        assertThat(reply).isInstanceOf(UploadReply.Started.class);
        return (UploadReply.Started) reply;
    }

    private String skipReason(UploadNotice notice) {
        UploadReply reply = receiver.receive(notice);
        assertThat(reply).isInstanceOf(UploadReply.Skipped.class);
        return ((UploadReply.Skipped) reply).reason();
    }
}
