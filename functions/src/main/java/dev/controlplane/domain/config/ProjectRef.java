package dev.controlplane.domain.config;

import java.util.Objects;

/** A project with the team it belongs to. */
public record ProjectRef(TeamConfig team, ProjectConfig project) {

    public ProjectRef {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
    }
}
