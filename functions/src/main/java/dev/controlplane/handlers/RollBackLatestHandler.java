package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbLatestRollbacks;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.registry.LatestRollback;
import dev.controlplane.domain.registry.Rollback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code RollBackLatest}: a person moves {@code latest} of an artifact in one environment back to an earlier
 * version released there (the first task of {@code {action: rollback, artifact, environment, version, requestedBy,
 * reason}}); the registry records who, when and why. Output {@code {artifact, environment, from, to, requestedBy,
 * reason, at, bucket}} (the environment's artifact bucket, whose {@code latest.json} follows). Refusals:
 * {@link dev.controlplane.domain.RollbackRefusedException}.
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class RollBackLatestHandler implements RequestStreamHandler {

    static final String FUNCTION = "RollBackLatest";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final LatestRollback rollback;
    private final PlatformConfig config;

    /** What Lambda calls: the client and the config are built once per container. */
    public RollBackLatestHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public RollBackLatestHandler(Map<String, String> environment) {
        this(environment, PlatformConfig.fromEnvironment(environment),
                AwsClientConfig.configure(DynamoDbClient.builder(), environment).build());
        // SnapStart: a made-up rollback through the registry's reads and writes before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.rollBackLatest(config, environment,
                StoragePriming.rollbackHttp(config)));
    }

    private RollBackLatestHandler(Map<String, String> environment, PlatformConfig config, DynamoDbClient dynamoDb) {
        this(new LatestRollback(new DynamoDbArtifactRegistry(dynamoDb, environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)),
                new DynamoDbLatestRollbacks(dynamoDb, environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)),
                config.environments().stream().map(EnvironmentConfig::name).toList()), config);
    }

    public RollBackLatestHandler(LatestRollback rollback, PlatformConfig config) {
        this.rollback = Objects.requireNonNull(rollback, "rollback");
        this.config = Objects.requireNonNull(config, "config");
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
        String at = task.text("at", "when it was asked, ISO-8601 (the execution's start)");
        Instant when;
        try {
            when = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(FUNCTION + " input: at is '" + at + "'; expected an ISO-8601 instant");
        }
        Rollback done = rollback.rollBack(
                task.text("artifact", "the registry artifact {team}/{project}/{script}, e.g. data-eng/churn/churn"),
                task.text("environment", "the environment whose latest moves back, e.g. prod"),
                task.text("version", "the earlier released version latest moves back to, e.g. 1.4.0"),
                task.text("requestedBy", "the name of the person rolling back"),
                task.text("reason", "why latest moves back"),
                when,
                task.text("execution", "this execution's ARN"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("artifact", done.artifact());
        answer.put("environment", done.environment());
        answer.put("from", done.from());
        answer.put("to", done.to());
        answer.put("requestedBy", done.requestedBy());
        answer.put("reason", done.reason());
        answer.put("at", done.at().toString());
        TaskLog.info("latest rolled back", answer);
        answer.put("bucket", config.environment(done.environment()).orElseThrow().artifactsBucket());
        TaskInput.JSON.writeValue(output, answer);
    }
}
