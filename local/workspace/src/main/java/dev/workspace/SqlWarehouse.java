package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL statement execution (/api/2.0/sql/statements): statements are recorded, not run; each ends
 * SUCCEEDED with an empty result, or FAILED when a test made statements like it fail.
 */
public final class SqlWarehouse {

    /** A statement as it was sent. */
    public record ExecutedStatement(String statementId, String statement, String warehouseId, String catalog,
            String schema) {}

    private record Failure(Pattern pattern, String message) {}

    /** A statement and its state, as the journal keeps it; failure is the message it fails with, or null. */
    private record Statement(ExecutedStatement sent, String state, String failure) {

        Statement in(String newState) {
            return new Statement(sent, newState, failure);
        }
    }

    private static final String STATEMENT = "statement";
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "CLOSED");
    private static final Pattern WAIT_TIMEOUT = Pattern.compile("(\\d+)s");

    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<ExecutedStatement> executed = new CopyOnWriteArrayList<>();
    private final Map<String, Statement> statements = new ConcurrentHashMap<>();
    private final Stages stages;
    private final Duration duration;
    private final WorkspaceJournal journal;

    SqlWarehouse(Stages stages, Duration duration, WorkspaceJournal journal) {
        this.stages = stages;
        this.duration = duration;
        this.journal = journal;
    }

    /** Takes up the statements the journal kept; one still running ends after the statement time, counted from now. */
    void restore() {
        for (Statement statement : journal.restored(STATEMENT, Statement.class).values()) {
            String id = statement.sent().statementId();
            statements.put(id, statement);
            executed.add(statement.sent());
            if (!TERMINAL.contains(statement.state())) {
                stages.after(duration, () -> finish(id));
            }
        }
    }

    private void keep(String id) {
        journal.keep(STATEMENT, id, () -> statements.get(id));
    }

    /** Changes a known statement by {@code step} and keeps it in the journal. */
    private void change(String id, UnaryOperator<Statement> step) {
        statements.computeIfPresent(id, (k, s) -> step.apply(s));
        keep(id);
    }

    /** Statements whose text contains a match of {@code regex} end FAILED with {@code message}. */
    public SqlWarehouse failWhen(String regex, String message) {
        failures.add(new Failure(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), message));
        return this;
    }

    /** Every statement sent, in order. */
    public List<ExecutedStatement> executed() {
        return List.copyOf(executed);
    }

    ObjectNode execute(ApiRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String text = Json.requiredText(body, "statement");
        String warehouseId = Json.requiredText(body, "warehouse_id");
        Duration wait = waitTimeout(Json.text(body, "wait_timeout").orElse("10s"));
        boolean cancelOnTimeout = Json.text(body, "on_wait_timeout").orElse("CONTINUE").equals("CANCEL");
        String id = UUID.randomUUID().toString();
        ExecutedStatement sent = new ExecutedStatement(id, text, warehouseId,
                Json.text(body, "catalog").orElse(null), Json.text(body, "schema").orElse(null));
        executed.add(sent);
        String failure = failures.stream()
                .filter(f -> f.pattern().matcher(text).find())
                .map(Failure::message)
                .findFirst()
                .orElse(null);
        statements.put(id, new Statement(sent, "PENDING", failure));
        keep(id);
        if (duration.compareTo(wait) <= 0) {
            // The statement ends within the wait: answer with its final state, as Databricks does.
            Thread.sleep(duration.toMillis());
            finish(id);
        } else if (cancelOnTimeout) {
            Thread.sleep(wait.toMillis());
            change(id, s -> s.in("CANCELED"));
        } else {
            change(id, s -> s.in("RUNNING"));
            stages.after(duration, () -> finish(id));
        }
        return render(statements.get(id));
    }

    ObjectNode get(ApiRequest request) {
        return render(existing(request.pathIds().get(0)));
    }

    ObjectNode cancel(ApiRequest request) {
        String id = request.pathIds().get(0);
        existing(id);
        change(id, s -> TERMINAL.contains(s.state()) ? s : s.in("CANCELED"));
        return Json.object();
    }

    private void finish(String id) {
        change(id, s -> TERMINAL.contains(s.state()) ? s : s.in(s.failure() != null ? "FAILED" : "SUCCEEDED"));
    }

    private Statement existing(String id) {
        Statement statement = statements.get(id);
        if (statement == null) {
            throw new ApiException(404, "NOT_FOUND", "The statement " + id + " was not found.");
        }
        return statement;
    }

    private static Duration waitTimeout(String text) {
        Matcher m = WAIT_TIMEOUT.matcher(text);
        if (!m.matches()) {
            throw ApiException.invalidParameter("wait_timeout must be 0s or between 5s and 50s, got \"" + text + "\"");
        }
        long seconds = Long.parseLong(m.group(1));
        if (seconds != 0 && (seconds < 5 || seconds > 50)) {
            throw ApiException.invalidParameter("wait_timeout must be 0s or between 5s and 50s, got \"" + text + "\"");
        }
        return Duration.ofSeconds(seconds);
    }

    private static ObjectNode render(Statement s) {
        ObjectNode node = Json.object().put("statement_id", s.sent().statementId());
        ObjectNode status = node.putObject("status").put("state", s.state());
        if (s.state().equals("FAILED")) {
            status.putObject("error").put("error_code", "BAD_REQUEST").put("message", s.failure());
        }
        if (s.state().equals("SUCCEEDED")) {
            ObjectNode manifest = node.putObject("manifest").put("format", "JSON_ARRAY").put("total_row_count", 0)
                    .put("total_chunk_count", 0).put("truncated", false);
            manifest.putObject("schema").put("column_count", 0).putArray("columns");
            manifest.putArray("chunks");
            node.putObject("result").put("row_count", 0).put("chunk_index", 0).put("row_offset", 0);
        }
        return node;
    }
}
