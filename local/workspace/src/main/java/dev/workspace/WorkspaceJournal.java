package dev.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the workspace holds, kept in one file so that it outlives the process, as a real workspace outlives the
 * control plane that calls it: one JSON line per change of a run, a cluster, a policy, a permission list or a SQL
 * statement, {@code {"kind": ..., "id": ..., "value": ...}} (a null value removes the entry). At start the file is read
 * back, the last line of each kind and id wins, and the file is rewritten with those lines alone. Each line reaches
 * the operating system before the call that made the change answers, so a killed process loses none of them; a
 * power cut can lose the last few (no fsync), as with the execution journal. A last line cut short by a crash is
 * dropped; a file damaged elsewhere is set aside as {@code FILE.unreadable}, named in {@link #notes()}, and the
 * workspace starts empty.
 */
final class WorkspaceJournal implements AutoCloseable {

    private final Path file;
    private final Map<String, Map<String, JsonNode>> restored;
    private final List<String> notes;
    private BufferedWriter out;

    private WorkspaceJournal(Path file, Map<String, Map<String, JsonNode>> restored, List<String> notes) {
        this.file = file;
        this.restored = restored;
        this.notes = notes;
    }

    /** A journal that keeps nothing: the workspace lives in memory only. */
    static WorkspaceJournal none() {
        return new WorkspaceJournal(null, Map.of(), List.of());
    }

    /** Reads {@code file} (when it exists), rewrites it with the entries it holds, and appends to it from then on. */
    static WorkspaceJournal open(Path file) {
        List<String> notes = new ArrayList<>();
        Map<String, Map<String, JsonNode>> entries = new LinkedHashMap<>();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                read(file, entries, notes);
            }
            Path fresh = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter compacted = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
                for (var kind : entries.entrySet()) {
                    for (var entry : kind.getValue().entrySet()) {
                        compacted.write(line(kind.getKey(), entry.getKey(), entry.getValue()));
                    }
                }
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            WorkspaceJournal journal = new WorkspaceJournal(file, entries, List.copyOf(notes));
            journal.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local workspace's state in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void read(Path file, Map<String, Map<String, JsonNode>> entries, List<String> notes)
            throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String problem = apply(lines.get(i), entries);
            if (problem == null) {
                continue;
            }
            if (i == lines.size() - 1) {
                notes.add("the local workspace's state " + file + " ended in a line cut short (" + problem
                        + "); that last change is dropped");
                return;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            entries.clear();
            notes.add("the local workspace's state " + file + " cannot be read: line " + (i + 1) + " " + problem
                    + "; the workspace starts empty (the file is kept as " + aside + ")");
            return;
        }
    }

    /** Applies one line; null when it was applied, else what is wrong with it. */
    private static String apply(String line, Map<String, Map<String, JsonNode>> entries) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return "is not JSON: " + e.getOriginalMessage();
        }
        if (node == null || !node.path("kind").isTextual() || !node.path("id").isTextual() || !node.has("value")) {
            return "is not an entry (expected the fields kind, id and value)";
        }
        Map<String, JsonNode> kind = entries.computeIfAbsent(node.get("kind").asText(), k -> new LinkedHashMap<>());
        String id = node.get("id").asText();
        kind.remove(id);
        if (!node.get("value").isNull()) {
            kind.put(id, node.get("value"));
        }
        return null;
    }

    private static String line(String kind, String id, JsonNode value) throws JsonProcessingException {
        ObjectNode entry = Json.object().put("kind", kind).put("id", id);
        entry.set("value", value);
        return Json.MAPPER.writeValueAsString(entry) + "\n";
    }

    /** The entries of {@code kind} the file held at start, by id, in the order they were last changed. */
    Map<String, JsonNode> restored(String kind) {
        return restored.getOrDefault(kind, Map.of());
    }

    /** The entries of {@code kind} read as {@code type} (as {@link #keep} wrote them), by id. */
    <T> Map<String, T> restored(String kind, Class<T> type) {
        Map<String, T> values = new LinkedHashMap<>();
        for (var entry : restored(kind).entrySet()) {
            try {
                values.put(entry.getKey(), Json.MAPPER.treeToValue(entry.getValue(), type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalStateException("The local workspace's state " + file + " holds a " + kind + " ("
                        + entry.getKey() + ") it cannot read: " + e.getMessage(), e);
            }
        }
        return values;
    }

    /** What starting found wrong with the file, to be shown to the user. */
    List<String> notes() {
        return notes;
    }

    /**
     * Keeps the entry of {@code kind} and {@code id} as {@code current} gives it now (anything Jackson writes: a
     * record, a number, a JSON tree), or removes it when that is null. The value is read under this journal's lock, so
     * that of two changes of one entry racing here, the line written last holds the later one.
     */
    synchronized void keep(String kind, String id, Supplier<?> current) {
        if (out == null) {
            return;
        }
        try {
            out.write(line(kind, id, Json.MAPPER.valueToTree(current.get())));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the local workspace's state to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
