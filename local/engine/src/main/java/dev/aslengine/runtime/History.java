package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The events of one execution, appended from any of its threads (Map and Parallel branches run concurrently), at most
 * AWS's 25,000: the last of them is kept for the execution's end, so the event that would be number 25,000 fails the
 * execution instead (see {@link HistoryLimitExceeded}).
 */
public final class History {
    /** AWS's quota on the events of one execution's history. */
    public static final int MAX_EVENTS = 25_000;
    private static final Set<String> ENDS = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");

    // room for a short execution's events without regrowing the list
    private final List<HistoryEvent> events = new ArrayList<>(64);
    private boolean full;
    /** Told of each event as it is added (a journal), in id order. */
    private volatile java.util.function.Consumer<HistoryEvent> sink;

    void sink(java.util.function.Consumer<HistoryEvent> sink) {
        this.sink = sink;
    }

    /**
     * Appends an event and returns its id; {@code previous} is the id of the event that led to it.
     *
     * @throws HistoryLimitExceeded when only the execution's end may still be written
     */
    public synchronized long add(long previous, String type, String detailsKey, ObjectNode details) {
        return append(new HistoryEvent(nextId(type), previous, Instant.now(), type, detailsKey, details)).id();
    }

    /**
     * Appends a state's event whose details are {@code {"name": state, payloadField: payload}} (built when first read)
     * and returns it, as {@link #add}.
     */
    synchronized HistoryEvent addState(long previous, String type, String detailsKey, String state, String payloadField, JsonNode payload) {
        return append(HistoryEvent.ofState(nextId(type), previous, Instant.now(), type, detailsKey, state, payloadField, payload));
    }

    /** The id the next event gets; throws once only the execution's end may still be written. */
    private long nextId(String type) {
        if (events.size() >= MAX_EVENTS - 1 && !ENDS.contains(type)) {
            full = true;
            throw new HistoryLimitExceeded();
        }
        return events.size() + 1;
    }

    private HistoryEvent append(HistoryEvent event) {
        events.add(event);
        var s = sink;
        if (s != null) s.accept(event);
        return event;
    }

    /** Appends events recorded earlier (a restored execution), ids and timestamps as they were. */
    synchronized void restore(List<HistoryEvent> recorded) {
        events.addAll(recorded);
    }

    /** The last event, or null. */
    public synchronized HistoryEvent last() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    public synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }

    /** Whether the execution reached the quota of events (and failed for it). */
    public synchronized boolean full() {
        return full;
    }
}
