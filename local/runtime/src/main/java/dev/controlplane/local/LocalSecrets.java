package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local runtime's secret values: a JSON file of {@code {"secret name": "value"}}, kept out of git (under
 * {@code .controlplane/}, readable by its owner only). A secret the template declares gets a generated value on first
 * start, as CloudFormation's GenerateSecretString would; values are never logged.
 */
final class LocalSecrets {
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, String> values;

    private LocalSecrets(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** Reads the file; a missing file is an empty one, a file that is not a JSON object of strings is refused. */
    static LocalSecrets open(Path file) {
        Map<String, String> values = new TreeMap<>();
        try {
            JsonNode root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isObject()) throw new IllegalArgumentException(file + ": expected a JSON object {\"secret name\": \"value\"}");
            for (var it = root.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException(file + ": the value of secret '" + e.getKey() + "' must be a JSON string");
                }
                values.put(e.getKey(), e.getValue().textValue());
            }
        } catch (NoSuchFileException e) {
            // first start: values are generated and the file written
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
                    : file + ": not valid JSON (" + e.getMessage() + ")");
        }
        return new LocalSecrets(file, values);
    }

    Path file() {
        return file;
    }

    synchronized String value(String name) {
        return values.get(name);
    }

    synchronized boolean has(String name) {
        return values.containsKey(name);
    }

    /** Sets a value and writes the file. */
    synchronized void put(String name, String value) {
        values.put(name, value);
        save();
    }

    /**
     * A value as GenerateSecretString makes it: PasswordLength (32), the Exclude* switches, IncludeSpace,
     * RequireEachIncludedType (true), and SecretStringTemplate with GenerateStringKey for a JSON secret.
     */
    static String generate(JsonNode spec) {
        JsonNode s = spec == null ? Json.object() : spec;
        int length = s.path("PasswordLength").asInt(32);
        String exclude = s.path("ExcludeCharacters").asText("");
        Map<String, String> classes = new LinkedHashMap<>();
        if (!s.path("ExcludeLowercase").asBoolean(false)) classes.put("lower", "abcdefghijklmnopqrstuvwxyz");
        if (!s.path("ExcludeUppercase").asBoolean(false)) classes.put("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        if (!s.path("ExcludeNumbers").asBoolean(false)) classes.put("digits", "0123456789");
        if (!s.path("ExcludePunctuation").asBoolean(false)) classes.put("punctuation", PUNCTUATION);
        if (s.path("IncludeSpace").asBoolean(false)) classes.put("space", " ");
        classes.replaceAll((k, chars) -> chars.chars().filter(c -> exclude.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        classes.values().removeIf(String::isEmpty);
        if (classes.isEmpty()) throw new IllegalArgumentException("GenerateSecretString excludes every character");
        String all = String.join("", classes.values());
        StringBuilder password = new StringBuilder();
        if (s.path("RequireEachIncludedType").asBoolean(true) && length >= classes.size()) {
            for (String chars : classes.values()) password.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        while (password.length() < length) password.append(all.charAt(RANDOM.nextInt(all.length())));
        for (int i = password.length() - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char c = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, c);
        }
        if (s.hasNonNull("SecretStringTemplate") && s.hasNonNull("GenerateStringKey")) {
            ObjectNode template = (ObjectNode) Json.parse(s.get("SecretStringTemplate").asText());
            template.put(s.get("GenerateStringKey").asText(), password.toString());
            return Json.write(template);
        }
        return password.toString();
    }

    private void save() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ObjectNode root = Json.object();
            values.forEach(root::put);
            Path temp = Files.createTempFile(parent, ".secrets", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions apply
            }
            Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets file " + file + ": " + e.getMessage(), e);
        }
    }
}
