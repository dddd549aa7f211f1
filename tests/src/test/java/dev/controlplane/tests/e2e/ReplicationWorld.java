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
import dev.controlplane.local.EnforcedAws;
import dev.controlplane.local.template.LocalTemplate;
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
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The replicate-data system on one machine: statemachines/replicate-data.asl.json on the engine, its six
 * functions in-process, S3 behind any endpoint (S3Proxy, moto, or a fault-injecting proxy in front of either), the
 * local Databricks workspace for table clones. The functions are staging's stack of template.yaml with IAM enforced
 * ({@link EnforcedAws} in front of the endpoint): each calls with its role, the state machine's tasks with its, and
 * the buckets are the stack's (the data lakes of config/environments.json, the plan bucket), emptied for each world.
 */
final class ReplicationWorld implements AutoCloseable {

    static final String WAREHOUSE_ID = "wh-staging-e2e";
    private static final String TOKEN = "dapi-replication-e2e";

    final String prod;
    final String staging;
    final String plans;
    /** Straight to the S3 endpoint, for arranging and checking (never through the fault proxy). */
    final S3Client s3;
    private final URI functionsEndpoint;
    private final EnforcedAws aws;
    private final LocalTemplate stack;
    private final List<S3Client> functionClients = new java.util.ArrayList<>();
    private final ByteArrayOutputStream functionLogs = new ByteArrayOutputStream();
    private LocalWorkspace workspace;
    private int executions;

    /**
     * @param endpoint          where the tests arrange and check objects
     * @param functionsEndpoint where the functions and the engine's S3 integration go (the same, or a proxy)
     */
    ReplicationWorld(URI endpoint, URI functionsEndpoint) {
        Path config = PromotionWorld.ROOT.resolve("config");
        aws = EnforcedAws.front(functionsEndpoint, PromotionWorld.ROOT.resolve("template.yaml"), config, "staging",
                List.of("dev", "prod"));
        stack = aws.template();
        PlatformConfig platform = PlatformConfig.load(config);
        prod = platform.environment("prod").orElseThrow().dataBuckets().get(0);
        staging = platform.environment("staging").orElseThrow().dataBuckets().get(0);
        plans = LocalTemplate.withId(stack.buckets(), LocalTemplate.Bucket::logicalId, "ReplicationPlanBucket").name();
        this.functionsEndpoint = functionsEndpoint;
        s3 = S3ArtifactStore.client(environment(endpoint));
        List<String> existing = s3.listBuckets().buckets().stream().map(b -> b.name()).toList();
        for (String bucket : List.of(prod, staging, plans)) {
            if (existing.contains(bucket)) {
                keys(bucket).forEach(key -> delete(bucket, key));
            } else {
                s3.createBucket(request -> request.bucket(bucket));
            }
        }
    }

    /** The S3 client a function of the stack builds from its environment: its role's credentials, through IAM. */
    private S3Client clientOf(String function) {
        S3Client client = S3ArtifactStore.client(aws.functionEnvironment(function + "Function"));
        functionClients.add(client);
        return client;
    }

    /** The calls IAM denied so far, as up logs them. */
    List<String> denials() {
        return aws.denials();
    }

    private static Map<String, String> environment(URI endpoint) {
        return Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", endpoint.toString(),
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
                new EnvironmentConfig("staging", "222222222222", "eu-west-1", null, false, List.of(staging), false),
                new EnvironmentConfig("prod", "333333333333", "eu-west-1", null, true, List.of(prod), true)),
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
        S3Client planning = clientOf("PlanReplication");
        S3Client copying = clientOf("CopyBatch");
        S3Client deleting = clientOf("DeleteExtraneous");
        S3Client verifying = clientOf("VerifyReplication");
        LambdaFunctions functions = new LambdaFunctions(stack.stack().region(), stack.stack().accountId(),
                new PrintStream(functionLogs, true, StandardCharsets.UTF_8))
                .register(name("ListDatasets"), new ListDatasetsHandler(config))
                .register(name("PlanReplication"), new PlanReplicationHandler(config, new S3ObjectListing(planning),
                        new S3ReplicationPlanStore(planning), plans, "replication/",
                        new ReplicationBatching(3, 64L * 1024 * 1024), Clock.systemUTC()))
                .register(name("CopyBatch"), copyBatch.apply(new CopyBatchHandler(config, new S3ReplicationPlanStore(copying),
                        new S3ObjectCopier(copying, S3ObjectCopier.Settings.DEFAULT))))
                .register(name("DeleteExtraneous"), new DeleteExtraneousHandler(config, new S3ReplicationPlanStore(deleting),
                        new S3ObjectDeleter(deleting)))
                .register(name("CloneTables"), new CloneTablesHandler(config, deadline -> DatabricksTableCloner.of(
                        DatabricksRuns.client(workspace().url(), TOKEN), WAREHOUSE_ID, deadline)))
                .register(name("VerifyReplication"), new VerifyReplicationHandler(config, new S3ObjectListing(verifying),
                        new S3ReplicationPlanStore(verifying), Clock.systemUTC()));
        // the Distributed Map reads the plan's batches as the runtime itself (as up does: not with the machine's role)
        AwsServiceIntegration items = new AwsServiceIntegration(new AwsEndpoints(stack.stack().region(), functionsEndpoint, "test", "test"));
        LocalTemplate.StateMachine machine = LocalTemplate.withId(stack.stateMachines(), LocalTemplate.StateMachine::logicalId,
                "ReplicateDataStateMachine");
        try (Engine engine = Engine.builder().region(stack.stack().region()).accountId(stack.stack().accountId())
                .integration(aws.stateMachineLambdas(functions)).integration(aws.stateMachineServices())
                .distributedMapStore(new S3ItemSource(items)).build()) {
            String arn = engine.createStateMachine(machine.name(), machine.definition(), null).arn();
            Execution execution = engine.startExecution(arn, "run-" + (++executions), Json.parse(input));
            assertThat(execution.await(120, TimeUnit.SECONDS)).as("the execution ends within 120 s").isTrue();
            return execution;
        } finally {
            items.close();
        }
    }

    private String name(String function) {
        return LocalTemplate.withId(stack.functions(), LocalTemplate.Function::logicalId, function + "Function").name();
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
        functionClients.forEach(S3Client::close);
        aws.close();
    }
}
