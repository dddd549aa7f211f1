package dev.controlplane.domain.config;

import java.util.List;
import java.util.Objects;

/** A data team, from {@code config/teams/{name}.json}. */
public record TeamConfig(String name, String costCentre, List<ProjectConfig> projects) {

    public TeamConfig {
        Objects.requireNonNull(name, "name");
        projects = List.copyOf(projects);
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
