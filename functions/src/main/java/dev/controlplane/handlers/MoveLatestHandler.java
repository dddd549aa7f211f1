package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.domain.registry.ArtifactRegistry;
import dev.controlplane.domain.registry.LatestMoves;
import dev.controlplane.domain.registry.LatestVersionMover;
import dev.controlplane.domain.registry.Release;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code MoveLatest}: a release makes its version {@code latest}, script by script, in every environment
 * the version is published in, unless a newer release is latest there. Input {@code {team, project, scripts,
 * version, repository}} (ResolveRepository's output with the release's version), optionally {@code execution}
 * (the execution ARN, recorded as {@code movedBy}); output {@code {moved: [{script, environment, version}],
 * kept: [{script, environment, version, latest}]}}. No script with the version:
 * {@link dev.controlplane.domain.VersionNotFoundException}.
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL}.
 */
public final class MoveLatestHandler implements RequestStreamHandler {

    static final String FUNCTION = "MoveLatest";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final LatestVersionMover mover;

    /** What Lambda calls: the DynamoDB client is built once per container from the function's environment. */
    public MoveLatestHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public MoveLatestHandler(Map<String, String> environment) {
        this(new DynamoDbArtifactRegistry(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)));
        // SnapStart: the registry's reads and writes through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.moveLatest(environment, StoragePriming.http()));
    }

    public MoveLatestHandler(ArtifactRegistry registry) {
        this.mover = new LatestVersionMover(registry);
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
        Release release = new Release(
                task.text("team", "the project's team"),
                task.text("project", "the repository's project"),
                task.texts("scripts", "the project's script names"),
                task.text("version", "the released version, e.g. 1.4.0"),
                task.text("repository", "the repository's owner/name"));
        String execution = task.optionalText("execution");
        // Without the execution ARN, the function's request still identifies who moved it in the logs.
        String movedBy = execution != null ? execution
                : FUNCTION + (context == null ? "" : " request " + context.getAwsRequestId());
        LatestMoves moves = mover.release(release, movedBy);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("repository", release.repository());
        fields.put("version", release.version());
        fields.put("moved", moves.moved());
        fields.put("kept", moves.kept());
        TaskLog.info("latest moved", fields);
        TaskInput.JSON.writeValue(output, moves);
    }
}
