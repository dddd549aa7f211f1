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
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.S3ArtifactStore;
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
import dev.controlplane.local.EnforcedAws;
import dev.controlplane.local.template.LocalTemplate;
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
    private final EnforcedAws aws;
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
    LaunchWorld(MotoEndpoint moto, Path dir, String environmentName, UnaryOperator<RequestStreamHandler> submit,
            Path environments) throws IOException {
        scripts = Files.createDirectories(dir.resolve("fetched"));
        workspace = LocalWorkspace.start(WorkspaceOptions.defaults()
                .withToken(TOKEN, "controlplane@example.com")
                .withTimings(new RunTimings(Duration.ZERO, Duration.ofMillis(60), Duration.ofMillis(60),
                        Duration.ofMillis(20), Duration.ZERO))
                .withPythonExecution("python3")
                .withRemoteFiles(this::fetch));
        databricks = DatabricksRuns.client(workspace.url(), TOKEN);

        // Every environment's workspace is the local one; the environments are samconfig.toml's stacks (their
        // accounts, their region, the artifact buckets template.yaml names) unless the test gives its own.
        Path config = LaunchFixtures.writeConfig(dir, workspace.url(), workspace.url(), LaunchFixtures.POLICY);
        if (environments != null) {
            Files.copy(environments, config.resolve("environments.json"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.writeString(config.resolve("environments.json"), """
                    {"environments": [
                      {"name": "dev", "account": "111111111111", "region": "eu-west-1"},
                      {"name": "prod", "account": "333333333333", "region": "eu-west-1"}
                    ]}""");
        }
        platform = PlatformConfig.load(config);
        List<String> others = platform.environments().stream().map(EnvironmentConfig::name)
                .filter(name -> !name.equals(environmentName)).toList();
        aws = EnforcedAws.front(moto.endpoint(), ROOT.resolve("template.yaml"), config, environmentName, others);
        LocalTemplate stack = aws.template();
        String region = stack.stack().region();
        Map<String, String> admin = Map.of("AWS_REGION", region, "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        s3 = S3ArtifactStore.client(admin);
        dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), admin).build();
        runsTable = LocalTemplate.withId(stack.tables(), LocalTemplate.Table::logicalId, "RunsTable").name();
        if (!dynamoDb.listTables().tableNames().contains(runsTable)) ArtifactsMoto.createRegistryTable(dynamoDb, runsTable);
        for (EnvironmentConfig environment : platform.environments()) {
            ArtifactsMoto.ensureBucket(s3, environment.artifactsBucket());
        }
        String tokenSecret = platform.team("data-eng", "launch world").clusters().orElseThrow()
                .workspace(environmentName).orElseThrow().tokenSecretId();
        try (SecretsManagerClient secrets = AwsClientConfig.configure(SecretsManagerClient.builder(), admin).build()) {
            if (secrets.listSecrets().secretList().stream().noneMatch(s -> s.name().equals(tokenSecret))) {
                secrets.createSecret(s -> s.name(tokenSecret).secretString(TOKEN));
            }
        }

        LambdaFunctions functions = new LambdaFunctions(region, stack.stack().accountId(),
                new PrintStream(functionLogs, true, StandardCharsets.UTF_8));
        for (String function : List.of("ResolveRun", "SubmitRun", "PollRun", "CancelRun", "RecordRun")) {
            Map<String, String> environment = new HashMap<>(aws.functionEnvironment(function + "Function"));
            environment.put("CONTROLPLANE_CONFIG_DIR", config.toString());
            // One DBU per node-second, so that runs of a fraction of a second cost something visible.
            environment.put("DBU_RATES", "m5.xlarge=3600");
            environment.put("DBU_PRICE_USD", "0.5");
            RequestStreamHandler handler = switch (function) {
                case "ResolveRun" -> new ResolveRunHandler(environment);
                case "SubmitRun" -> submit.apply(new SubmitRunHandler(environment));
                case "PollRun" -> new PollRunHandler(environment);
                case "CancelRun" -> new CancelRunHandler(environment);
                default -> new RecordRunHandler(environment);
            };
            functions.register(LocalTemplate.withId(stack.functions(), LocalTemplate.Function::logicalId, function + "Function").name(), handler);
        }
        engine = Engine.builder().region(region).accountId(stack.stack().accountId()).timeScale(TIME_SCALE)
                .integration(aws.stateMachineLambdas(functions))
                .integration(aws.stateMachineServices())
                .build();
        LocalTemplate.StateMachine machine = LocalTemplate.withId(stack.stateMachines(), LocalTemplate.StateMachine::logicalId,
                "LaunchClusterStateMachine");
        stateMachineArn = engine.createStateMachine(machine.name(), machine.definition(), null).arn();
    }

    /** The calls IAM denied so far, as up logs them. */
    List<String> denials() {
        return aws.denials();
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
        aws.close();
        workspace.close();
        s3.close();
        dynamoDb.close();
    }
}
