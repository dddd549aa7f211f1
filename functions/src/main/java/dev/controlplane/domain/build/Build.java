package dev.controlplane.domain.build;

import dev.controlplane.domain.VersionOrder;
import java.util.List;

/**
 * A validated build: what the promote-artifact workflow publishes, registers and promotes (the
 * ValidateBuild output). Field names are the workflow's JSON names.
 *
 * @param publishedVersion the version in the published names: {@code 1.4.0} or {@code 1.4.0-feature-login}
 * @param versionOrder     {@link VersionOrder#of} the version
 * @param branch           without {@code refs/heads/}
 * @param branchSlug       null for a default-branch build
 * @param artifact         the registry partition, {@code {team}/{project}/{script}}
 * @param digest           SHA-256 hex of the sorted lines {@code "{key} {sha256}\n"} of the files
 * @param environments     the first environment only for a feature build, the whole chain otherwise
 */
public record Build(String team, String project, String script, String version, String publishedVersion,
        String versionOrder, String branch, String branchSlug, boolean feature, String commit, String repository,
        String artifact, String digest, List<PublishedFile> files, List<PromotionTarget> environments) {

    public Build {
        files = List.copyOf(files);
        environments = List.copyOf(environments);
    }

    /**
     * One file of the build.
     *
     * @param name   as the manifest lists it
     * @param key    where it is published in each environment's artifact bucket
     * @param source the inbox object whose bytes were checked, to be copied exactly
     */
    public record PublishedFile(String name, String key, String sha256, long size, SourceObject source) {
    }

    /** @param versionId null when the inbox is unversioned */
    public record SourceObject(String bucket, String key, String versionId) {
    }
}
