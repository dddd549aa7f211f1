package dev.workspace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * How a {@link LocalWorkspace} starts.
 *
 * @param port the loopback port, 0 for a free one
 * @param tokens personal access tokens accepted, each with the user name it authenticates
 * @param timings how long runs, clusters and statements take
 * @param executePython whether a spark_python_task runs its file with the local python
 * @param pythonCommand the python executable
 * @param remoteFiles where a python_file that is neither a local path nor a file: URI is found (e.g. s3://)
 * @param workspaceId the id served by the host metadata endpoint the SDK reads at start
 * @param stateFile where runs, clusters, policies, permissions and statements are kept across restarts
 *        ({@link WorkspaceJournal}), or null to keep them in memory only
 * @param tls the key and certificate to serve https with, as a Databricks workspace is reached, or null for http
 */
public record WorkspaceOptions(int port, Map<String, String> tokens, RunTimings timings, boolean executePython,
        String pythonCommand, Function<String, Optional<Path>> remoteFiles, long workspaceId, Path stateFile,
        SSLContext tls) {

    public WorkspaceOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (a free port) or 1-65535, got " + port);
        }
        tokens = Map.copyOf(tokens);
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(pythonCommand, "pythonCommand");
        Objects.requireNonNull(remoteFiles, "remoteFiles");
    }

    /** A free port, no tokens yet, instant timings, python not executed, nothing kept on disk. */
    public static WorkspaceOptions defaults() {
        return new WorkspaceOptions(0, Map.of(), RunTimings.instant(), false, "python3", file -> Optional.empty(),
                1234567890123456L, null, null);
    }

    /** Keeps the workspace's state in {@code file}, taken up again by the next workspace started on it. */
    public WorkspaceOptions withStateFile(Path file) {
        return new WorkspaceOptions(port, tokens, timings, executePython, pythonCommand, remoteFiles, workspaceId,
                file, tls);
    }

    public WorkspaceOptions withPort(int newPort) {
        return new WorkspaceOptions(newPort, tokens, timings, executePython, pythonCommand, remoteFiles, workspaceId,
                stateFile, tls);
    }

    /** Accepts {@code token} as the personal access token of {@code userName}. */
    public WorkspaceOptions withToken(String token, String userName) {
        Map<String, String> more = new LinkedHashMap<>(tokens);
        more.put(token, userName);
        return new WorkspaceOptions(port, more, timings, executePython, pythonCommand, remoteFiles, workspaceId,
                stateFile, tls);
    }

    public WorkspaceOptions withTimings(RunTimings newTimings) {
        return new WorkspaceOptions(port, tokens, newTimings, executePython, pythonCommand, remoteFiles, workspaceId,
                stateFile, tls);
    }

    public WorkspaceOptions withPythonExecution(String command) {
        return new WorkspaceOptions(port, tokens, timings, true, command, remoteFiles, workspaceId,
                stateFile, tls);
    }

    public WorkspaceOptions withRemoteFiles(Function<String, Optional<Path>> resolver) {
        return new WorkspaceOptions(port, tokens, timings, executePython, pythonCommand, resolver, workspaceId, stateFile,
                tls);
    }

    /** Serves https with {@code context}'s key and certificate (its {@link LocalWorkspace#url()} says https). */
    public WorkspaceOptions withTls(SSLContext context) {
        return new WorkspaceOptions(port, tokens, timings, executePython, pythonCommand, remoteFiles, workspaceId,
                stateFile, Objects.requireNonNull(context, "context"));
    }
}
