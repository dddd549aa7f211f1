package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.domain.config.ConfigException;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The platform config (config/) as the local runtime uses it: which account and region the stack's environment is in,
 * the buckets the other environments own (the promotion chain copies into their artifact buckets, replication reads
 * prod's data buckets), the workspace token secrets, and a copy for the functions with every Databricks workspace
 * host pointed at the local workspace.
 */
final class LocalPlatformConfig {
    private final Path source;
    private final PlatformConfig config;

    private LocalPlatformConfig(Path source, PlatformConfig config) {
        this.source = source;
        this.config = config;
    }

    /** @throws IllegalArgumentException with every problem of the config, each naming its file and field */
    static LocalPlatformConfig load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + ": no config folder (expected environments.json and teams/ there; choose it with --config)");
        }
        try {
            return new LocalPlatformConfig(directory, PlatformConfig.load(directory));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    PlatformConfig config() {
        return config;
    }

    Optional<EnvironmentConfig> environment(String name) {
        return config.environment(name);
    }

    /** Every environment's artifact and data buckets, in the order of the chain. */
    List<String> buckets() {
        Set<String> buckets = new LinkedHashSet<>();
        for (EnvironmentConfig e : config.environments()) buckets.addAll(e.buckets());
        return List.copyOf(buckets);
    }

    /** Every environment's artifact and data buckets, each to the account of its environment. */
    Map<String, String> bucketAccounts() {
        Map<String, String> accounts = new java.util.LinkedHashMap<>();
        for (EnvironmentConfig e : config.environments()) for (String b : e.buckets()) accounts.putIfAbsent(b, e.account());
        return accounts;
    }

    /** The secrets holding the teams' workspace tokens (one per workspace the config names). */
    List<String> workspaceTokenSecrets() {
        Set<String> ids = new LinkedHashSet<>();
        for (TeamConfig team : config.teams()) {
            team.clusters().ifPresent(c -> c.workspaces().values().stream().map(TeamWorkspace::tokenSecretId).forEach(ids::add));
        }
        return List.copyOf(ids);
    }

    /**
     * Copies the config folder to {@code target} with each team's {@code clusters.workspaces.*.host} set to
     * {@code workspaceUrl}; the copy is rewritten on every start (the local workspace's port may change).
     */
    Path localCopy(Path target, String workspaceUrl) {
        try {
            Path original = source.toRealPath();
            Path copy = target.toAbsolutePath().normalize();
            Path resolvedCopy = Files.exists(copy) ? copy.toRealPath() : copy;
            if (resolvedCopy.startsWith(original) || original.startsWith(resolvedCopy)) {
                // the copy is rewritten on every start: never over (or around) the config it copies
                throw new IllegalArgumentException("the data folder's config copy " + copy + " would be the config folder "
                        + original + " itself, or hold it; choose a data folder (--data) outside the config folder and not"
                        + " its parent (default .controlplane/data)");
            }
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            List<Path> files;
            // the folder itself may be a link (a project that links config/ from elsewhere)
            Path root = source.toRealPath();
            try (Stream<Path> all = Files.walk(root)) {
                files = new ArrayList<>(all.filter(Files::isRegularFile).toList());
            }
            for (Path file : files) {
                Path relative = root.relativize(file);
                Path out = target.resolve(relative.toString());
                Files.createDirectories(out.getParent());
                if (relative.getNameCount() == 2 && relative.getName(0).toString().equals("teams") && file.toString().endsWith(".json")) {
                    JsonNode team = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
                    for (JsonNode workspace : team.path("clusters").path("workspaces")) {
                        if (workspace instanceof ObjectNode w) w.put("host", workspaceUrl);
                    }
                    Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(team), StandardCharsets.UTF_8);
                } else {
                    Files.copy(file, out);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local copy of " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
