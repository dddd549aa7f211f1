package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.TableClone;
import java.util.Objects;

/**
 * What cloning one table did.
 *
 * @param statement   the SQL sent
 * @param statementId Databricks' id of the statement, null when it was never accepted
 * @param state       Databricks' final state ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELED}, ...), or
 *                    {@code NOT_SENT} when the request itself failed
 * @param error       Databricks' message when the clone did not succeed, else null
 */
public record TableCloneResult(TableClone table, String statement, String statementId, String state, String error) {

    public static final String SUCCEEDED = "SUCCEEDED";

    public TableCloneResult {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(state, "state");
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(state);
    }
}
