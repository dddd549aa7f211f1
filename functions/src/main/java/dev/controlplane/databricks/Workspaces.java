package dev.controlplane.databricks;

import dev.controlplane.domain.launch.WorkspaceTokens;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workspaces a function talks to, one SDK client each, built on first use and kept for the container's life
 * (the token is read once, the client reused).
 */
public final class Workspaces {

    private record Key(String host, String tokenSecretId) {}

    private final WorkspaceTokens tokens;
    private final Map<Key, DatabricksRuns> runs = new ConcurrentHashMap<>();

    public Workspaces(WorkspaceTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    public DatabricksRuns at(String host, String tokenSecretId) {
        return runs.computeIfAbsent(new Key(host, tokenSecretId),
                key -> DatabricksRuns.connect(key.host(), tokens.token(key.tokenSecretId())));
    }
}
