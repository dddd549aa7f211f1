package dev.controlplane.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What CI uploads beside a build's files: who built what from which commit, and each file's checksum
 * and size. A manifest that exists is valid: {@link #parse} and the constructor refuse anything the
 * promote-artifact workflow could not publish safely. Unknown JSON fields are ignored, so CI can add
 * fields before the control plane reads them.
 *
 * @param script defaults to the project when the JSON leaves it out (as {@code script_name} does for runs)
 * @param commit the full git commit id, lower-case
 */
public record Manifest(String team, String project, String script, String version, String branch, String commit,
        List<ManifestFile> files) {

    /** The name of the manifest in error messages, unless the caller knows its key. */
    public static final String DEFAULT_INPUT = "manifest";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE_OBJECT = "a {\"name\", \"sha256\", \"size\"} object";

    public Manifest {
        commit = commit == null ? null : commit.toLowerCase(Locale.ROOT);
        files = files == null ? null : Collections.unmodifiableList(new ArrayList<>(files));
        validate(DEFAULT_INPUT, team, project, script, version, branch, commit, files);
    }

    public static Manifest parse(String json) {
        return parse(DEFAULT_INPUT, json);
    }

    /**
     * @param input names the manifest in errors, e.g. its S3 key
     * @throws InvalidArtifactException naming the field that is missing or wrong and what was expected
     */
    public static Manifest parse(String input, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new InvalidArtifactException(input, "document", "is not valid JSON (" + e.getOriginalMessage() + ")",
                    "a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidArtifactException(input, "document", "is not a JSON object", "a JSON object");
        }
        String project = text(input, root, "", "project");
        String script = root.hasNonNull("script") ? text(input, root, "", "script") : project;
        String team = text(input, root, "", "team");
        String version = text(input, root, "", "version");
        String branch = text(input, root, "", "branch");
        String commit = text(input, root, "", "commit");
        List<ManifestFile> files = files(input, root.get("files"));
        // Validate here too, so that errors carry the caller's name for the manifest.
        validate(input, team, project, script, version, branch, commit, files);
        return new Manifest(team, project, script, version, branch, commit, files);
    }

    /** Where the build is published: with a branch suffix unless it was built from the default branch. */
    public ArtifactName artifactName(String defaultBranch) {
        return withoutRefsHeads(branch).equals(withoutRefsHeads(defaultBranch))
                ? ArtifactName.defaultBranchBuild(team, project, script, version)
                : ArtifactName.featureBranchBuild(team, project, script, version, branch);
    }

    private static String withoutRefsHeads(String branch) {
        return branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
    }

    private static void validate(String input, String team, String project, String script, String version,
            String branch, String commit, List<ManifestFile> files) {
        ArtifactNaming.requireTeam(input, team);
        ArtifactNaming.requireProject(input, project);
        ArtifactNaming.requireScript(input, script);
        ArtifactNaming.requireVersion(input, version);
        ArtifactNaming.branchSlug(input, branch);
        requireCommit(input, commit);
        requireFiles(input, files);
    }

    private static void requireCommit(String input, String commit) {
        String expected = "the full git commit id: 40 (SHA-1) or 64 (SHA-256) hex characters";
        if (commit == null || commit.isEmpty()) {
            throw new InvalidArtifactException(input, "commit", "is missing", expected);
        }
        if ((commit.length() != 40 && commit.length() != 64) || !HexText.isHex(commit)) {
            throw new InvalidArtifactException(input, "commit", "is '" + commit + "'", expected);
        }
    }

    private static void requireFiles(String input, List<ManifestFile> files) {
        String expected = "a non-empty array of " + FILE_OBJECT + "s";
        if (files == null) {
            throw new InvalidArtifactException(input, "files", "is missing", expected);
        }
        if (files.isEmpty()) {
            throw new InvalidArtifactException(input, "files", "is empty", expected);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            String at = "files[" + i + "]";
            ManifestFile file = files.get(i);
            if (file == null) {
                throw new InvalidArtifactException(input, at, "is null", FILE_OBJECT);
            }
            requireFileName(input, at + ".name", file.name());
            if (!names.add(file.name())) {
                throw new InvalidArtifactException(input, at + ".name",
                        "is '" + file.name() + "', which an earlier file already has", "each file listed once");
            }
            requireSha256(input, at + ".sha256", file.sha256());
            if (file.size() < 0) {
                throw new InvalidArtifactException(input, at + ".size", "is " + file.size(),
                        "the file's size in bytes, a whole number >= 0");
            }
        }
    }

    // A name becomes part of an S3 key and of a local path: only plain relative paths get through.
    private static void requireFileName(String input, String field, String name) {
        String expected = "a relative path whose segments are letters, digits, '.', '_', '-' or '+'"
                + " (e.g. dist/churn-1.4.0-py3-none-any.whl)";
        if (name == null || name.isEmpty()) {
            throw new InvalidArtifactException(input, field, "is missing", expected);
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0) {
            throw new InvalidArtifactException(input, field, "is '" + name + "', which is not a relative path", expected);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidArtifactException(input, field,
                        "is '" + name + "', which is refused: '" + segment + "' would leave or alias the build's folder",
                        expected);
            }
            if (segment.isEmpty() || !isNameSegment(segment)) {
                throw new InvalidArtifactException(input, field, "is '" + name + "'", expected);
            }
        }
    }

    private static void requireSha256(String input, String field, String sha256) {
        String expected = "the file's SHA-256 as 64 hex characters";
        if (sha256 == null || sha256.isEmpty()) {
            throw new InvalidArtifactException(input, field, "is missing", expected);
        }
        if (sha256.length() != 64 || !HexText.isHex(sha256)) {
            throw new InvalidArtifactException(input, field,
                    "is '" + sha256 + "' (" + sha256.length() + " characters)", expected);
        }
    }

    private static List<ManifestFile> files(String input, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidArtifactException(input, "files", "is " + describe(node),
                    "a non-empty array of " + FILE_OBJECT + "s");
        }
        List<ManifestFile> files = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "files[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw new InvalidArtifactException(input, at, "is " + describe(entry), FILE_OBJECT);
            }
            String name = text(input, entry, at + ".", "name");
            requireFileName(input, at + ".name", name);
            String sha256 = text(input, entry, at + ".", "sha256");
            requireSha256(input, at + ".sha256", sha256);
            files.add(new ManifestFile(name, sha256, size(input, at + ".size", entry.get("size"))));
        }
        return files;
    }

    // Null when absent, so that each field's own rule reports it as missing.
    private static String text(String input, JsonNode object, String prefix, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidArtifactException(input, prefix + field, "is " + describe(node), "a string");
        }
        return node.asText();
    }

    private static long size(String input, String field, JsonNode node) {
        String expected = "the file's size in bytes, a whole number >= 0";
        if (node == null || node.isNull()) {
            throw new InvalidArtifactException(input, field, "is missing", expected);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidArtifactException(input, field, "is " + describe(node), expected);
        }
        if (node.longValue() < 0) {
            throw new InvalidArtifactException(input, field, "is " + node.longValue(), expected);
        }
        return node.longValue();
    }

    private static boolean isNameSegment(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '+';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode node) {
        String shown = node.toString();
        return "the " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown);
    }
}
