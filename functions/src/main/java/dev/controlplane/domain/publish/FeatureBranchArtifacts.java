package dev.controlplane.domain.publish;

import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.ArtifactNaming;
import dev.controlplane.domain.InvalidArtifactException;
import dev.controlplane.domain.ArtifactIndexKeys;
import java.util.Optional;

/**
 * Which published objects of one script belong to a feature branch: the script
 * {@code {script}-{version}-{slug}.py} and wheels whose version is {@code {version}+{slug with '.' for '-'}},
 * exactly as {@link ArtifactName} lays them out for that branch, and their version records in the bucket's index
 * ({@link ArtifactIndexKeys#versionRecord}). Nothing of the default branch or another branch ever matches, even a
 * branch whose slug ends like this one's.
 */
public final class FeatureBranchArtifacts {

    private static final String SCRIPT_SUFFIX = ".py";
    private static final String WHEEL_SUFFIX = ".whl";

    private final String team;
    private final String project;
    private final String script;
    private final String branchSlug;

    private FeatureBranchArtifacts(String team, String project, String script, String branchSlug) {
        this.team = team;
        this.project = project;
        this.script = script;
        this.branchSlug = branchSlug;
    }

    /**
     * @param branch the branch name as git or a webhook gives it ({@code refs/heads/} is ignored)
     * @throws InvalidArtifactException when a name breaks the naming rules
     */
    public static FeatureBranchArtifacts of(String team, String project, String script, String branch) {
        String input = "feature branch to retire";
        ArtifactNaming.requireTeam(input, team);
        ArtifactNaming.requireProject(input, project);
        ArtifactNaming.requireScript(input, script);
        return new FeatureBranchArtifacts(team, project, script, ArtifactNaming.branchSlug(input, branch));
    }

    public String branchSlug() {
        return branchSlug;
    }

    /** The registry artifact, {@code {team}/{project}/{script}}. */
    public String artifact() {
        return team + "/" + project + "/" + script;
    }

    /** The folder every object of the script is under, with its trailing '/'. */
    public String folderPrefix() {
        return artifact() + "/";
    }

    /** True when the key is this branch's script or wheel, or its version record, of any version. */
    public boolean owns(String key) {
        if (key == null || !key.startsWith(folderPrefix())) {
            return false;
        }
        if (ArtifactIndexKeys.isIndexKey(key)) {
            return ownsVersionRecord(key);
        }
        String fileName = key.substring(folderPrefix().length());
        if (fileName.endsWith(SCRIPT_SUFFIX)) {
            return ownsScript(key, fileName);
        }
        if (fileName.endsWith(WHEEL_SUFFIX)) {
            return ownsWheel(key, fileName);
        }
        return false;
    }

    private boolean ownsVersionRecord(String key) {
        String prefix = folderPrefix() + ArtifactIndexKeys.SEGMENT + "/" + ArtifactIndexKeys.VERSIONS;
        String suffix = "-" + branchSlug + ".json";
        if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        String version = key.substring(prefix.length(), key.length() - suffix.length());
        return name(version).map(name -> ArtifactIndexKeys.versionRecord(artifact(), name.publishedVersion()).equals(key))
                .orElse(false);
    }

    private boolean ownsScript(String key, String fileName) {
        String prefix = script + "-";
        String suffix = "-" + branchSlug + SCRIPT_SUFFIX;
        if (!fileName.startsWith(prefix) || !fileName.endsWith(suffix)
                || fileName.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        String version = fileName.substring(prefix.length(), fileName.length() - suffix.length());
        // A version never has a hyphen, so another branch whose slug ends with this one's cannot match.
        return name(version).map(name -> name.scriptKey().equals(key)).orElse(false);
    }

    private boolean ownsWheel(String key, String fileName) {
        String[] parts = fileName.substring(0, fileName.length() - WHEEL_SUFFIX.length()).split("-", -1);
        if (parts.length < 2) {
            return false;
        }
        String wheelVersion = parts[1];
        String label = "+" + branchSlug.replace('-', '.');
        if (!wheelVersion.endsWith(label) || wheelVersion.length() == label.length()) {
            return false;
        }
        String version = wheelVersion.substring(0, wheelVersion.length() - label.length());
        return name(version).map(name -> {
            try {
                return name.wheelKey(fileName).equals(key);
            } catch (InvalidArtifactException notOurWheel) {
                return false;
            }
        }).orElse(false);
    }

    private Optional<ArtifactName> name(String version) {
        try {
            return Optional.of(new ArtifactName(team, project, script, version, Optional.of(branchSlug)));
        } catch (InvalidArtifactException notAVersion) {
            return Optional.empty();
        }
    }
}
