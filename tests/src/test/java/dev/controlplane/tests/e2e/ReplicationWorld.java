package dev.controlplane.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.aws.AwsEndpoints;
import dev.aslengine.integration.aws.AwsServiceIntegration;
import dev.aslengine.integration.aws.S3ItemSource;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.HistoryEvent;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3ObjectCopier;
import dev.controlplane.aws.S3ObjectDeleter;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.databricks.DatabricksTableCloner;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.controlplane.handlers.CloneTablesHandler;
import dev.controlplane.handlers.CopyBatchHandler;
import dev.controlplane.handlers.DeleteExtraneousHandler;
import dev.controlplane.handlers.ListDatasetsHandler;
import dev.controlplane.handlers.PlanReplicationHandler;
import dev.controlplane.handlers.VerifyReplicationHandler;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The replicate-data system on one machine: statemachines/replicate-data.asl.json on the engine, its six
 * functions in-process, S3 behind any endpoint (S3Proxy, moto, or a fault-injecting proxy in front of either), the
 * local Databricks workspace for table clones. Each world has its own prod, staging and plan buckets.
 */
final class ReplicationWorld implements AutoCloseable {

    static final String WAREHOUSE_ID = "wh-staging-e2e";
    private static final String TOKEN = "dapi-replication-e2e";
    private static final List<String> FUNCTIONS = List.of("ListDatasets", "PlanReplication", "CopyBatch",
            "DeleteExtraneous", "CloneTables", "VerifyReplication");

    final String prod;
    final String staging;
    final String plans;
    /** Straight to the S3 endpoint, for arranging and checking (never through the fault proxy). */
    final S3Client s3;
    private final URI functionsEndpoint;
    private final S3Client functionsS3;
    private final ByteArrayOutputStream functionLogs = new ByteArrayOutputStream();
    private LocalWorkspace workspace;
    private int executions;

