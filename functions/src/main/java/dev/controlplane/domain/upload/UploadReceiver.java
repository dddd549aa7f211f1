package dev.controlplane.domain.upload;

import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.UploadExecutionInput;
import dev.controlplane.domain.UploadExecutionName;
import java.util.Objects;

/**
 * Receives one record of the artifacts inbox's S3 event notification: for each {@code manifest.json} created there,
 * starts the promote-artifact workflow once. S3 delivers events at least once; the execution is named after the
 * object version ({@link UploadExecutionName}), so a redelivery starts nothing new. Only starts, never waits.
 */
public final class UploadReceiver {

    static final String OBJECT_CREATED = "ObjectCreated:";

    private final PromoteArtifactStarter starter;

    public UploadReceiver(PromoteArtifactStarter starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /**
     * @throws RuntimeException what the starter throws when Step Functions fails; the whole event is retried,
     *         which restarts nothing already started
     */
    public UploadReply receive(UploadNotice notice) {
        String eventName = notice.eventName();
        if (eventName == null || !eventName.startsWith(OBJECT_CREATED)) {
            return new UploadReply.Skipped("event " + eventName + " is not " + OBJECT_CREATED + "*");
        }
        if (notice.bucket() == null || notice.bucket().isEmpty() || notice.encodedKey() == null) {
            return new UploadReply.Skipped("record has no s3.bucket.name or s3.object.key");
        }
        String key = notice.key();
        if (key == null) {
            // A malformed escape is refused rather than guessed at.
            return new UploadReply.Skipped("s3.object.key is not URL-encoded text");
        }
        if (!ManifestUpload.isManifestKey(key)) {
            return new UploadReply.Skipped("key is not a " + ManifestUpload.MANIFEST_FILE_NAME);
        }
        if (!UploadExecutionName.canName(notice.versionId(), notice.etag())) {
            return new UploadReply.Skipped("record has neither versionId nor eTag to tell this upload from a redelivery");
        }
        ManifestUpload upload = new ManifestUpload(notice.bucket(), key, notice.versionId(), notice.etag(), notice.size());
        return new UploadReply.Started(upload, starter.start(upload.executionName(), UploadExecutionInput.encode(upload)));
    }
}
