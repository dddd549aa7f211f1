package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;
import java.util.List;

/** A GitHub repository that no team's project is built from. */
public final class UnknownRepositoryException extends RejectedInputException {

    private static final long serialVersionUID = 1L;
    private static final int LISTED = 20;

    /** @param input what named the repository, e.g. {@code push event} */
    public UnknownRepositoryException(String input, String repository, List<String> knownRepositories) {
        super(input, "repository", repository == null ? "is missing" : "is '" + repository + "', which no team configures",
                "the owner/name of a repository listed by a project in config/teams/*.json" + listed(knownRepositories));
    }

    private static String listed(List<String> known) {
        if (known.isEmpty()) {
            return " (none is)";
        }
        List<String> shown = known.size() > LISTED ? known.subList(0, LISTED) : known;
        return ": " + String.join(", ", shown) + (known.size() > LISTED ? ", ..." : "");
    }
}
