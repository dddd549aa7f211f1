package dev.controlplane.domain.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a team's runs are launched: its cluster policy, the data zones it reads and writes, and its workspace per
 * environment.
 *
 * @param readZones  the lake zones the team's runs may read, e.g. {@code raw}, {@code curated}
 * @param writeZone  the one zone its runs write
 * @param workspaces by environment name; an environment missing here is one the team cannot run in
 * @param smoke      the team's smoke run parameters (empty: the script's defaults, within the default timeout)
 */
public record ClusterConfig(ClusterPolicyConfig policy, List<String> readZones, String writeZone,
        Map<String, TeamWorkspace> workspaces, Optional<SmokeRunConfig> smoke) {

    public ClusterConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(writeZone, "writeZone");
        readZones = List.copyOf(readZones);
        workspaces = java.util.Collections.unmodifiableMap(new TreeMap<>(workspaces));
        Objects.requireNonNull(smoke, "smoke: use Optional.empty() for the defaults");
    }

    /** Without smoke run parameters. */
    public ClusterConfig(ClusterPolicyConfig policy, List<String> readZones, String writeZone,
            Map<String, TeamWorkspace> workspaces) {
        this(policy, readZones, writeZone, workspaces, Optional.empty());
    }

    public Optional<TeamWorkspace> workspace(String environment) {
        return Optional.ofNullable(workspaces.get(environment));
    }
}
