package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.SecretsManagerWorkspaceTokens;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.DatabricksTableCloner;
import dev.controlplane.databricks.RefreshingToken;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.domain.replication.ReplicationGuard;
import dev.controlplane.domain.replication.TableCloneResult;
import dev.controlplane.domain.replication.TableCloner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda {@code CloneTables}: clones a dataset's Delta tables in the staging workspace with
 * {@code CREATE OR REPLACE TABLE target {DEEP|SHALLOW} CLONE source}, all tables at once. Input {@code {dataset}}
 * (the plan step's output will do); output {@code {dataset, cloned, failed, tables: [{source, target, mode,
 * statement, statementId, state, error}]}}. A statement Databricks fails is reported with the table and Databricks'
 * message, and the other tables are still cloned; the report carries the failures. A target in a production
 * environment's catalog (or without a catalog) is refused before any statement runs ({@code ProdTargetRefused}).
 *
 * <p>Environment, read only when the dataset has tables: {@value #HOST} (the staging workspace URL),
 * {@value #WAREHOUSE} (the SQL warehouse the statements run on), and the token: {@value #TOKEN_SECRET} (a Secrets
 * Manager secret whose string is the token, as in AWS) or {@value #TOKEN} (the token itself, for local runs).
 */
public final class CloneTablesHandler implements RequestStreamHandler {

    static final String FUNCTION = "CloneTables";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);
    static final String HOST = "DATABRICKS_HOST";
    static final String WAREHOUSE = "DATABRICKS_WAREHOUSE_ID";
    static final String TOKEN_SECRET = "DATABRICKS_TOKEN_SECRET_ID";
    static final String TOKEN = "DATABRICKS_TOKEN";

    /** Time kept back from the function's timeout to cancel a statement and answer. */
    private static final Duration MARGIN = Duration.ofSeconds(20);
    private static final Duration WITHOUT_CONTEXT = Duration.ofMinutes(14);

    private final PlatformConfig config;
    private final Function<DatabricksTableCloner.Deadline, TableCloner> cloners;

    public CloneTablesHandler() {
        this(System.getenv());
    }

    public CloneTablesHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), new ClonerFactory(environment));
        // SnapStart: a dataset's tables cloned through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> LaunchPriming.cloneTables(config));
    }

    private CloneTablesHandler(PlatformConfig config, ClonerFactory factory) {
        this(config, factory::cloner);
    }

    /** @param cloners the cloner for a deadline (the function's remaining time), asked only for datasets with tables */
    public CloneTablesHandler(PlatformConfig config, Function<DatabricksTableCloner.Deadline, TableCloner> cloners) {
        this.config = Objects.requireNonNull(config, "config");
        this.cloners = Objects.requireNonNull(cloners, "cloners");
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        DatasetConfig dataset = config.dataset(task.text("dataset", "the name of a dataset in config/datasets/"),
                FUNCTION + " input");
        ReplicationGuard guard = new ReplicationGuard(config);
        for (int i = 0; i < dataset.tables().size(); i++) {
            // Before any statement runs: one refused target clones nothing.
            guard.requireWritableTable(dataset.tables().get(i).target(), "dataset " + dataset.name(), "tables[" + i + "].target");
        }
        List<TableCloneResult> results = dataset.tables().isEmpty() ? List.of()
                : cloneAll(dataset.tables(), cloners.apply(deadline(context)));

        ObjectNode answer = TaskInput.JSON.createObjectNode();
        long failed = results.stream().filter(result -> !result.succeeded()).count();
        answer.put("dataset", dataset.name()).put("cloned", results.size() - failed).put("failed", failed);
        ArrayNode tables = answer.putArray("tables");
        for (TableCloneResult result : results) {
            ObjectNode table = tables.addObject().put("source", result.table().source())
                    .put("target", result.table().target()).put("mode", result.table().kind().name())
                    .put("statement", result.statement()).put("statementId", result.statementId())
                    .put("state", result.state());
            table.put("error", result.error());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        TaskLog.info("cloned", fields);
        TaskInput.JSON.writeValue(output, answer);
    }

    private static List<TableCloneResult> cloneAll(List<TableClone> tables, TableCloner cloner) {
        List<Future<TableCloneResult>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (TableClone table : tables) {
                futures.add(threads.submit(() -> cloner.cloneTable(table)));
            }
        }
        List<TableCloneResult> results = new ArrayList<>();
        for (Future<TableCloneResult> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while cloning tables", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
        return results;
    }

    private static DatabricksTableCloner.Deadline deadline(Context context) {
        Instant start = Instant.now();
        Duration remaining = context == null ? WITHOUT_CONTEXT
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
        Instant until = start.plus(remaining.isNegative() ? Duration.ZERO : remaining);
        return () -> until;
    }

    /**
     * The workspace client, built on first use from the environment and kept for the container's life; its token is
     * re-read from the secret once five minutes old, so a rotation reaches a warm function ({@link RefreshingToken}).
     */
    private static final class ClonerFactory {

        private final Map<String, String> environment;
        private com.databricks.sdk.WorkspaceClient client;

        ClonerFactory(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        TableCloner cloner(DatabricksTableCloner.Deadline deadline) {
            return DatabricksTableCloner.of(client(), required(WAREHOUSE, "the id of the SQL warehouse that runs the"
                    + " clones"), deadline);
        }

        private synchronized com.databricks.sdk.WorkspaceClient client() {
            if (client == null) {
                String host = required(HOST, "the staging workspace URL, e.g. https://dbc-1234.cloud.databricks.com");
                client = DatabricksRuns.client(host, new RefreshingToken(this::token, InstantSource.system()));
            }
            return client;
        }

        private String token() {
            String secretId = environment.get(TOKEN_SECRET);
            if (secretId != null && !secretId.isBlank()) {
                try (SecretsManagerClient secrets = AwsClientConfig.configure(SecretsManagerClient.builder(),
                        environment).build()) {
                    return new SecretsManagerWorkspaceTokens(secrets).token(secretId.strip());
                }
            }
            String token = environment.get(TOKEN);
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("neither " + TOKEN_SECRET + " nor " + TOKEN + " is set; expected the"
                        + " Secrets Manager secret holding the staging workspace's token (or, locally, the token)");
            }
            return token.strip();
        }

        private String required(String variable, String expected) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + variable + " is not set; expected "
                        + expected);
            }
            return value.strip();
        }
    }
}
