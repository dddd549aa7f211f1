package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * One entry of an execution's history, with the type, id, previous-event id and details of AWS's
 * GetExecutionHistory. Payload details (input, output, parameters) are kept as JSON values and rendered as
 * strings, as AWS shows them, only when the history is read. A state's StateEntered and StateExited events keep
 * the state's name and payload and build their details object only when it is first read: most never are.
 */
public final class HistoryEvent {
    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final String type;
    private final String detailsKey;
    private ObjectNode details;
    /** For details built when first read: {"name": stateName, payloadField: payload}. */
    private final String stateName;
    private final String payloadField;
    private final JsonNode payload;

    public HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey, ObjectNode details) {
        this(id, previousEventId, timestamp, type, detailsKey, details, null, null, null);
    }

    private HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey, ObjectNode details,
            String stateName, String payloadField, JsonNode payload) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.detailsKey = detailsKey;
        this.details = details;
        this.stateName = stateName;
        this.payloadField = payloadField;
        this.payload = payload;
    }

    /** An event whose details are {@code {"name": stateName, payloadField: payload}}, built when first read. */
    static HistoryEvent ofState(long id, long previousEventId, Instant timestamp, String type, String detailsKey, String stateName,
            String payloadField, JsonNode payload) {
        return new HistoryEvent(id, previousEventId, timestamp, type, detailsKey, null, stateName, payloadField, payload);
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String type() {
        return type;
    }

    public String detailsKey() {
        return detailsKey;
    }

    /** The details (null for an event without any); the same object on every call. */
    public synchronized ObjectNode details() {
        if (details == null && stateName != null) {
            ObjectNode d = Json.object().put("name", stateName);
            d.set(payloadField, payload);
            details = d;
        }
        return details;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEvent e && id == e.id && previousEventId == e.previousEventId
                && java.util.Objects.equals(timestamp, e.timestamp) && java.util.Objects.equals(type, e.type)
                && java.util.Objects.equals(detailsKey, e.detailsKey) && java.util.Objects.equals(details(), e.details());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, previousEventId, timestamp, type, detailsKey, details());
    }

    @Override
    public String toString() {
        return "HistoryEvent[id=" + id + ", previousEventId=" + previousEventId + ", timestamp=" + timestamp + ", type=" + type
                + ", detailsKey=" + detailsKey + ", details=" + details() + "]";
    }

    private static final Set<String> PAYLOAD_FIELDS = Set.of("input", "output", "parameters");

    /** The event as GetExecutionHistory returns it in AWS's JSON protocol (timestamps in epoch seconds). */
    public ObjectNode toAws() {
        ObjectNode out = Json.object();
        out.put("timestamp", new BigDecimal(timestamp.toEpochMilli()).movePointLeft(3));
        out.put("type", type);
        out.put("id", id);
        out.put("previousEventId", previousEventId);
        ObjectNode details = details();
        if (detailsKey != null) {
            ObjectNode d = Json.object();
            for (var it = details.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                // every payload is JSON text, a string payload included ("\"text\""), as AWS renders it
                if (PAYLOAD_FIELDS.contains(e.getKey())) {
                    d.put(e.getKey(), Json.write(v));
                    d.set(e.getKey() + "Details", Json.object().put("truncated", false));
                } else if (!v.isNull()) {
                    // AWS leaves out a member that is not set (a Fail state without Cause has no "cause")
                    d.set(e.getKey(), v);
                }
            }
            out.set(detailsKey, d);
        }
        return out;
    }
}
