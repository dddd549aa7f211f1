package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbPromotionClaims;
import dev.controlplane.aws.SfnExecutionStates;
import dev.controlplane.domain.registry.StaleClaimRelease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Lambda {@code ReleaseStaleClaim}: promote-artifact found a commit's promotion claimed by another execution; if that
 * execution can no longer promote (failed, rejected, approval timed out, aborted, timed out, or gone), its claim
 * and its pending approvals are removed, so this execution may claim the promotion. Input {@code {repository,
 * commit, claimedBy, execution}}; output {@code {released, claimedBy, state}}. Asking Step Functions when a claim
 * is met, rather than releasing it in the workflow's Catch paths, also frees the claims of executions that died
 * without running a Catch (stopped, timed out, lost).
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL}.
 */
public final class ReleaseStaleClaimHandler implements RequestStreamHandler {

    static final String FUNCTION = "ReleaseStaleClaim";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final StaleClaimRelease release;

    /** What Lambda calls: the clients are built once per container from the function's environment. */
    public ReleaseStaleClaimHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public ReleaseStaleClaimHandler(Map<String, String> environment) {
        this(new StaleClaimRelease(
                new DynamoDbPromotionClaims(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                        environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)),
                new SfnExecutionStates(AwsClientConfig.configure(SfnClient.builder(), environment).build())));
        // SnapStart: a made-up stale claim released through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> ClaimPriming.releaseStaleClaim(environment, ClaimPriming.http()));
    }

    public ReleaseStaleClaimHandler(StaleClaimRelease release) {
        this.release = Objects.requireNonNull(release, "release");
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
        StaleClaimRelease.Outcome outcome = release.release(
                task.text("repository", "the repository's owner/name"),
                task.text("commit", "the commit whose promotion is claimed"),
                task.text("claimedBy", "the ARN of the execution holding the claim"),
                task.text("execution", "this execution's ARN"),
                false);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("claimedBy", outcome.claimedBy());
        fields.put("state", outcome.state());
        fields.put("released", outcome.released());
        TaskLog.info(outcome.released() ? "stale claim released" : "claim held", fields);
        TaskInput.JSON.writeValue(output, Map.of("released", outcome.released(), "claimedBy", outcome.claimedBy(),
                "state", outcome.state().name()));
    }
}
