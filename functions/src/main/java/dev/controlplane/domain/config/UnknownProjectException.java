package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;

/** A project its team's config file does not list. */
public final class UnknownProjectException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public UnknownProjectException(String input, TeamConfig team, String project) {
        super(input, "project", (project == null ? "is missing" : "is '" + project + "'") + ", which team "
                        + team.name() + " does not configure",
                team.projects().isEmpty() ? "a project in config/teams/" + team.name() + ".json (it lists none)"
                        : "one of " + team.name() + "'s projects in config/teams/" + team.name() + ".json: "
                                + String.join(", ", team.projects().stream().map(ProjectConfig::name).toList()));
    }
}
