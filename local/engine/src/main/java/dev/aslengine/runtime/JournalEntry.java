package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One step of a running execution as an {@link ExecutionJournal} keeps it: enough, taken in order, to put the
 * execution back after a crash and let it go on from its last completed state ({@link Engine#resumeExecution}).
 * A frame is where one line of the execution runs: {@code ""} for the execution itself, and
 * {@code parent/State[i]} for iteration or branch {@code i} of the Map or Parallel state {@code State}.
 */
public sealed interface JournalEntry {

    /** The execution begins to run (started, redriven or resumed): what it was up to then. */
    record Begun(ExecutionSnapshot soFar, String versionArn, String aliasArn, String testCase) implements JournalEntry {}

    /** A history event, as GetExecutionHistory will give it. */
    record Event(HistoryEvent event) implements JournalEntry {}

    /** A frame entered a state: its input, the frame's own workflow variables then, its StateEntered event and time. */
    record Entered(String frame, String state, JsonNode input, ObjectNode variables, long event, Instant time) implements JournalEntry {}

    /** An iteration or branch ended with this result. */
    record Finished(String frame, JsonNode result) implements JournalEntry {}

    /** A Task of the frame's current state was handed this token; {@code submitted}: its service call returned (TaskSubmitted, event id). */
    record Token(String frame, String token, boolean submitted, long event) implements JournalEntry {}

    default ObjectNode toJson() {
        ObjectNode out = Json.object();
        switch (this) {
            case Begun b -> {
                out.put("kind", "begun");
                out.set("execution", b.soFar().toJson());
                if (b.versionArn() != null) out.put("versionArn", b.versionArn());
                if (b.aliasArn() != null) out.put("aliasArn", b.aliasArn());
                if (b.testCase() != null) out.put("testCase", b.testCase());
            }
            case Event e -> {
                HistoryEvent ev = e.event();
                out.put("kind", "event").put("id", ev.id()).put("previousEventId", ev.previousEventId())
                        .put("timestamp", ev.timestamp().toString()).put("type", ev.type());
                if (ev.detailsKey() != null) {
                    out.put("detailsKey", ev.detailsKey());
                    out.set("details", ev.details());
                }
            }
            case Entered en -> {
                out.put("kind", "entered").put("frame", en.frame()).put("state", en.state());
                out.set("input", en.input());
                if (en.variables() != null && !en.variables().isEmpty()) out.set("variables", en.variables());
                out.put("event", en.event()).put("time", en.time().toString());
            }
            case Finished f -> {
                out.put("kind", "finished").put("frame", f.frame());
                out.set("result", f.result());
            }
            case Token t -> out.put("kind", "token").put("frame", t.frame()).put("token", t.token()).put("submitted", t.submitted())
                    .put("event", t.event());
        }
        return out;
    }

    /** Reads {@link #toJson()}'s form; IllegalArgumentException naming what is missing or wrong. */
    static JournalEntry fromJson(JsonNode json) {
        String kind = text(json, "kind");
        return switch (kind) {
            case "begun" -> new Begun(ExecutionSnapshot.fromJson(json.path("execution")), json.path("versionArn").asText(null),
                    json.path("aliasArn").asText(null), json.path("testCase").asText(null));
            case "event" -> new Event(new HistoryEvent(number(json, "id"), number(json, "previousEventId"), instant(json, "timestamp"),
                    text(json, "type"), json.path("detailsKey").asText(null), json.get("details") instanceof ObjectNode d ? d : null));
            case "entered" -> new Entered(text(json, "frame"), text(json, "state"), required(json, "input"),
                    json.get("variables") instanceof ObjectNode v ? v : null, number(json, "event"), instant(json, "time"));
            case "finished" -> new Finished(text(json, "frame"), required(json, "result"));
            case "token" -> new Token(text(json, "frame"), text(json, "token"), json.path("submitted").asBoolean(), number(json, "event"));
            default -> throw new IllegalArgumentException("member 'kind' must be begun, event, entered, finished or token, got '" + kind + "'");
        };
    }

    private static String text(JsonNode json, String member) {
        JsonNode v = json.get(member);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("member '" + member + "' must be a string");
        return v.asText();
    }

    private static long number(JsonNode json, String member) {
        JsonNode v = json.get(member);
        if (v == null || !v.canConvertToLong()) throw new IllegalArgumentException("member '" + member + "' must be a number");
        return v.asLong();
    }

    private static JsonNode required(JsonNode json, String member) {
        JsonNode v = json.get(member);
        if (v == null) throw new IllegalArgumentException("member '" + member + "' is missing");
        return v;
    }

    private static Instant instant(JsonNode json, String member) {
        try {
            return Instant.parse(text(json, member));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("member '" + member + "' must be an ISO-8601 instant");
        }
    }
}
