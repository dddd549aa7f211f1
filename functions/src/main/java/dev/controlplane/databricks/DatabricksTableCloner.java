package dev.controlplane.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.StatementExecutionAPI;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StatementStatus;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.domain.replication.TableCloneResult;
import dev.controlplane.domain.replication.TableCloneStatement;
import dev.controlplane.domain.replication.TableCloner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Clones Delta tables with SQL statements on a SQL warehouse, through the SDK's {@code statementExecution()}.
 * Each statement is sent with Databricks' longest synchronous wait (50 s) and polled after that until it ends or
 * {@code deadline} comes, when it is cancelled. A statement that ends FAILED or CANCELED, and a request the
 * workspace refuses, are results carrying Databricks' message, not exceptions: one table's failure never hides
 * the others'. Server errors (5xx), which the SDK does not retry, are retried here with backoff.
 */
public final class DatabricksTableCloner implements TableCloner {

    /** How long the cloner may wait for one statement; the handler passes the function's remaining time. */
    @FunctionalInterface
    public interface Deadline {
        Instant next();
    }

    /** Sleeps between polls; tests make it instant. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final String NOT_SENT = "NOT_SENT";
    private static final Set<StatementState> RUNNING = Set.of(StatementState.PENDING, StatementState.RUNNING);
    private static final int SERVER_ERROR_ATTEMPTS = 4;

    private final StatementExecutionAPI statements;
    private final String warehouseId;
    private final Deadline deadline;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;

    public DatabricksTableCloner(StatementExecutionAPI statements, String warehouseId, Deadline deadline, Clock clock,
            Sleeper sleeper, Duration pollInterval) {
        this.statements = Objects.requireNonNull(statements, "statements");
        this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** Polls every 5 s with the real clock. */
    public static DatabricksTableCloner of(WorkspaceClient client, String warehouseId, Deadline deadline) {
        return new DatabricksTableCloner(client.statementExecution(), warehouseId, deadline, Clock.systemUTC(),
                duration -> Thread.sleep(duration), Duration.ofSeconds(5));
    }

    /**
     * A cloner on a warehouse that answers from memory ({@link PrimingTransport}), for SnapStart priming: each
     * statement is sent through the SDK, answered PENDING, polled once at once and answered SUCCEEDED; nothing
     * leaves the process.
     */
    public static DatabricksTableCloner priming() {
        WorkspaceClient client = DatabricksRuns.client("https://snapstart-priming.invalid",
                new RefreshingToken(() -> "snapstart-priming", InstantSource.system()), new PrimingTransport());
        Instant until = Instant.now().plus(Duration.ofHours(1));
        return new DatabricksTableCloner(client.statementExecution(), "snapstart-priming", () -> until,
                Clock.systemUTC(), duration -> { }, Duration.ofSeconds(5));
    }

    @Override
    public TableCloneResult cloneTable(TableClone table) {
        String sql = TableCloneStatement.of(table);
        StatementResponse response;
        try {
            response = withRetries(() -> statements.executeStatement(new ExecuteStatementRequest()
                    .setStatement(sql)
                    .setWarehouseId(warehouseId)
                    .setWaitTimeout("50s")
                    .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)));
        } catch (DatabricksException e) {
            return new TableCloneResult(table, sql, null, NOT_SENT, describe(e));
        }
        String id = response.getStatementId();
        Instant until = deadline.next();
        try {
            while (RUNNING.contains(state(response))) {
                if (!clock.instant().plus(pollInterval).isBefore(until)) {
                    cancel(id);
                    return new TableCloneResult(table, sql, id, StatementState.CANCELED.name(),
                            "still " + state(response) + " when the function had to end; cancelled (the next run"
                                    + " clones it again)");
                }
                sleeper.sleep(pollInterval);
                response = withRetries(() -> statements.getStatement(id));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(id);
            return new TableCloneResult(table, sql, id, StatementState.CANCELED.name(), "interrupted; cancelled");
        } catch (DatabricksException e) {
            return new TableCloneResult(table, sql, id, NOT_SENT, describe(e));
        }
        StatementState state = state(response);
        String name = state == null ? "UNKNOWN" : state.name();
        return new TableCloneResult(table, sql, id, name, state == StatementState.SUCCEEDED ? null
                : message(response.getStatus(), name));
    }

    private void cancel(String id) {
        try {
            statements.cancelExecution(new CancelExecutionRequest().setStatementId(id));
        } catch (DatabricksException ignored) {
            // The statement is reported as not cloned either way; a rerun replaces the table.
        }
    }

    private StatementResponse withRetries(Supplier<StatementResponse> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (DatabricksError e) {
                if (e.getStatusCode() < 500 || attempt >= SERVER_ERROR_ATTEMPTS) {
                    throw e;
                }
                try {
                    sleeper.sleep(Duration.ofMillis(200L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static StatementState state(StatementResponse response) {
        return response.getStatus() == null ? null : response.getStatus().getState();
    }

    private static String message(StatementStatus status, String state) {
        if (status != null && status.getError() != null && status.getError().getMessage() != null) {
            return status.getError().getMessage();
        }
        return "the statement ended " + state + " without a message";
    }

    private static String describe(DatabricksException e) {
        if (e instanceof DatabricksError error && error.getErrorCode() != null) {
            return error.getErrorCode() + ": " + e.getMessage();
        }
        return e.getMessage();
    }
}
