package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbApprovalRequests;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.domain.registry.ApprovalRequest;
import dev.controlplane.domain.registry.ApprovalRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code RequestApproval}, invoked with {@code .waitForTaskToken} before a promotion into an environment
 * that requires approval: records the request (with its task token) in the registry, where the console finds it,
 * and answers {@code {"approval": "pending"}}. Input {@code {taskToken, execution, environment, artifact,
 * publishedVersion, commit, digest, files: [{key, sha256}]}}: the request names exactly what is approved. The token resumes the execution, so it is never logged.
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL}.
 */
public final class RequestApprovalHandler implements RequestStreamHandler {

    static final String FUNCTION = "RequestApproval";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final ApprovalRequests approvals;

    /** What Lambda calls: the DynamoDB client is built once per container from the function's environment. */
    public RequestApprovalHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public RequestApprovalHandler(Map<String, String> environment) {
        this(new DynamoDbApprovalRequests(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)));
        // SnapStart: the request's write through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.requestApproval(environment, StoragePriming.http()));
    }

    public RequestApprovalHandler(ApprovalRequests approvals) {
        this.approvals = Objects.requireNonNull(approvals, "approvals");
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
        ApprovalRequest request = new ApprovalRequest(
                task.text("taskToken", "the task token of .waitForTaskToken ($states.context.Task.Token)"),
                task.text("execution", "the waiting execution's ARN"),
                task.text("environment", "the environment the promotion goes into"),
                task.text("artifact", "the registry artifact {team}/{project}/{script}"),
                task.text("publishedVersion", "the version to promote, e.g. 1.4.0"),
                task.optionalText("commit"),
                task.text("digest", "the build's digest registered when it was validated"),
                approvedFiles(task));
        approvals.record(request);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("execution", request.execution());
        fields.put("environment", request.environment());
        fields.put("artifact", request.artifact());
        fields.put("publishedVersion", request.publishedVersion());
        TaskLog.info("approval requested", fields);
        TaskInput.JSON.writeValue(output, Map.of("approval", "pending"));
    }

    private static List<ApprovalRequest.ApprovedFile> approvedFiles(TaskInput task) {
        List<ApprovalRequest.ApprovedFile> files = new ArrayList<>();
        List<JsonNode> nodes = task.objects("files", "the files approved, [{key, sha256}]");
        for (int i = 0; i < nodes.size(); i++) {
            files.add(new ApprovalRequest.ApprovedFile(
                    task.text(nodes.get(i), "key", "files[" + i + "].key", "the file's published key"),
                    task.text(nodes.get(i), "sha256", "files[" + i + "].sha256", "the file's validated sha256 (hex)")));
        }
        return files;
    }
}
