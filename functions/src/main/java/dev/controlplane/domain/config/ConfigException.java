package dev.controlplane.domain.config;

import dev.controlplane.domain.RejectedInputException;
import java.util.List;
import java.util.stream.Collectors;

/** The platform config is wrong: every problem found, each with its file and JSON pointer, one per line. */
public final class ConfigException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(first(problems).file(), first(problems).pointer(), first(problems).problem(), first(problems).expected());
        this.problems = List.copyOf(problems);
    }

    private static ConfigProblem first(List<ConfigProblem> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.get(0);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    // All problems, not only the first: whoever fixes the config should see everything in one go.
    @Override
    public String getMessage() {
        return problems.stream().map(ConfigProblem::line).collect(Collectors.joining("\n"));
    }
}
