package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * samconfig.toml as {@code sam deploy --config-env ENV} reads it: the environment's {@code deploy.parameters}
 * {@code parameter_overrides}, a list of {@code Key=Value} strings (or one string of them separated by spaces).
 */
public final class SamConfig {
    private final Path file;
    private final JsonNode root;

    private SamConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The samconfig.toml beside a template, or null when there is none. */
    public static SamConfig besides(Path template) {
        Path dir = template.toAbsolutePath().normalize().getParent();
        Path file = dir == null ? null : dir.resolve("samconfig.toml");
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return new SamConfig(file, new TomlMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a TOML file SAM can read: " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    /** Whether the file has a table for this environment. */
    public boolean has(String environment) {
        return root.has(environment);
    }

    /**
     * The parameter overrides of {@code [ENV.deploy.parameters]}, in order.
     *
     * @throws IllegalArgumentException naming the file and the entry that is not Key=Value
     */
    public Map<String, String> parameterOverrides(String environment) {
        JsonNode overrides = root.path(environment).path("deploy").path("parameters").path("parameter_overrides");
        List<String> entries = new ArrayList<>();
        if (overrides.isArray()) overrides.forEach(o -> entries.add(o.asText()));
        else if (overrides.isTextual()) entries.addAll(splitOutsideQuotes(overrides.asText()));
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ": [" + environment + ".deploy.parameters] parameter_overrides entry '" + entry
                        + "' is not Key=Value");
            }
            String value = entry.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            out.put(entry.substring(0, eq), value);
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (Character.isWhitespace(c) && !quoted) {
                if (!current.isEmpty()) parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) parts.add(current.toString());
        return parts;
    }
}