    /**
     * @param endpoint          where the tests arrange and check objects
     * @param functionsEndpoint where the functions and the engine's S3 integration go (the same, or a proxy)
     */
    ReplicationWorld(URI endpoint, URI functionsEndpoint) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        prod = "lake-prod-" + suffix;
        staging = "lake-staging-" + suffix;
        plans = "replication-plans-" + suffix;
        this.functionsEndpoint = functionsEndpoint;
        s3 = S3ArtifactStore.client(environment(endpoint));
        functionsS3 = S3ArtifactStore.client(environment(functionsEndpoint));
        for (String bucket : List.of(prod, staging, plans)) {
            s3.createBucket(request -> request.bucket(bucket));
        }
    }

    private static Map<String, String> environment(URI endpoint) {
        return Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
    }

    /** A dataset from {@code prod/{source}} to {@code staging/{target}}. */
    DatasetConfig dataset(String name, String source, String target, ReplicationMode mode, List<String> exclude,
            List<TableClone> tables) {
        return new DatasetConfig(name, new DatasetLocation(prod, source), new DatasetLocation(staging, target), mode,
                List.of(), exclude, tables);
    }

    /** The config: staging owns the staging bucket, prod (a production environment) the prod bucket. */
    PlatformConfig config(DatasetConfig... datasets) {
        return new PlatformConfig(List.of(
                new EnvironmentConfig("staging", "222222222222", "us-east-1", null, false, List.of(staging), false),
                new EnvironmentConfig("prod", "333333333333", "us-east-1", null, true, List.of(prod), true)),
                List.of(), List.of(datasets));
    }

    LocalWorkspace workspace() {
        if (workspace == null) {
            workspace = LocalWorkspace.start(WorkspaceOptions.defaults().withToken(TOKEN, "replicator@example.com")
                    .withTimings(RunTimings.instant()));
        }
        return workspace;
    }

    /** Runs the workflow with {@code input} to its end. */
    Execution run(String input, DatasetConfig... datasets) throws IOException, InterruptedException {
        return run(input, UnaryOperator.identity(), datasets);
    }

    /** As {@link #run(String, DatasetConfig...)}, with the CopyBatch function wrapped (e.g. to crash it). */
    Execution run(String input, UnaryOperator<RequestStreamHandler> copyBatch, DatasetConfig... datasets)
            throws IOException, InterruptedException {
        PlatformConfig config = config(datasets);
        S3ReplicationPlanStore store = new S3ReplicationPlanStore(functionsS3);
        S3ObjectListing listing = new S3ObjectListing(functionsS3);
        LambdaFunctions functions = new LambdaFunctions("us-east-1", "123456789012",
                new PrintStream(functionLogs, true, StandardCharsets.UTF_8))
                .register("ListDatasets", new ListDatasetsHandler(config))
                .register("PlanReplication", new PlanReplicationHandler(config, listing, store, plans, "replication/",
                        new ReplicationBatching(3, 64L * 1024 * 1024), Clock.systemUTC()))
                .register("CopyBatch", copyBatch.apply(new CopyBatchHandler(config, store,
                        new S3ObjectCopier(functionsS3, S3ObjectCopier.Settings.DEFAULT))))
                .register("DeleteExtraneous", new DeleteExtraneousHandler(config, store,
                        new S3ObjectDeleter(functionsS3)))
                .register("CloneTables", new CloneTablesHandler(config, deadline -> DatabricksTableCloner.of(
                        DatabricksRuns.client(workspace().url(), TOKEN), WAREHOUSE_ID, deadline)))
                .register("VerifyReplication", new VerifyReplicationHandler(config, listing, store,
                        Clock.systemUTC()));
        AwsServiceIntegration aws = new AwsServiceIntegration(AwsEndpoints.local(functionsEndpoint));
        try (Engine engine = Engine.builder().region("us-east-1").accountId("123456789012")
                .integration(functions).integration(aws).distributedMapStore(new S3ItemSource(aws)).build()) {
            String arn = engine.createStateMachine("controlplane-replicate-data-staging", definition(), null).arn();
            Execution execution = engine.startExecution(arn, "run-" + (++executions), Json.parse(input));
            assertThat(execution.await(120, TimeUnit.SECONDS)).as("the execution ends within 120 s").isTrue();
            return execution;
        } finally {
            aws.close();
        }
    }

    /** The definition as template.yaml deploys it: DefinitionSubstitutions resolved to local function names. */
    static String definition() throws IOException {
        String definition = Files.readString(PromotionWorld.ROOT.resolve("statemachines/replicate-data.asl.json"));
        for (String function : FUNCTIONS) {
            definition = definition.replace("${" + function + "FunctionArn}", function);
        }
        assertThat(definition).doesNotContain("${");
        return definition;
    }

    /** The report of the first dataset in a succeeded execution's output. */
    static JsonNode report(Execution execution) {
        assertThat(execution.status().name()).as("status (error %s: %s)", execution.error(), execution.cause())
                .isEqualTo("SUCCEEDED");
        return execution.output().path("reports").get(0);
    }

    /** Events of a type, in order. */
    static List<HistoryEvent> events(Execution execution, String type) {
        return execution.history().events().stream().filter(event -> event.type().equals(type)).toList();
    }

    // --- objects

    void put(String bucket, String key, String text) {
        put(bucket, key, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
    }

    void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        // The functions' client (its retry strategy): the URL-connection client may find a kept-alive connection closed.
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                RequestBody.fromBytes(bytes));
    }

    void delete(String bucket, String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** Key (relative to the prefix) -> bytes as text. */
    Map<String, String> contents(String bucket, String prefix) {
        Map<String, String> contents = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            contents.put(object.key().substring(prefix.length()), s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key(object.key())).asString(StandardCharsets.ISO_8859_1));
        }
        return contents;
    }

    List<String> keys(String bucket) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(request -> request.bucket(bucket).key(key));
    }

    @Override
    public void close() {
        if (workspace != null) {
            workspace.close();
        }
        s3.close();
        functionsS3.close();
    }
}
