package dev.controlplane.domain;

import dev.controlplane.domain.ArtifactNaming;
import dev.controlplane.domain.InvalidArtifactException;

/**
 * Where an environment's artifact bucket keeps the index of what it holds, beside the files:
 * {@code {team}/{project}/{script}/_index/versions/{publishedVersion}.json} per published version and
 * {@code {team}/{project}/{script}/_index/latest.json}. The index travels with the files into every environment, so
 * each environment resolves versions from its own bucket.
 *
 * <p>No index key can ever be an artifact key, nor an artifact key lie under an index folder: an artifact key is
 * exactly {@code {team}/{project}/{script}/{file name}} with no '/' in the file name ({@link
 * dev.controlplane.domain.ArtifactName} refuses one), while every index key has a '/' after its {@code _index}
 * segment; and {@code _index} is never a team, project or script (names start with a letter).
 */
public final class ArtifactIndexKeys {

    /** The folder segment under a script's folder that holds its index. */
    public static final String SEGMENT = "_index";
    public static final String LATEST = "latest.json";
    public static final String VERSIONS = "versions/";

    private static final String INPUT = "artifact index";
    private static final String MARKER = "/" + SEGMENT + "/";

    private ArtifactIndexKeys() {
    }

    /** {@code {team}/{project}/{script}/_index/latest.json} */
    public static String latest(String artifact) {
        return folder(artifact) + LATEST;
    }

    /** {@code {team}/{project}/{script}/_index/versions/{publishedVersion}.json} */
    public static String versionRecord(String artifact, String publishedVersion) {
        return folder(artifact) + VERSIONS + requirePublishedVersion(INPUT, publishedVersion) + ".json";
    }

    /** True for a key of the index, false for an artifact (or anything else). */
    public static boolean isIndexKey(String key) {
        int marker = key == null ? -1 : key.indexOf(MARKER);
        // The marker right after the three names of the script's folder.
        return marker > 0 && key.substring(0, marker).chars().filter(c -> c == '/').count() == 2;
    }

    /**
     * A version as published: {@code 1.4.0}, or {@code 1.4.0-feature-login} for a feature build.
     *
     * @throws InvalidArtifactException when it is neither (which also keeps '/' and '..' out of index keys)
     */
    public static String requirePublishedVersion(String input, String publishedVersion) {
        String expected = "a version as published, e.g. 1.4.0, or 1.4.0-{branch-slug} for a feature build";
        if (publishedVersion == null || publishedVersion.isEmpty()) {
            throw new InvalidArtifactException(input, "version", "is missing", expected);
        }
        int hyphen = publishedVersion.indexOf('-');
        ArtifactNaming.requireVersion(input, hyphen < 0 ? publishedVersion : publishedVersion.substring(0, hyphen));
        if (hyphen >= 0) {
            String slug = publishedVersion.substring(hyphen + 1);
            if (slug.isEmpty() || !slug.equals(ArtifactNaming.branchSlug(input, slug))) {
                throw new InvalidArtifactException(input, "version", "is '" + publishedVersion + "'", expected);
            }
        }
        return publishedVersion;
    }

    /** The plain version of a published version: {@code 1.4.0} of {@code 1.4.0-feature-login}. */
    public static String plainVersion(String publishedVersion) {
        String checked = requirePublishedVersion(INPUT, publishedVersion);
        int hyphen = checked.indexOf('-');
        return hyphen < 0 ? checked : checked.substring(0, hyphen);
    }

    /** {@code {team}/{project}/{script}/_index/}, the three names checked. */
    public static String folder(String artifact) {
        String[] names = artifact == null ? new String[0] : artifact.split("/", -1);
        if (names.length != 3) {
            throw new InvalidArtifactException(INPUT, "artifact", "is '" + artifact + "'", "{team}/{project}/{script}");
        }
        ArtifactNaming.requireTeam(INPUT, names[0]);
        ArtifactNaming.requireProject(INPUT, names[1]);
        ArtifactNaming.requireScript(INPUT, names[2]);
        return artifact + MARKER;
    }
}
