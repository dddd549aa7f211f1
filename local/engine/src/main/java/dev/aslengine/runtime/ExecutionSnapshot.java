package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An ended execution as it can be kept and put back into an engine ({@link Engine#restoreExecution}): what
 * DescribeExecution and GetExecutionHistory give, and where a redrive would start (the state, its input and the
 * workflow variables), with a JSON form for a journal on disk.
 */
public record ExecutionSnapshot(String arn, String name, String stateMachineArn, JsonNode input, Instant startDate,
        ExecutionStatus status, JsonNode output, String error, String cause, Instant stopDate, int redriveCount,
        Instant redriveDate, List<HistoryEvent> history, String resumeState, JsonNode resumeInput, ObjectNode resumeVariables) {

    public ExecutionSnapshot {
        history = List.copyOf(history);
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("executionArn", arn).put("name", name).put("stateMachineArn", stateMachineArn);
        out.set("input", input);
        out.put("startDate", startDate.toString()).put("status", status.name());
        if (output != null) out.set("output", output);
        if (error != null) out.put("error", error);
        if (cause != null) out.put("cause", cause);
        if (stopDate != null) out.put("stopDate", stopDate.toString());
        out.put("redriveCount", redriveCount);
        if (redriveDate != null) out.put("redriveDate", redriveDate.toString());
        ArrayNode events = out.putArray("history");
        for (HistoryEvent e : history) {
            ObjectNode ev = events.addObject();
            ev.put("id", e.id()).put("previousEventId", e.previousEventId()).put("timestamp", e.timestamp().toString()).put("type", e.type());
            if (e.detailsKey() != null) {
                ev.put("detailsKey", e.detailsKey());
                ev.set("details", e.details());
            }
        }
        if (resumeState != null) {
            ObjectNode resume = out.putObject("redrivePoint").put("state", resumeState);
            resume.set("input", resumeInput);
            if (resumeVariables != null) resume.set("variables", resumeVariables);
        }
        return out;
    }

    /** Reads {@link #toJson()}'s form; IllegalArgumentException naming the member that is missing or wrong. */
    public static ExecutionSnapshot fromJson(JsonNode json) {
        String arn = text(json, "executionArn");
        String name = text(json, "name");
        String stateMachineArn = text(json, "stateMachineArn");
        String statusName = text(json, "status");
        List<HistoryEvent> events = new ArrayList<>();
        for (JsonNode ev : json.path("history")) {
            events.add(new HistoryEvent(ev.path("id").asLong(), ev.path("previousEventId").asLong(), instant(ev, "timestamp"),
                    text(ev, "type"), ev.path("detailsKey").asText(null),
                    ev.get("details") instanceof ObjectNode d ? d : null));
        }
        JsonNode resume = json.path("redrivePoint");
        ExecutionStatus status;
        try {
            status = ExecutionStatus.valueOf(statusName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of " + java.util.Arrays.toString(ExecutionStatus.values()));
        }
        return new ExecutionSnapshot(arn, name, stateMachineArn,
                json.path("input").isMissingNode() ? Json.object() : json.get("input"), instant(json, "startDate"), status,
                json.get("output"), json.path("error").asText(null), json.path("cause").asText(null),
                json.hasNonNull("stopDate") ? instant(json, "stopDate") : null, json.path("redriveCount").asInt(0),
                json.hasNonNull("redriveDate") ? instant(json, "redriveDate") : null, events,
                resume.path("state").asText(null), resume.get("input"),
                resume.get("variables") instanceof ObjectNode v ? v : null);
    }

    private static String text(JsonNode json, String member) {
        JsonNode v = json.get(member);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("member '" + member + "' must be a string");
        return v.asText();
    }

    private static Instant instant(JsonNode json, String member) {
        try {
            return Instant.parse(text(json, member));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("member '" + member + "' must be an ISO-8601 instant");
        }
    }
}
