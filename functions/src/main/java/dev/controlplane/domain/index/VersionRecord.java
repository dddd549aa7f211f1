package dev.controlplane.domain.index;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.publish.PublishFile;
import dev.controlplane.domain.publish.PublishRequest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One published version as an environment's artifact bucket records it in its index
 * ({@link ArtifactIndexKeys#versionRecord}), written after its files: a record means the files are there.
 *
 * @param artifact         {@code {team}/{project}/{script}}
 * @param publishedVersion {@code 1.4.0}, or {@code 1.4.0-feature-login} for a feature build
 * @param versionOrder     {@link VersionOrder#of} the plain version
 * @param environment      the environment whose bucket holds it
 * @param commit           the git commit it was built from, null when unknown
 * @param publishedAt      when it was first recorded in this bucket
 */
public record VersionRecord(String artifact, String publishedVersion, String versionOrder, String environment,
        String commit, Instant publishedAt, List<IndexedFile> files) {

    /** Format of the JSON written; a reader refuses others rather than guess. */
    public static final int FORMAT = 1;

    public VersionRecord {
        ArtifactIndexKeys.folder(artifact);
        ArtifactIndexKeys.requirePublishedVersion("version record of " + artifact, publishedVersion);
        Objects.requireNonNull(versionOrder, "versionOrder");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(publishedAt, "publishedAt");
        files = List.copyOf(files);
    }

    /** The record of a request's files, published into its environment's bucket at {@code now}. */
    public static VersionRecord of(PublishRequest request, Instant now) {
        String version = ArtifactIndexKeys.plainVersion(request.publishedVersion());
        return new VersionRecord(request.artifact(), request.publishedVersion(), VersionOrder.of(version),
                request.environment(), request.commit(), now,
                request.files().stream().map(IndexedFile::of).toList());
    }

    /** The keys of its files in the bucket (the script and, when built, the wheel). */
    public List<String> fileKeys() {
        return files.stream().map(IndexedFile::key).toList();
    }

    /** True when both record the same files with the same bytes (when or from which commit aside). */
    public boolean sameFiles(VersionRecord other) {
        return files.equals(other.files);
    }

    /**
     * A file of the version.
     *
     * @param name   the manifest's name for it, null when it had none
     * @param sha256 lower-case hex SHA-256 of its bytes
     */
    public record IndexedFile(String name, String key, String sha256, long size) {

        public IndexedFile {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sha256, "sha256");
        }

        static IndexedFile of(PublishFile file) {
            return new IndexedFile(file.name(), file.key(), file.sha256(), file.size());
        }
    }
}
