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
 * strings, as AWS shows them, only when the history is read.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey,
        ObjectNode details) {

    private static final Set<String> PAYLOAD_FIELDS = Set.of("input", "output", "parameters");

    /** The event as GetExecutionHistory returns it in AWS's JSON protocol (timestamps in epoch seconds). */
    public ObjectNode toAws() {
        ObjectNode out = Json.object();
        out.put("timestamp", new BigDecimal(timestamp.toEpochMilli()).movePointLeft(3));
        out.put("type", type);
        out.put("id", id);
        out.put("previousEventId", previousEventId);
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
