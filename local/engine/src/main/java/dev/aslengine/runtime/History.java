package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The events of one execution, appended from any of its threads (Map and Parallel branches run concurrently). */
public final class History {
    private final List<HistoryEvent> events = new ArrayList<>();

    /** Appends an event and returns its id; {@code previous} is the id of the event that led to it. */
    public synchronized long add(long previous, String type, String detailsKey, ObjectNode details) {
        long id = events.size() + 1;
        events.add(new HistoryEvent(id, previous, Instant.now(), type, detailsKey, details));
        return id;
    }

    /** Appends events recorded earlier (a restored execution), ids and timestamps as they were. */
    synchronized void restore(List<HistoryEvent> recorded) {
        events.addAll(recorded);
    }

    public synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }
}
