package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;

/** A script its project's config does not list. */
public final class UnknownScriptException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public UnknownScriptException(String input, ProjectRef ref, String script) {
        super(input, "script", "is '" + script + "', which project " + ref.project().name() + " of team "
                        + ref.team().name() + " does not list",
                "one of its scripts in config/teams/" + ref.team().name() + ".json: "
                        + String.join(", ", ref.project().scripts()));
    }
}
