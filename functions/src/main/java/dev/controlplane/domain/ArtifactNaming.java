package dev.controlplane.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The artifact naming rules: which team, project, script and version names are valid, and how a
 * feature branch becomes the {@code -{branch-slug}} suffix. {@link ArtifactName} lays out the keys.
 */
public final class ArtifactNaming {

    /** Longest branch slug; longer branches are cut and get a hash so that they stay distinct. */
    public static final int MAX_BRANCH_SLUG_LENGTH = 40;
    public static final int MAX_NAME_LENGTH = 64;

    private static final int BRANCH_HASH_LENGTH = 8;
    private static final String NAME_RULE =
            "1 to " + MAX_NAME_LENGTH + " lower-case letters, digits, '-' or '_', starting with a letter"
                    + " and ending with a letter or digit";
    private static final Pattern NAME = Pattern.compile("[a-z](?:[a-z0-9_-]{0," + (MAX_NAME_LENGTH - 2) + "}[a-z0-9])?");
    // No hyphen anywhere: in a key, a hyphen after the version starts the branch suffix.
    private static final String VERSION_RULE =
            "a semver-like version MAJOR.MINOR.PATCH, optionally with a PEP 440 pre-release or dev suffix"
                    + " and no hyphen (e.g. 1.4.0, 2.0.0rc1, 1.4.1.dev3)";
    private static final Pattern VERSION =
            Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(?:(?:a|b|rc)(0|[1-9][0-9]{0,8}))?(?:\\.dev(0|[1-9][0-9]{0,8}))?");
    private static final String REFS_HEADS = "refs/heads/";

    private ArtifactNaming() {
    }

    public static String requireTeam(String input, String team) {
        return requireName(input, "team", team);
    }

    public static String requireProject(String input, String project) {
        return requireName(input, "project", project);
    }

    public static String requireScript(String input, String script) {
        return requireName(input, "script", script);
    }

    public static String requireVersion(String input, String version) {
        if (version == null || version.isEmpty()) {
            throw new InvalidArtifactException(input, "version", "is missing", VERSION_RULE);
        }
        if (VERSION.matcher(version).matches()) {
            return version;
        }
        String hint = version.startsWith("v") || version.startsWith("V")
                ? " (drop the leading 'v' of the git tag)"
                : version.contains("-") ? " (a hyphen would read as a branch suffix; write 2.0.0rc1, not 2.0.0-rc.1)" : "";
        throw new InvalidArtifactException(input, "version", "is '" + version + "'" + hint, VERSION_RULE);
    }

    /**
     * The suffix a feature branch build carries: lower-case, every run of characters other than
     * a-z and 0-9 turned into one '-', no '-' at either end, at most {@value #MAX_BRANCH_SLUG_LENGTH}
     * characters. A leading {@code refs/heads/} (as webhooks send it) is ignored.
     */
    public static String branchSlug(String input, String branch) {
        if (branch == null || branch.isBlank()) {
            throw new InvalidArtifactException(input, "branch", "is missing", "the git branch the build came from");
        }
        String name = branch.startsWith(REFS_HEADS) ? branch.substring(REFS_HEADS.length()) : branch;
        String slug = slugOf(name);
        if (slug.isEmpty()) {
            throw new InvalidArtifactException(input, "branch", "is '" + branch + "', which has no letters or digits",
                    "a branch name with at least one ASCII letter or digit");
        }
        if (slug.length() <= MAX_BRANCH_SLUG_LENGTH) {
            return slug;
        }
        // Cut branches sharing a long prefix would collide; a hash of the full name keeps them apart.
        String head = trimHyphens(slug.substring(0, MAX_BRANCH_SLUG_LENGTH - BRANCH_HASH_LENGTH - 1));
        return head + "-" + sha256Hex(name).substring(0, BRANCH_HASH_LENGTH);
    }

    private static String requireName(String input, String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidArtifactException(input, field, "is missing", NAME_RULE);
        }
        if (!NAME.matcher(value).matches()) {
            throw new InvalidArtifactException(input, field, "is '" + value + "'", NAME_RULE);
        }
        return value;
    }

    private static String slugOf(String name) {
        StringBuilder slug = new StringBuilder(name.length());
        boolean pendingHyphen = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingHyphen && !slug.isEmpty()) {
                    slug.append('-');
                }
                pendingHyphen = false;
                slug.append(c);
            } else {
                pendingHyphen = true;
            }
        }
        return slug.toString();
    }

    private static String trimHyphens(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
