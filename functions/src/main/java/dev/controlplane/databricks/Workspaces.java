package dev.controlplane.databricks;

import com.databricks.sdk.core.http.HttpClient;
import dev.controlplane.domain.launch.WorkspaceTokens;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workspaces a function talks to, one SDK client each, built on first use and kept for the container's life.
 * The token is not: it is re-read every few minutes and after Databricks refused it ({@link RefreshingToken}), so a
 * rotated token reaches warm functions without a redeploy.
 */
public final class Workspaces {

    private record Key(String host, String tokenSecretId) {}

    private final WorkspaceTokens tokens;
    private final InstantSource clock;
    private final HttpClient transport;
    private final Map<Key, DatabricksRuns> runs = new ConcurrentHashMap<>();

    public Workspaces(WorkspaceTokens tokens) {
        this(tokens, InstantSource.system());
    }

    public Workspaces(WorkspaceTokens tokens, InstantSource clock) {
        this(tokens, clock, null);
    }

    private Workspaces(WorkspaceTokens tokens, InstantSource clock, HttpClient transport) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = transport;
    }

    /** Workspaces that answer from memory ({@link PrimingTransport}), for SnapStart priming: nothing is sent. */
    public static Workspaces priming() {
        return new Workspaces(secretId -> "snapstart-priming", InstantSource.system(), new PrimingTransport());
    }

    public DatabricksRuns at(String host, String tokenSecretId) {
        return runs.computeIfAbsent(new Key(host, tokenSecretId), key -> DatabricksRuns.connect(key.host(),
                new RefreshingToken(() -> tokens.token(key.tokenSecretId()), clock),
                transport == null ? new UrlConnectionTransport(DatabricksRuns.HTTP_TIMEOUT) : transport));
    }
}
