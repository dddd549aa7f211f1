package dev.controlplane.domain.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data team, from {@code config/teams/{name}.json}.
 *
 * @param clusters how the team's runs are launched; empty for a team that only publishes artifacts
 */
public record TeamConfig(String name, String costCentre, List<ProjectConfig> projects, Optional<ClusterConfig> clusters) {

    public TeamConfig {
        Objects.requireNonNull(name, "name");
        projects = List.copyOf(projects);
        Objects.requireNonNull(clusters, "clusters: use Optional.empty() for a team without runs");
    }

    /** A team without a clusters section. */
    public TeamConfig(String name, String costCentre, List<ProjectConfig> projects) {
        this(name, costCentre, projects, Optional.empty());
    }

    /** @throws UnknownProjectException naming the team's projects */
    public ProjectConfig project(String name) {
        return project(name, "platform config");
    }

    /**
     * @param input what named the project, for the error, e.g. the manifest's key
     * @throws UnknownProjectException naming the team's projects
     */
    public ProjectConfig project(String name, String input) {
        return projects.stream().filter(project -> project.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownProjectException(input, this, name));
    }
}
