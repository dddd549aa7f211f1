package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;
import java.util.List;

/** A team that no {@code config/teams/{team}.json} configures. */
public final class UnknownTeamException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    /** @param input what named the team, e.g. the manifest's key */
    public UnknownTeamException(String input, String team, List<String> knownTeams) {
        super(input, "team", team == null ? "is missing" : "is '" + team + "', which has no config/teams/" + team + ".json",
                knownTeams.isEmpty() ? "a team configured in config/teams/ (none is)"
                        : "one of the configured teams: " + String.join(", ", knownTeams));
    }
}
