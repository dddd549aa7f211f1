package dev.controlplane.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EventBridge buses of every environment served in this process, by ARN. An event put through any environment's
 * endpoint reaches the bus it names, in whichever environment owns that bus, as PutEvents across accounts does in AWS
 * (whether the caller may is decided before, by IAM and the bus's policy).
 */
final class EventBuses {
    /** A bus of one environment: it matches the events it is given to its rules and delivers them to their targets. */
    interface Bus {
        String arn();

        /** The names of the rules on this bus. */
        List<String> rules();

        /** Matches one event (EventBridge's envelope) and hands it to the targets of the rules it matches. */
        void deliver(ObjectNode event);
    }

    private final Map<String, Bus> byArn = new ConcurrentHashMap<>();

    void register(Bus bus) {
        Bus before = byArn.putIfAbsent(bus.arn(), bus);
        if (before != null && before != bus) throw new IllegalStateException("two environments declare the event bus " + bus.arn());
    }

    void unregister(Bus bus) {
        byArn.remove(bus.arn(), bus);
    }

    Bus find(String arn) {
        return byArn.get(arn);
    }

    /** The ARNs of the buses of one account. */
    List<String> arnsOf(String account) {
        return new TreeSet<>(byArn.keySet()).stream().filter(a -> a.split(":")[4].equals(account)).toList();
    }
}
