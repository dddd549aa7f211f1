package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.DatabricksTableCloner;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.domain.replication.ProdTargetRefusedException;
import dev.controlplane.domain.replication.TableCloneResult;
import dev.testsupport.IntegrationTest;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.SqlWarehouse;
import dev.workspace.WorkspaceOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CloneTables with the real Databricks SDK against the local workspace's SQL statement execution. */
@IntegrationTest
class CloneTablesHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dapi-clone-test";
    private static final String WAREHOUSE_ID = "wh-staging-1";
    private static final TableClone ORDERS = new TableClone("prod.sales.orders", "staging.sales.orders",
            TableClone.Kind.DEEP);
    private static final TableClone LINES = new TableClone("prod.sales.order_lines", "staging.sales.order_lines",
            TableClone.Kind.SHALLOW);

    private LocalWorkspace workspace;

    @BeforeEach
    void start() {
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "replicator@example.com")
                .withTimings(RunTimings.instant()));
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private static PlatformConfig config(List<TableClone> tables) {
        return new PlatformConfig(List.of(
                new EnvironmentConfig("staging", "222222222222", "eu-west-1", null, false, List.of("lake-staging"),
                        false),
                new EnvironmentConfig("prod", "333333333333", "eu-west-1", null, true, List.of("lake-prod"), true)),
                List.of(), List.of(new DatasetConfig("orders", new DatasetLocation("lake-prod", "orders/"),
                        new DatasetLocation("lake-staging", "orders/"), ReplicationMode.MIRROR, List.of(), List.of(),
                        tables)));
    }

    private Map<String, String> environment() {
        return Map.of("DATABRICKS_HOST", workspace.url(), "DATABRICKS_TOKEN", TOKEN,
                "DATABRICKS_WAREHOUSE_ID", WAREHOUSE_ID);
    }

    private static JsonNode invoke(CloneTablesHandler handler, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private CloneTablesHandler handler(List<TableClone> tables) {
        DatabricksTableCloner.Deadline inAMinute = () -> Instant.now().plusSeconds(60);
        return new CloneTablesHandler(config(tables), deadline -> DatabricksTableCloner.of(
                DatabricksRuns.client(workspace.url(), TOKEN), WAREHOUSE_ID, inAMinute));
    }

    @Test
    void eachConfiguredTableIsClonedWithCreateOrReplaceDeepOrShallowClone() throws IOException {
        JsonNode answer = invoke(handler(List.of(ORDERS, LINES)), "{\"dataset\":\"orders\"}");

        assertThat(workspace.sql().executed()).extracting(SqlWarehouse.ExecutedStatement::statement)
                .containsExactlyInAnyOrder(
                        "CREATE OR REPLACE TABLE staging.sales.orders DEEP CLONE prod.sales.orders",
                        "CREATE OR REPLACE TABLE staging.sales.order_lines SHALLOW CLONE prod.sales.order_lines");
        assertThat(workspace.sql().executed()).extracting(SqlWarehouse.ExecutedStatement::warehouseId)
                .containsOnly(WAREHOUSE_ID);
        assertThat(answer.path("cloned").asLong()).isEqualTo(2);
        assertThat(answer.path("failed").asLong()).isZero();
        assertThat(answer.path("tables")).extracting(table -> table.path("state").asText())
                .containsOnly("SUCCEEDED");
    }

    @Test
    void aFailedStatementIsReportedWithTheTableAndDatabricksMessageAndTheOthersAreCloned() throws IOException {
        workspace.sql().failWhen("DEEP CLONE prod\\.sales\\.orders",
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");

        JsonNode answer = invoke(handler(List.of(ORDERS, LINES)), "{\"dataset\":\"orders\"}");

        assertThat(answer.path("cloned").asLong()).isEqualTo(1);
        assertThat(answer.path("failed").asLong()).isEqualTo(1);
        JsonNode failed = answer.path("tables").get(0);
        assertThat(failed.path("target").asText()).isEqualTo("staging.sales.orders");
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText())
                .isEqualTo("[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`sales`.`orders` cannot be found.");
        assertThat(answer.path("tables").get(1).path("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aServerErrorIsRetried() throws IOException {
        workspace.faults().serverError("sql/statements", 1);

        JsonNode answer = invoke(handler(List.of(ORDERS)), "{\"dataset\":\"orders\"}");

        assertThat(answer.path("cloned").asLong()).isEqualTo(1);
        assertThat(workspace.faults().calls("sql/statements")).isEqualTo(2);
    }

    @Test
    void aStatementStillRunningAtTheDeadlineIsCancelledAndReported() {
        workspace.close();
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "replicator@example.com")
                .withTimings(new RunTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ofMinutes(10))));
        Instant deadline = Instant.now().plusMillis(300);
        DatabricksTableCloner cloner = new DatabricksTableCloner(
                DatabricksRuns.client(workspace.url(), TOKEN).statementExecution(), WAREHOUSE_ID, () -> deadline,
                Clock.systemUTC(), duration -> Thread.sleep(duration), Duration.ofMillis(50));

        TableCloneResult result = cloner.cloneTable(ORDERS);

        assertThat(result.state()).isEqualTo("CANCELED");
        assertThat(result.error()).contains("cancelled");
        assertThat(DatabricksRuns.client(workspace.url(), TOKEN).statementExecution()
                .getStatement(result.statementId()).getStatus().getState().name()).isEqualTo("CANCELED");
    }

    @Test
    void aRefusedTokenIsReportedPerTableNotThrown() throws IOException {
        CloneTablesHandler handler = new CloneTablesHandler(config(List.of(ORDERS)), deadline ->
                DatabricksTableCloner.of(DatabricksRuns.client(workspace.url(), "dapi-wrong"), WAREHOUSE_ID,
                        deadline));

        JsonNode answer = invoke(handler, "{\"dataset\":\"orders\"}");

        assertThat(answer.path("failed").asLong()).isEqualTo(1);
        assertThat(answer.path("tables").get(0).path("state").asText()).isEqualTo("NOT_SENT");
        assertThat(answer.path("tables").get(0).path("error").asText()).contains("Invalid access token");
    }

    @Test
    void aDatasetWithoutTablesNeedsNoWorkspace() throws IOException {
        CloneTablesHandler handler = new CloneTablesHandler(config(List.of()), deadline -> {
            throw new AssertionError("no workspace should be asked for");
        });

        JsonNode answer = invoke(handler, "{\"dataset\":\"orders\"}");

        assertThat(answer.path("cloned").asLong()).isZero();
        assertThat(answer.path("tables")).isEmpty();
    }

    @Test
    void theWorkspaceIsReadFromTheEnvironmentAndAMissingWarehouseIsNamed() throws IOException {
        assertThat(invoke(new CloneTablesHandlerWithConfig(environment()).handler, "{\"dataset\":\"orders\"}")
                .path("cloned").asLong()).isEqualTo(2);

        Map<String, String> noWarehouse = Map.of("DATABRICKS_HOST", workspace.url(), "DATABRICKS_TOKEN", TOKEN);
        assertThatThrownBy(() -> invoke(new CloneTablesHandlerWithConfig(noWarehouse).handler,
                "{\"dataset\":\"orders\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DATABRICKS_WAREHOUSE_ID is not set");
    }

    /** The handler's environment constructor, with the config written to a folder the environment names. */
    private static final class CloneTablesHandlerWithConfig {
        final CloneTablesHandler handler;

        CloneTablesHandlerWithConfig(Map<String, String> environment) throws IOException {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("clone-config");
            java.nio.file.Files.createDirectories(dir.resolve("datasets"));
            java.nio.file.Files.writeString(dir.resolve("environments.json"), """
                    {"environments": [
                      {"name": "staging", "account": "222222222222", "region": "eu-west-1", "dataBuckets": ["lake-staging"]},
                      {"name": "prod", "account": "333333333333", "region": "eu-west-1", "dataBuckets": ["lake-prod"]}]}
                    """);
            java.nio.file.Files.writeString(dir.resolve("datasets/orders.json"), """
                    {"dataset": "orders", "source": {"bucket": "lake-prod", "prefix": "orders/"},
                     "target": {"bucket": "lake-staging", "prefix": "orders/"}, "mode": "mirror",
                     "tables": [{"source": "prod.sales.orders", "target": "staging.sales.orders", "mode": "DEEP"},
                                {"source": "prod.sales.order_lines", "target": "staging.sales.order_lines", "mode": "SHALLOW"}]}
                    """);
            Map<String, String> withConfig = new java.util.HashMap<>(environment);
            withConfig.put("CONTROLPLANE_CONFIG_DIR", dir.toString());
            handler = new CloneTablesHandler(withConfig);
        }
    }

    @Test
    void aTargetInAProductionCatalogIsRefusedBeforeAnyStatementRuns() {
        TableClone intoProd = new TableClone("staging.sales.orders", "prod.sales.orders", TableClone.Kind.DEEP);

        assertThatThrownBy(() -> invoke(handler(List.of(ORDERS, intoProd)), "{\"dataset\": \"orders\"}"))
                .isInstanceOf(ProdTargetRefusedException.class)
                .hasMessage("dataset orders: tables[1].target is 'prod.sales.orders', a table in catalog 'prod' of production"
                        + " environment prod (config/environments.json); expected a table in a staging catalog: replication"
                        + " never writes to production");
        assertThat(workspace.sql().executed()).isEmpty();
    }

    @Test
    void aTargetWithoutACatalogIsRefusedBeforeAnyStatementRuns() {
        TableClone unqualified = new TableClone("prod.sales.orders", "sales.orders", TableClone.Kind.DEEP);

        assertThatThrownBy(() -> invoke(handler(List.of(unqualified)), "{\"dataset\": \"orders\"}"))
                .isInstanceOf(ProdTargetRefusedException.class)
                .hasMessageContaining("tables[0].target is 'sales.orders', without a catalog");
        assertThat(workspace.sql().executed()).isEmpty();
    }
}
