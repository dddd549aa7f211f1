package dev.controlplane.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.launch.LaunchFixtures;
import dev.controlplane.handlers.CancelRunHandler;
import dev.controlplane.handlers.PollRunHandler;
import dev.controlplane.handlers.RecordRunHandler;
import dev.controlplane.handlers.ResolveRunHandler;
import dev.controlplane.handlers.SubmitRunHandler;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The launch-cluster system on one machine: statemachines/launch-cluster.asl.json on the engine (Wait and Retry
 * intervals at a hundredth), the five functions in-process built from their environment as in Lambda, the runs
 * table, workspace token and the environments' artifact buckets (files and index) in moto, and a local Databricks
 * workspace that runs each submitted script, fetched from the artifacts bucket, with python3. Tests act as an operator does: start an
 * execution with the operator parameters.
 */
final class LaunchWorld implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String TOKEN = "dapi-launch-e2e";
    static final String ARTIFACT = "data-eng/churn/churn";
    static final double TIME_SCALE = 0.01;

    private final LocalWorkspace workspace;
    private final Engine engine;
    private final String stateMachineArn;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final PlatformConfig platform;
    private final String runsTable;
    private final Path scripts;
    private final ByteArrayOutputStream functionLogs = new ByteArrayOutputStream();
    final WorkspaceClient databricks;

    /**
     * @param environmentName the environment the functions serve (CONTROLPLANE_ENVIRONMENT)
     * @param submit          wraps the SubmitRun handler, e.g. to lose its first answer
     */
    LaunchWorld(MotoEndpoint aws, Path dir, String environmentName, UnaryOperator<RequestStreamHandler> submit)
            throws IOException {
        this(aws, dir, environmentName, submit, null);
    }

    /**
     * @param environments a config/environments.json to use instead of the fixture's (e.g. the one promote-artifact
     *                     ran with, so that both workflows see the same artifact buckets); null for the fixture's
     */
    LaunchWorld(MotoEndpoint aws, Path dir, String environmentName, UnaryOperator<RequestStreamHandler> submit,
            Path environments) throws IOException {
        scripts = Files.createDirectories(dir.resolve("fetched"));
        dynamoDb = aws.dynamoDb();
        s3 = ArtifactsMoto.s3(aws);
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults()
                .withToken(TOKEN, "controlplane@example.com")
                .withTimings(new RunTimings(Duration.ZERO, Duration.ofMillis(60), Duration.ofMillis(60),
                        Duration.ofMillis(20), Duration.ZERO))
                .withPythonExecution("python3")
                .withRemoteFiles(this::fetch));
        databricks = DatabricksRuns.client(workspace.url(), TOKEN);

        // Every environment's workspace is the local one.
        Path config = LaunchFixtures.writeConfig(dir, workspace.url(), workspace.url(), LaunchFixtures.POLICY);
        if (environments != null) {
            Files.copy(environments, config.resolve("environments.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        platform = PlatformConfig.load(config);
        runsTable = "controlplane-runs-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, runsTable);
        for (EnvironmentConfig environment : platform.environments()) {
            ArtifactsMoto.ensureBucket(s3, environment.artifactsBucket());
        }
        String tokenSecret = platform.team("data-eng", "launch world").clusters().orElseThrow()
                .workspace(environmentName).orElseThrow().tokenSecretId();
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            if (secrets.listSecrets().secretList().stream().noneMatch(s -> s.name().equals(tokenSecret))) {
                secrets.createSecret(s -> s.name(tokenSecret).secretString(TOKEN));
            }
        }

        Map<String, String> environment = new HashMap<>(ArtifactsMoto.environment(aws, "unused"));
        environment.put("CONTROLPLANE_ENVIRONMENT", environmentName);
        environment.put("ARTIFACTS_BUCKET", bucket(environmentName));
        environment.put("CONTROLPLANE_CONFIG_DIR", config.toString());
        environment.put(DynamoDbRunRecords.TABLE_VARIABLE, runsTable);
        // One DBU per node-second, so that runs of a fraction of a second cost something visible.
        environment.put("DBU_RATES", "m5.xlarge=3600");
        environment.put("DBU_PRICE_USD", "0.5");
        LambdaFunctions functions = new LambdaFunctions(MotoEndpoint.REGION, "123456789012",
                new PrintStream(functionLogs, true, StandardCharsets.UTF_8))
                .register("ResolveRun", new ResolveRunHandler(environment))
                .register("SubmitRun", submit.apply(new SubmitRunHandler(environment)))
                .register("PollRun", new PollRunHandler(environment))
                .register("CancelRun", new CancelRunHandler(environment))
                .register("RecordRun", new RecordRunHandler(environment));
        engine = Engine.builder().region(MotoEndpoint.REGION).accountId("123456789012").timeScale(TIME_SCALE)
                .integration(functions).build();
        stateMachineArn = engine.createStateMachine("controlplane-launch-cluster-" + environmentName, definition(), null).arn();
    }

    /** The definition as template.yaml deploys it: DefinitionSubstitutions resolved (here, to local function names). */
    static String definition() throws IOException {
        String definition = Files.readString(ROOT.resolve("statemachines/launch-cluster.asl.json"));
        for (String function : List.of("ResolveRun", "SubmitRun", "PollRun", "CancelRun", "RecordRun")) {
            definition = definition.replace("${" + function + "FunctionArn}", function);
        }
        assertThat(definition).doesNotContain("${");
        return definition;
    }

    // --- what CI and the promotion left behind: released versions, their files and their index in each bucket

    String bucket(String environment) {
        return platform.environment(environment).orElseThrow().artifactsBucket();
    }

    /**
     * Publishes version {@code version} of churn.py (and its wheel) with this script text into each environment's
     * bucket, with its index record as PublishArtifact writes it, and makes it latest there when asked.
     */
    void publish(String version, List<String> environments, String scriptText, boolean latest) {
        String script = ARTIFACT + "/churn-" + version + ".py";
        String wheel = ARTIFACT + "/churn-" + version + "-py3-none-any.whl";
        for (String environment : environments) {
            String bucket = bucket(environment);
            s3.putObject(p -> p.bucket(bucket).key(script), RequestBody.fromString(scriptText));
            s3.putObject(p -> p.bucket(bucket).key(wheel), RequestBody.fromString("wheel " + version));
            ArtifactsMoto.indexVersion(s3, bucket, environment, ARTIFACT, version, List.of(script, wheel));
            if (latest) {
                ArtifactsMoto.indexLatest(s3, bucket, ARTIFACT, version);
            }
        }
    }

    /** Where the workspace finds an s3:// python file: fetched from the artifacts bucket (moto), as a cluster would. */
    private Optional<Path> fetch(String uri) {
        URI location = URI.create(uri);
        if (!"s3".equals(location.getScheme())) {
            return Optional.empty();
        }
        String key = location.getPath().substring(1);
        try {
            Path file = Files.createTempFile(scripts, "run-", "-" + Path.of(key).getFileName());
            Files.write(file, s3.getObjectAsBytes(g -> g.bucket(location.getHost()).key(key)).asByteArray());
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what the operator does

    Execution launch(String name, JsonNode input) throws InterruptedException {
        Execution execution = engine.startExecution(stateMachineArn, name, input);
        assertThat(execution.await(60, TimeUnit.SECONDS)).as("execution %s finished in 60 s; function logs:\n%s", name,
                functionLogs()).isTrue();
        return execution;
    }

    // --- what the tests look at

    LocalWorkspace workspace() {
        return workspace;
    }

    List<BaseRun> runs() {
        return StreamSupport.stream(databricks.jobs().listRuns(new ListRunsRequest()).spliterator(), false).toList();
    }

    DynamoDbRunRecords records() {
        return new DynamoDbRunRecords(dynamoDb, runsTable);
    }

    /** The errors of the execution's failed task attempts, in order (what Retry saw). */
    static List<String> taskErrors(Execution execution) {
        return execution.history().events().stream()
                .filter(event -> event.type().equals("TaskFailed"))
                .map(event -> event.toAws().path("taskFailedEventDetails").path("error").asText())
                .toList();
    }

    /** The states entered, in order. */
    static List<String> statesEntered(Execution execution) {
        return execution.history().events().stream()
                .filter(event -> event.type().endsWith("StateEntered"))
                .map(event -> event.toAws().path("stateEnteredEventDetails").path("name").asText())
                .toList();
    }

    String functionLogs() {
        return functionLogs.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        engine.close();
        workspace.close();
        s3.close();
        dynamoDb.close();
    }
}
