package dev.controlplane.domain.launch;

import dev.controlplane.domain.RejectedInputException;

/** A team whose config does not say how to launch its runs in the environment. */
public final class NoWorkspaceException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public NoWorkspaceException(String team, String environment, boolean clustersSection) {
        super(RunRequest.INPUT, "team", "is '" + team + "', which has "
                        + (clustersSection ? "no workspace for " + environment : "no clusters section"),
                (clustersSection ? "clusters.workspaces." + environment : "a clusters section")
                        + " in config/teams/" + team + ".json before its runs can launch in " + environment);
    }
}
