package dev.aslengine.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated graph of states: the whole machine, a Parallel branch or a Map's ItemProcessor.
 * {@code timeoutSeconds} is null for none (and always null for branches). {@code neverWaits}: a run of this graph
 * ends after a bounded number of steps without waiting for anything (see {@link #onlyComputes(String, Map)}).
 */
public record StateMachineDefinition(String startAt, Map<String, State> states, Long timeoutSeconds,
        QueryLanguage queryLanguage, String comment, boolean neverWaits) {

    public StateMachineDefinition(String startAt, Map<String, State> states, Long timeoutSeconds, QueryLanguage queryLanguage,
            String comment) {
        this(startAt, states, timeoutSeconds, queryLanguage, comment, onlyComputes(startAt, states));
    }

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

    /**
     * Whether a run from {@code startAt} only computes: Pass, Choice, Succeed and Fail states, or an inline Map or a
     * Parallel without Retry whose own graphs never wait, and no cycle of Next, Choice or Catch transitions. Such a run
     * cannot block (no task, wait, retry delay or loop), so running these graphs one after the other on one thread
     * gives one of the orders that running them concurrently could.
     */
    static boolean onlyComputes(String startAt, Map<String, State> states) {
        for (State s : states.values()) {
            boolean computes = switch (s) {
                case State.Pass p -> true;
                case State.Choice c -> true;
                case State.Succeed c -> true;
                case State.Fail f -> true;
                case State.Parallel p -> s.common().retry().isEmpty() && p.branches().stream().allMatch(b -> b != null && b.neverWaits());
                case State.Map m -> s.common().retry().isEmpty() && !m.distributed() && m.itemReader() == null
                        && m.resultWriter() == null && m.processor() != null && m.processor().neverWaits();
                default -> false;
            };
            if (!computes) return false;
        }
        return !hasCycle(startAt, states);
    }

    /** A depth-first walk from {@code startAt}: a transition back to a state still on the path closes a cycle. */
    private static boolean hasCycle(String startAt, Map<String, State> states) {
        Map<String, Boolean> onPath = new HashMap<>(); // true: on the current path; false: done
        Deque<Iterator<String>> next = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        if (startAt == null || !states.containsKey(startAt)) return false;
        onPath.put(startAt, true);
        path.push(startAt);
        next.push(successors(states.get(startAt)).iterator());
        while (!next.isEmpty()) {
            Iterator<String> it = next.peek();
            if (!it.hasNext()) {
                onPath.put(path.pop(), false);
                next.pop();
                continue;
            }
            String to = it.next();
            Boolean seen = onPath.get(to);
            if (Boolean.TRUE.equals(seen)) return true;
            if (seen == null && to != null && states.containsKey(to)) {
                onPath.put(to, true);
                path.push(to);
                next.push(successors(states.get(to)).iterator());
            }
        }
        return false;
    }

    /** The states a state may go to: Next, a Choice's rules and Default, and its Catchers. */
    static List<String> successors(State s) {
        List<String> next = new ArrayList<>();
        if (s.common().next() != null) next.add(s.common().next());
        if (s instanceof State.Choice c) {
            for (State.ChoiceBranch b : c.choices()) next.add(b.next());
            if (c.defaultNext() != null) next.add(c.defaultNext());
        }
        for (Catcher k : s.common().catchers()) next.add(k.next());
        return next;
    }
}
