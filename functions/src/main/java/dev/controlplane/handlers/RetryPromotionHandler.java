package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbPromotionClaims;
import dev.controlplane.aws.SfnExecutionStates;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.promotion.ArrivalPlan;
import dev.controlplane.domain.promotion.ArrivalRetry;
import dev.controlplane.domain.promotion.VersionArrivals;
import dev.controlplane.domain.registry.PromotionPlan;
import dev.controlplane.domain.registry.PromotionRetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Lambda {@code RetryPromotion}: the first task of a retry ({@code {action: retry, artifact, version, requestedBy}}):
 * checks that the version's registered build has somewhere left to go and that no execution is promoting it, claims
 * its commit's promotion for this execution, and answers the build as ValidateBuild does, with {@code alreadyIn}
 * (the environments the promotion skips), {@code copies}, {@code requestedBy} and the {@code plan} ({@link PromotionPlan}).
 * In an environment that pulls, the version's arrival instead ({@link ArrivalRetry}): the stopped execution's claim
 * released, the answer the arrival plan as AcceptVersion gives it. Refusals: {@link dev.controlplane.domain.RetryRefusedException}.
 *
 * <p>Environment: {@code REGISTRY_TABLE}, {@code CONTROLPLANE_ENVIRONMENT}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR} (the environment chain; default: the config packaged with the function).
 */
public final class RetryPromotionHandler implements RequestStreamHandler {

    static final String FUNCTION = "RetryPromotion";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    /** In the first environment: the commit's promotion claimed again. */
    private final PromotionRetry retry;
    /** In an environment that pulls: the version's arrival taken in again. */
    private final ArrivalRetry arrivalRetry;

    /** What Lambda calls: the clients and the config are built once per container. */
    public RetryPromotionHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public RetryPromotionHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private RetryPromotionHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, StackEnvironment.name(environment), environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE),
                AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                AwsClientConfig.configure(SfnClient.builder(), environment).build());
        // SnapStart: a made-up version retried through the SDK before the snapshot, answered from memory
        String stack = StackEnvironment.name(environment);
        this.shell = HandlerShell.primed(FUNCTION, () -> ClaimPriming.retryPromotion(config, stack, environment,
                ClaimPriming.retryHttp(config, stack)));
    }

    /**
     * This stack's retry: the commit's promotion claimed again in the first environment of {@code config}'s chain,
     * the version's arrival taken in again in one that pulls.
     */
    RetryPromotionHandler(PlatformConfig config, String environment, String table, DynamoDbClient dynamoDb, SfnClient sfn) {
        DynamoDbArtifactRegistry registry = new DynamoDbArtifactRegistry(dynamoDb, table);
        SfnExecutionStates executions = new SfnExecutionStates(sfn);
        VersionArrivals arrivals = new VersionArrivals(config, environment);
        if (arrivals.first()) {
            this.retry = new PromotionRetry(registry, new DynamoDbPromotionClaims(dynamoDb, table), executions,
                    config.environments().stream().map(PromotionTarget::of).toList());
            this.arrivalRetry = null;
        } else {
            this.retry = null;
            this.arrivalRetry = new ArrivalRetry(registry, registry, executions, arrivals);
        }
    }

    public RetryPromotionHandler(PromotionRetry retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        this.arrivalRetry = null;
    }

    public RetryPromotionHandler(ArrivalRetry arrivalRetry) {
        this.retry = null;
        this.arrivalRetry = Objects.requireNonNull(arrivalRetry, "arrivalRetry");
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
        String requestedBy = task.optionalText("requestedBy");
        if (arrivalRetry != null) {
            ArrivalPlan again = arrivalRetry.retry(
                    task.text("artifact", "the registry artifact {team}/{project}/{script}, e.g. data-eng/churn/churn"),
                    task.text("version", "the version to promote again, e.g. 1.4.0"));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("artifact", again.artifact());
            fields.put("publishedVersion", again.publishedVersion());
            fields.put("from", again.from());
            fields.put("requestedBy", requestedBy);
            TaskLog.info("arrival retried", fields);
            ObjectNode answer = TaskInput.JSON.valueToTree(again);
            if (requestedBy != null) {
                answer.put("requestedBy", requestedBy);
            }
            TaskInput.JSON.writeValue(output, answer);
            return;
        }
        PromotionRetry.Plan plan = retry.retry(
                task.text("artifact", "the registry artifact {team}/{project}/{script}, e.g. data-eng/churn/churn"),
                task.text("version", "the version to promote again, e.g. 1.4.0"),
                task.text("execution", "this execution's ARN"),
                requestedBy);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact", plan.build().artifact());
        fields.put("publishedVersion", plan.build().publishedVersion());
        fields.put("commit", plan.build().commit());
        fields.put("alreadyIn", plan.alreadyIn());
        fields.put("requestedBy", requestedBy);
        TaskLog.info("promotion retried", fields);
        ObjectNode answer = TaskInput.JSON.valueToTree(plan.build());
        answer.set("alreadyIn", TaskInput.JSON.valueToTree(plan.alreadyIn()));
        answer.set("copies", TaskInput.JSON.valueToTree(plan.copies()));
        answer.set("plan", TaskInput.JSON.valueToTree(PromotionPlan.of(plan.build(), plan.alreadyIn())));
        if (requestedBy != null) {
            answer.put("requestedBy", requestedBy);
        }
        TaskInput.JSON.writeValue(output, answer);
    }
}
