package dev.controlplane.domain.config;

import static dev.controlplane.domain.config.ConfigFields.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The config folder being read, shared by the reader of each kind of document in it: where its files are, reading
 * one as a JSON object, and the problems found so far in any of them.
 */
final class ConfigFolder {

    static final String ENVIRONMENTS_FILE = "environments.json";
    static final String TEAMS_FOLDER = "teams";
    static final String DATASETS_FOLDER = "datasets";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final Path dir;
    /** The folder as problems name it: its own name, without the path to it. */
    final String shownDir;
    final List<ConfigProblem> problems = new ArrayList<>();

    ConfigFolder(Path dir) {
        this.dir = dir;
        Path name = dir.getFileName();
        this.shownDir = name == null ? PlatformConfig.CLASSPATH_FOLDER : name.toString().replaceAll("/+$", "");
    }

    List<Path> jsonFiles(String folderName) {
        Path folder = dir.resolve(folderName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".json"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + shownDir + "/" + folderName, e);
        }
    }

    /** The JSON object in a file, or null (with the problem recorded) when it is missing or not an object. */
    JsonNode document(Path path, String file, String shape) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            problem(file, "", "is missing", "a JSON object " + shape);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            problem(file, "", "is not valid JSON (" + e.getOriginalMessage() + locationOf(e) + ")",
                    "a JSON object " + shape);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (root == null || !root.isObject()) {
            problem(file, "", "is " + (root == null || root.isMissingNode() ? "empty" : describe(root)),
                    "a JSON object " + shape);
            return null;
        }
        return root;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    void problem(String file, String pointer, String problem, String expected) {
        problems.add(new ConfigProblem(file, pointer, problem, expected));
    }
}
