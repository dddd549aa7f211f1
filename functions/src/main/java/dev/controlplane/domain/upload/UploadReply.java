package dev.controlplane.domain.upload;

import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.PromoteArtifactStarter.StartedExecution;

/** What the receiver did with one record of the inbox's event; the handler counts and logs it. */
public sealed interface UploadReply {

    /** Not an upload of a manifest that can start the workflow; the reason says which check it failed. */
    record Skipped(String reason) implements UploadReply {
    }

    /** The workflow started for the manifest, or found started by an earlier delivery of the same version. */
    record Started(ManifestUpload upload, StartedExecution execution) implements UploadReply {
    }
}
