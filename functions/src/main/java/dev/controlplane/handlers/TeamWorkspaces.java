package dev.controlplane.handlers;

import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.config.ClusterConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import dev.controlplane.domain.launch.NoWorkspaceException;
import java.util.Objects;

/**
 * A team's workspace in the environment this stack serves, host and token secret from the packaged config only:
 * no task input names a host or a secret, so no input can send the workspace token anywhere else.
 */
final class TeamWorkspaces {

    private final PlatformConfig config;
    private final Workspaces workspaces;
    private final String environment;

    TeamWorkspaces(PlatformConfig config, Workspaces workspaces, String environment) {
        this.config = Objects.requireNonNull(config, "config");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The team's workspace here, as config/teams/{team}.json names it. */
    TeamWorkspace of(String team) {
        TeamConfig configured = config.team(team);
        ClusterConfig clusters = configured.clusters()
                .orElseThrow(() -> new NoWorkspaceException(configured.name(), environment, false));
        return clusters.workspace(environment)
                .orElseThrow(() -> new NoWorkspaceException(configured.name(), environment, true));
    }

    DatabricksRuns runs(String team) {
        TeamWorkspace workspace = of(team);
        return workspaces.at(workspace.host(), workspace.tokenSecretId());
    }

    String environment() {
        return environment;
    }
}
