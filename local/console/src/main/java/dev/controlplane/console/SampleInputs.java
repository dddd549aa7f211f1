package dev.controlplane.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample events and workflow inputs of events/, offered to prefill an execution's input. Only the folder's own
 * {@code .json} files are served, by name: no path reaches outside it.
 */
final class SampleInputs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.json");
    private static final long MAX_BYTES = 256 * 1024;

    private final Path folder;

    SampleInputs(Path folder) {
        this.folder = folder;
    }

    /** {@code {configured, events: [{name, size}]}}, by name. */
    ObjectNode list() {
        ObjectNode answer = ConsoleJson.object().put("configured", folder != null);
        ArrayNode events = answer.putArray("events");
        if (folder == null || !Files.isDirectory(folder)) {
            answer.put("reason", folder == null ? "No events folder was given to the console."
                    : "The events folder " + folder + " does not exist.");
            return answer;
        }
        List<Path> files;
        try (Stream<Path> stream = Files.list(folder)) {
            files = stream.filter(file -> NAME.matcher(file.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the events folder " + folder, e);
        }
        for (Path file : files) {
            events.addObject().put("name", file.getFileName().toString()).put("size", size(file));
        }
        return answer;
    }

    /** {@code {name, text}}: the file as written, so the page shows it as its author formatted it. */
    ObjectNode read(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("event name is " + (name == null ? "missing" : "'" + name + "'")
                    + "; expected a .json file name of the events folder, e.g. promote-artifact-upload.json");
        }
        Path file = folder == null ? null : folder.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            throw ApiException.notFound("There is no sample event " + name + " in the events folder");
        }
        if (size(file) > MAX_BYTES) {
            throw ApiException.badRequest("sample event " + name + " has " + size(file) + " bytes; an execution input"
                    + " holds at most " + MAX_BYTES);
        }
        try {
            return ConsoleJson.object().put("name", name)
                    .put("text", Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample event " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
