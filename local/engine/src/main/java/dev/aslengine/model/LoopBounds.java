package dev.aslengine.model;

import dev.aslengine.model.choice.AndRule;
import dev.aslengine.model.choice.ChoiceRule;
import dev.aslengine.model.choice.ComparisonOperator;
import dev.aslengine.model.choice.DataTestRule;
import dev.aslengine.model.choice.NotRule;
import dev.aslengine.model.choice.OrRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the loops of a definition (cycles of Next, Choice and Catch transitions within one graph: the machine, a
 * Parallel branch or a Map's processor) that nothing bounds, so that a long run can reach AWS's quota of 25,000 history
 * events. A loop is bounded when
 * <ul>
 *   <li>a Choice state on it leaves it on a numeric comparison (a counter, in a rule or nested in And/Or/Not), or</li>
 *   <li>it has Wait states of literal Seconds and the state machine a literal TimeoutSeconds, and the most rounds that
 *       timeout allows, times the fewest events one round writes, stays under the quota.</li>
 * </ul>
 * A JSONata Condition is not read, so a loop left only through one is reported too.
 */
public final class LoopBounds {
    /** AWS's quota on the events of one execution's history. */
    static final int MAX_EVENTS = 25_000;

    private final StateMachineDefinition machine;
    private final List<DefinitionDiagnostics.Diagnostic> found = new ArrayList<>();

    private LoopBounds(StateMachineDefinition machine) {
        this.machine = machine;
    }

    /** A WARNING (code LOOP_WITHOUT_BOUND, located at the loop's first state) for each loop nothing bounds. */
    public static List<DefinitionDiagnostics.Diagnostic> of(StateMachineDefinition machine) {
        LoopBounds b = new LoopBounds(machine);
        b.graph(machine, "");
        return List.copyOf(b.found);
    }

    private void graph(StateMachineDefinition graph, String pointer) {
        for (Set<String> loop : loops(graph)) check(graph, loop, pointer);
        for (String name : order(graph)) {
            State s = graph.state(name);
            String at = pointer + "/States/" + s.common().name();
            if (s instanceof State.Parallel p) {
                for (int i = 0; i < p.branches().size(); i++) graph(p.branches().get(i), at + "/Branches/" + i);
            } else if (s instanceof State.Map m) {
                graph(m.processor(), at + "/ItemProcessor");
            }
        }
    }

    private void check(StateMachineDefinition graph, Set<String> loop, String pointer) {
        long waitSeconds = 0;
        boolean unknownWait = false;
        int eventsPerRound = 0;
        for (String name : loop) {
            State s = graph.state(name);
            eventsPerRound += 2; // entered, exited
            if (s instanceof State.Task) eventsPerRound += 3; // scheduled, started, succeeded
            if (s instanceof State.Choice c) {
                for (State.ChoiceBranch b : c.choices()) {
                    if (!loop.contains(b.next()) && b.rule() != null && numeric(b.rule())) return;
                }
            }
            if (s instanceof State.Wait w) {
                if (w.seconds().literal() != null) waitSeconds += w.seconds().literal();
                else unknownWait = true;
            }
        }
        String path = String.join(" -> ", loop) + " -> " + loop.iterator().next();
        Long timeout = machine.timeoutSeconds();
        String why;
        if (waitSeconds > 0 && timeout != null) {
            long rounds = timeout / waitSeconds + 1;
            long events = rounds * eventsPerRound;
            if (events < MAX_EVENTS) return;
            why = "in the state machine's TimeoutSeconds (" + timeout + ") its Wait states (" + waitSeconds + " s a round) allow "
                    + rounds + " rounds of at least " + eventsPerRound + " events, " + events + " in all";
        } else if (waitSeconds > 0 || unknownWait) {
            why = "it waits each round but the state machine has no literal TimeoutSeconds to end it";
        } else {
            why = "no Choice leaves it on a numeric counter and no Wait with the state machine's TimeoutSeconds limits its rounds";
        }
        found.add(new DefinitionDiagnostics.Diagnostic("WARNING", "LOOP_WITHOUT_BOUND", "The loop " + path + " has no bound on its"
                + " transitions: " + why + "; a long run can reach the quota of " + MAX_EVENTS + " history events, and the"
                + " execution then fails (States.Runtime)", pointer + "/States/" + loop.iterator().next()));
    }

    private static boolean numeric(ChoiceRule rule) {
        return switch (rule) {
            case DataTestRule d -> d.operator().kind() == ComparisonOperator.Kind.NUMERIC;
            case AndRule a -> a.operands().stream().anyMatch(LoopBounds::numeric);
            case OrRule o -> o.operands().stream().anyMatch(LoopBounds::numeric);
            case NotRule n -> numeric(n.operand());
            default -> false;
        };
    }

    /** The strongly connected components of the graph that hold a cycle, each in the definition's order of states. */
    private static List<Set<String>> loops(StateMachineDefinition graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> loops = new ArrayList<>();
        int[] counter = {0};
        List<String> order = order(graph);
        for (String start : order) {
            if (!index.containsKey(start)) connect(graph, start, index, low, stack, onStack, loops, counter);
        }
        List<Set<String>> ordered = new ArrayList<>();
        for (Set<String> loop : loops) ordered.add(roundOrder(graph, loop, order));
        ordered.sort(java.util.Comparator.comparingInt(l -> order.indexOf(l.iterator().next())));
        return ordered;
    }

    /** The states in the order a run first reaches them from StartAt (those it cannot reach after, by name). */
    private static List<String> order(StateMachineDefinition graph) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(graph.startAt()));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (graph.state(at) == null || !seen.add(at)) continue;
            queue.addAll(StateMachineDefinition.successors(graph.state(at)));
        }
        graph.states().keySet().stream().sorted().forEach(seen::add);
        return new ArrayList<>(seen);
    }

    /** The loop's states in the order a round takes them, from the one a run reaches first. */
    private static Set<String> roundOrder(StateMachineDefinition graph, Set<String> loop, List<String> order) {
        String first = order.stream().filter(loop::contains).findFirst().orElseThrow();
        Set<String> round = new LinkedHashSet<>();
        for (String at = first; at != null && round.add(at); ) {
            at = StateMachineDefinition.successors(graph.state(at)).stream().filter(n -> loop.contains(n) && !round.contains(n)).findFirst().orElse(null);
        }
        for (String name : order) if (loop.contains(name)) round.add(name);
        return round;
    }

    /** Tarjan's algorithm, recursive: a graph of states is small. */
    private static void connect(StateMachineDefinition graph, String v, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> loops, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        boolean selfLoop = false;
        for (String w : StateMachineDefinition.successors(graph.state(v))) {
            if (graph.state(w) == null) continue;
            if (w.equals(v)) selfLoop = true;
            if (!index.containsKey(w)) {
                connect(graph, w, index, low, stack, onStack, loops, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new LinkedHashSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1 || selfLoop) loops.add(component);
        }
    }
}
