package dev.aslengine.runtime;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** An alias of a state machine: a name routing executions to one or two of its versions by weight (percent). */
public record StateMachineAlias(String arn, String name, String description, List<Route> routing, Instant creationDate,
        Instant updateDate) {

    /** A version the alias routes to and the share of executions (0 to 100) it gets. */
    public record Route(String versionArn, int weight) {}

    public StateMachineAlias {
        routing = List.copyOf(routing);
    }

    /** The version a new execution runs, drawn by the routes' weights. */
    String pickVersion() {
        int draw = ThreadLocalRandom.current().nextInt(100);
        int sum = 0;
        for (Route r : routing) {
            sum += r.weight();
            if (draw < sum) return r.versionArn();
        }
        return routing.get(routing.size() - 1).versionArn();
    }
}
