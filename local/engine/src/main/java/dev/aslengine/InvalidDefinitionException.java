package dev.aslengine;

import java.util.List;

/**
 * A state machine definition that cannot run, as AWS's InvalidDefinition reports it: each problem names
 * the state (or the top level) and the field, e.g. {@code /States/Check/Next: state "Nope" does not exist}.
 */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid State Machine Definition: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public InvalidDefinitionException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
