package dev.aslengine.model;

import java.util.Map;

/**
 * A parsed, validated graph of states: the whole machine, a Parallel branch or a Map's ItemProcessor.
 * {@code timeoutSeconds} is null for none (and always null for branches).
 */
public record StateMachineDefinition(String startAt, Map<String, State> states, Long timeoutSeconds,
        QueryLanguage queryLanguage, String comment) {

    public State state(String name) {
        return states.get(name);
    }
}
