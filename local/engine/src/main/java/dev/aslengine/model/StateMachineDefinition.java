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

    /** Every state by name, those of Parallel branches and Map processors included (names are unique in a machine). */
    public Map<String, State> allStates() {
        Map<String, State> all = new java.util.LinkedHashMap<>();
        collect(this, all);
        return all;
    }

    private static void collect(StateMachineDefinition graph, Map<String, State> all) {
        for (State s : graph.states().values()) {
            all.putIfAbsent(s.common().name(), s);
            if (s instanceof State.Parallel p) p.branches().forEach(b -> collect(b, all));
            if (s instanceof State.Map m) collect(m.processor(), all);
        }
    }
}
