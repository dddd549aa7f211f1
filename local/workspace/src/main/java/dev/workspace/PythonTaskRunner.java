package dev.workspace;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Runs a spark_python_task's file with the local python, so a data team can try its script end to end. */
final class PythonTaskRunner {

    /** What a finished python process leaves: its exit code and what it printed. */
    record Outcome(int exitCode, String stdout, String stderr) {}

    private final String pythonCommand;
    private final Function<String, Optional<Path>> remoteFiles;

    PythonTaskRunner(String pythonCommand, Function<String, Optional<Path>> remoteFiles) {
        this.pythonCommand = pythonCommand;
        this.remoteFiles = remoteFiles;
    }

    /** The local file of a python_file: a local path, a file: URI, or what the resolver finds for other schemes. */
    Optional<Path> locate(String pythonFile) {
        if (pythonFile.startsWith("file:")) {
            return existing(Path.of(URI.create(pythonFile)));
        }
        if (!pythonFile.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return existing(Path.of(pythonFile));
        }
        return remoteFiles.apply(pythonFile).flatMap(PythonTaskRunner::existing);
    }

    /** Starts the process; the caller waits for it with {@link #await} and may destroy it to cancel. */
    Process start(Path file, List<String> parameters, Path stdout, Path stderr) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(pythonCommand);
        command.add(file.toString());
        command.addAll(parameters);
        return new ProcessBuilder(command)
                .directory(file.toAbsolutePath().getParent().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    static Outcome await(Process process, Path stdout, Path stderr) throws IOException, InterruptedException {
        int exit = process.waitFor();
        return new Outcome(exit, Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Optional<Path> existing(Path path) {
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
}
