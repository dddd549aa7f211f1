package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import dev.testsupport.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class StatementExecutionTest {
    private static final String CLONE = "CREATE OR REPLACE TABLE staging.sales.orders DEEP CLONE prod.sales.orders";

    private LocalWorkspace workspace;
    private WorkspaceClient client;

    @BeforeEach
    void start() {
        workspace = Sdk.workspace();
        client = Sdk.client(workspace);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private StatementResponse execute(String statement) {
        return client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setStatement(statement).setWarehouseId("wh-1").setCatalog("staging").setWaitTimeout("10s"));
    }

    @Test
    void aStatementSucceedsAndIsRecordedAsSent() {
        StatementResponse response = execute(CLONE);

        assertThat(response.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
        assertThat(client.statementExecution().getStatement(response.getStatementId()).getStatus().getState())
                .isEqualTo(StatementState.SUCCEEDED);
        assertThat(workspace.sql().executed()).containsExactly(new SqlWarehouse.ExecutedStatement(
                response.getStatementId(), CLONE, "wh-1", "staging", null));
    }

    @Test
    void aStatementMadeToFailEndsFailedWithItsMessage() {
        workspace.sql().failWhen("DEEP CLONE prod\\.sales\\.orders",
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");

        StatementResponse failed = execute(CLONE);
        StatementResponse other = execute("SELECT 1");

        assertThat(failed.getStatus().getState()).isEqualTo(StatementState.FAILED);
        assertThat(failed.getStatus().getError().getMessage())
                .isEqualTo("[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");
        assertThat(other.getStatus().getState()).isEqualTo(StatementState.SUCCEEDED);
    }

    @Test
    void aLongStatementIsAnsweredRunningAndCanBeCancelled() {
        workspace.close();
        workspace = Sdk.workspace(options -> options
                .withTimings(new RunTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ofMinutes(10))));
        client = Sdk.client(workspace);
        StatementResponse running = client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setStatement(CLONE).setWarehouseId("wh-1").setWaitTimeout("0s"));
        assertThat(running.getStatus().getState()).isEqualTo(StatementState.RUNNING);

        client.statementExecution().cancelExecution(new CancelExecutionRequest()
                .setStatementId(running.getStatementId()));

        assertThat(client.statementExecution().getStatement(running.getStatementId()).getStatus().getState())
                .isEqualTo(StatementState.CANCELED);
    }

    @Test
    void aStatementWithoutWarehouseIsRefused() {
        assertThatThrownBy(() -> client.statementExecution().executeStatement(
                        new ExecuteStatementRequest().setStatement("SELECT 1")))
                .isInstanceOf(InvalidParameterValue.class)
                .hasMessage("Missing required field: warehouse_id");
    }
}
