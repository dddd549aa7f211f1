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

    private static final int CHUNK = 128;
    /** The events in chunks of CHUNK, filled in order: appending never copies the events kept so far. */
    private final List<HistoryEvent[]> chunks = new ArrayList<>();
    private int size;
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
        if (size >= MAX_EVENTS - 1 && !ENDS.contains(type)) {
            full = true;
            throw new HistoryLimitExceeded();
        }
        return size + 1;
    }

    private void put(HistoryEvent event) {
        if (size % CHUNK == 0) chunks.add(new HistoryEvent[CHUNK]);
        chunks.get(size / CHUNK)[size % CHUNK] = event;
        size++;
    }

    private HistoryEvent get(int index) {
        return chunks.get(index / CHUNK)[index % CHUNK];
    }

    private HistoryEvent append(HistoryEvent event) {
        put(event);
        var s = sink;
        if (s != null) s.accept(event);
        return event;
    }

    /** Appends events recorded earlier (a restored execution), ids and timestamps as they were. */
    synchronized void restore(List<HistoryEvent> recorded) {
        recorded.forEach(this::put);
    }

    /** The last event, or null. */
    public synchronized HistoryEvent last() {
        return size == 0 ? null : get(size - 1);
    }

    public synchronized List<HistoryEvent> events() {
        HistoryEvent[] all = new HistoryEvent[size];
        for (int c = 0; c * CHUNK < size; c++) System.arraycopy(chunks.get(c), 0, all, c * CHUNK, Math.min(CHUNK, size - c * CHUNK));
        return List.of(all);
    }

    public synchronized int size() {
        return size;
    }

    /** Whether the execution reached the quota of events (and failed for it). */
    public synchronized boolean full() {
        return full;
    }
}
