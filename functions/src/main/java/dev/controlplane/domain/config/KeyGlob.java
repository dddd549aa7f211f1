package dev.controlplane.domain.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A glob on an object key relative to the dataset's prefix: {@code **} matches any characters including
 * {@code /} ({@code **}{@code /} also matches no folder at all), {@code *} any characters within one path segment,
 * {@code ?} one character other than {@code /}; everything else matches itself.
 */
public final class KeyGlob {

    public static final String RULE = "a glob on the key relative to the prefix, e.g. **/*.parquet or _tmp/**"
            + " (** any folders, * within one folder, ? one character; not starting with /)";

    private final String glob;
    private final Pattern pattern;

    private KeyGlob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException with {@link #problem}'s text when the glob is not valid */
    public static KeyGlob of(String glob) {
        problem(glob).ifPresent(problem -> {
            throw new IllegalArgumentException("glob '" + glob + "' " + problem + "; expected " + RULE);
        });
        return new KeyGlob(glob, Pattern.compile(regex(glob), Pattern.DOTALL));
    }

    /** What is wrong with the glob, or empty when it is valid. */
    public static Optional<String> problem(String glob) {
        if (glob == null || glob.isEmpty()) {
            return Optional.of("is empty");
        }
        if (glob.startsWith("/")) {
            return Optional.of("starts with '/' (keys are relative to the prefix)");
        }
        if (glob.contains("***")) {
            return Optional.of("has '***'");
        }
        return Optional.empty();
    }

    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c != '*' && c != '?') {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (glob.startsWith("**/", i)) {
                // Zero or more whole folders, so **/*.parquet also matches a file at the top.
                regex.append("(?:.*/)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else {
                regex.append("[^/]*");
                i++;
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    public boolean matches(String relativeKey) {
        return matchesEverything() || pattern.matcher(relativeKey).matches();
    }

    /** {@code **}: every key, which needs no regex (a dataset's default include, tested on each listed key). */
    public boolean matchesEverything() {
        return glob.equals("**");
    }

    public String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyGlob that && glob.equals(that.glob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(glob);
    }

    @Override
    public String toString() {
        return glob;
    }
}
