package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.domain.publish.ArtifactStore;
import dev.controlplane.domain.publish.FeatureRetirement;
import dev.controlplane.domain.registry.ArtifactRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code RetireFeature}: a deleted feature branch's builds leave the first environment (the only one they
 * go to): its scripts and wheels under each {@code {team}/{project}/{script}/} and its registered versions.
 * Input {@code {team, project, scripts, branch, environments: [{name, bucket}, ...]}}; output
 * {@code {environment, deleted: [keys], versions: [publishedVersions]}}, empty lists for a branch with nothing.
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code S3_FORCE_PATH_STYLE} (see {@link S3ArtifactStore}).
 */
public final class RetireFeatureHandler implements RequestStreamHandler {

    static final String FUNCTION = "RetireFeature";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final FeatureRetirement retirement;

    /** What Lambda calls: the clients are built once per container from the function's environment. */
    public RetireFeatureHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public RetireFeatureHandler(Map<String, String> environment) {
        this(new S3ArtifactStore(S3ArtifactStore.client(environment)),
                new DynamoDbArtifactRegistry(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                        environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)));
        // SnapStart: the retirement's S3 and DynamoDB calls through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.retireFeature(environment, StoragePriming.http()));
    }

    public RetireFeatureHandler(ArtifactStore store, ArtifactRegistry registry) {
        this.retirement = new FeatureRetirement(store, registry);
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
        List<JsonNode> environments = task.objects("environments", "the environment chain, [{name, bucket}, ...]");
        if (environments.isEmpty()) {
            throw new IllegalArgumentException(FUNCTION + " input: environments is []; expected the environment chain,"
                    + " whose first environment the feature builds went to");
        }
        JsonNode first = environments.get(0);
        String branch = task.text("branch", "the deleted branch's name");
        FeatureRetirement.Retired retired = retirement.retire(
                task.text("team", "the project's team"),
                task.text("project", "the repository's project"),
                task.texts("scripts", "the project's script names"),
                branch,
                task.text(first, "name", "environments[0].name", "the first environment's name"),
                task.text(first, "bucket", "environments[0].bucket", "the first environment's artifact bucket"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("branch", branch);
        fields.put("environment", retired.environment());
        fields.put("deleted", retired.deleted());
        fields.put("versions", retired.versions());
        TaskLog.info("feature branch retired", fields);
        TaskInput.JSON.writeValue(output, retired);
    }
}
