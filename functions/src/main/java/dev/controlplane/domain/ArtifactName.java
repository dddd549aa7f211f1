package dev.controlplane.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's files are published: {@code {team}/{project}/{script}/{script}-{version}.py} and
 * the wheel beside it, with {@code -{branch-slug}} after the version for a feature branch build.
 *
 * @param branchSlug present only for a feature branch build (see {@link ArtifactNaming#branchSlug})
 */
public record ArtifactName(String team, String project, String script, String version, Optional<String> branchSlug) {

    private static final String INPUT = "artifact name";

    public ArtifactName {
        ArtifactNaming.requireTeam(INPUT, team);
        ArtifactNaming.requireProject(INPUT, project);
        ArtifactNaming.requireScript(INPUT, script);
        ArtifactNaming.requireVersion(INPUT, version);
        Objects.requireNonNull(branchSlug, "branchSlug: use Optional.empty() for a default branch build");
        branchSlug.ifPresent(slug -> {
            if (!ArtifactNaming.branchSlug(INPUT, slug).equals(slug)) {
                throw new InvalidArtifactException(INPUT, "branchSlug", "is '" + slug + "'",
                        "a slug as ArtifactNaming.branchSlug makes it (lower-case a-z, 0-9 and single inner '-')");
            }
        });
    }

    /** A build of the default branch: published under its plain version. */
    public static ArtifactName defaultBranchBuild(String team, String project, String script, String version) {
        return new ArtifactName(team, project, script, version, Optional.empty());
    }

    /** A build of a feature branch: its version carries the branch slug, and it goes to dev only. */
    public static ArtifactName featureBranchBuild(String team, String project, String script, String version,
            String branch) {
        return new ArtifactName(team, project, script, version,
                Optional.of(ArtifactNaming.branchSlug(INPUT, branch)));
    }

    public boolean isFeatureBranchBuild() {
        return branchSlug.isPresent();
    }

    /** The version as it appears in the script's name: {@code 1.4.0} or {@code 1.4.0-feature-login}. */
    public String publishedVersion() {
        return branchSlug.map(slug -> version + "-" + slug).orElse(version);
    }

    /** The folder both files live in: {@code {team}/{project}/{script}}. */
    public String folder() {
        return team + "/" + project + "/" + script;
    }

    /** {@code {team}/{project}/{script}/{script}-{version}[-{branch-slug}].py} */
    public String scriptKey() {
        return folder() + "/" + script + "-" + publishedVersion() + ".py";
    }

    /**
     * The key of the build's wheel, beside the script, under the wheel's own file name: pip refuses a
     * wheel whose file name disagrees with its metadata, so the name cannot be rewritten here. Hence
     * the file name must be a valid wheel name (PEP 427) carrying this build's version: the plain
     * version for a default branch build, and for a feature branch build that version with the
     * branch as PEP 440 local label ({@code 1.4.0+feature.login}), so it never collides with a release.
     */
    public String wheelKey(String wheelFileName) {
        String input = "wheel";
        String expected = "a wheel file name {distribution}-" + wheelVersion()
                + "(-{build})?-{python}-{abi}-{platform}.whl, e.g. " + project.replace('-', '_') + "-"
                + wheelVersion() + "-py3-none-any.whl";
        if (wheelFileName == null || wheelFileName.isEmpty()) {
            throw new InvalidArtifactException(input, "file name", "is missing", expected);
        }
        if (!wheelFileName.endsWith(".whl") || wheelFileName.indexOf('/') >= 0 || wheelFileName.indexOf('\\') >= 0) {
            throw new InvalidArtifactException(input, "file name", "is '" + wheelFileName + "'", expected);
        }
        String[] parts = wheelFileName.substring(0, wheelFileName.length() - ".whl".length()).split("-", -1);
        boolean wellFormed = (parts.length == 5 || parts.length == 6);
        for (String part : parts) {
            wellFormed &= !part.isEmpty();
        }
        if (!wellFormed) {
            throw new InvalidArtifactException(input, "file name", "is '" + wheelFileName + "'", expected);
        }
        if (!parts[1].equals(wheelVersion())) {
            throw new InvalidArtifactException(input, "version in file name",
                    "is '" + parts[1] + "' in '" + wheelFileName + "'", "'" + wheelVersion() + "': " + expected);
        }
        return folder() + "/" + wheelFileName;
    }

    /** The version the wheel must be built with: the branch slug becomes a PEP 440 local label. */
    public String wheelVersion() {
        return branchSlug.map(slug -> version + "+" + slug.replace('-', '.')).orElse(version);
    }
}
