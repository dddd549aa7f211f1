package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbApprovalRequests;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbPromotionClaims;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.SfnExecutionStates;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.registry.StaleClaimRelease;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SnapStart priming of ReleaseStaleClaim, in the triggers package: a class of its own, as the storage functions'
 * ({@link StoragePriming}) calls S3, which this package does not hold.
 */
final class ClaimPriming {

    static final String TABLE = "snapstart-priming";
    /** The made-up execution whose claim is found stale (it failed), and the one asking. */
    static final String STALE = "arn:aws:states:us-east-1:000000000000:execution:snapstart-priming:stale";
    static final String CALLER = "arn:aws:states:us-east-1:000000000000:execution:snapstart-priming:caller";

    /** DynamoDB's and Step Functions' protocol (JSON 1.0). */
    private static final String AWS_JSON = "application/x-amz-json-1.0";

    private ClaimPriming() {
    }

    /**
     * Answers ReleaseStaleClaim's priming requests: Step Functions finds the claimant FAILED, the claim is released,
     * one pending approval of the claimant's is found and dropped.
     */
    static PrimingHttpClient http() {
        return new PrimingHttpClient(ClaimPriming::staleClaim);
    }

    private static PrimingHttpClient.Answer staleClaim(SdkHttpRequest request) {
        return switch (request.firstMatchingHeader("X-Amz-Target").orElse("")) {
            case "AWSStepFunctions.DescribeExecution" -> PrimingHttpClient.Answer.of(AWS_JSON, LeanJson.write(Map.of(
                    "executionArn", STALE, "stateMachineArn", SnapStartPriming.PRIMING_STATE_MACHINE, "name", "stale",
                    "status", "FAILED", "startDate", 1735689600, "stopDate", 1735689660)));
            case "DynamoDB_20120810.Query" -> PrimingHttpClient.Answer.of(AWS_JSON, LeanJson.write(Map.of(
                    "Count", 1, "ScannedCount", 1, "Items", List.of(Map.of(
                            DynamoDbArtifactRegistry.PK, Map.of("S", DynamoDbApprovalRequests.PK_VALUE),
                            DynamoDbArtifactRegistry.SK, Map.of("S", "snapstart-priming"),
                            "execution", Map.of("S", STALE))))));
            case "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.DeleteItem" ->
                    PrimingHttpClient.Answer.of(AWS_JSON, "{}");
            default -> null;
        };
    }

    /**
     * Answers RetryPromotion's priming requests in {@code environment} about the made-up build ({@link PrimingBuild}):
     * its registry item, in the first environment only there and unclaimed (its claim is then taken), in one that
     * pulls announced by the environment before and claimed by an execution Step Functions finds FAILED (that claim is
     * then released).
     */
    static PrimingHttpClient retryHttp(PlatformConfig config, String environment) {
        List<String> chain = config.environments().stream().map(EnvironmentConfig::name).toList();
        int at = Math.max(0, chain.indexOf(environment));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(DynamoDbArtifactRegistry.PK, Map.of("S", DynamoDbArtifactRegistry.ARTIFACT_PREFIX + PrimingBuild.ARTIFACT));
        item.put(DynamoDbArtifactRegistry.SK, Map.of("S", DynamoDbArtifactRegistry.VERSION_PREFIX + PrimingBuild.VERSION));
        PrimingBuild.fields().forEach((name, value) -> item.put(name, Map.of("S", value)));
        item.put("files", Map.of("S", "[" + LeanJson.write(PrimingBuild.file()) + "]"));
        item.put("environments", Map.of("SS", List.of(chain.get(at == 0 ? 0 : at - 1))));
        if (at > 0) {
            item.put("pulledFrom", Map.of("S", chain.get(at - 1)));
            item.put("sources", Map.of("S", LeanJson.write(Map.of(PrimingBuild.KEY, "snapstart-priming"))));
            item.put("claimedBy", Map.of("S", STALE));
        }
        String registered = LeanJson.write(Map.of("Item", item));
        return PrimingHttpClient.readingBodies((request, body) -> switch (request.firstMatchingHeader("X-Amz-Target").orElse("")) {
            // the registry's item of the version, or (the commit's claim) none
            case "DynamoDB_20120810.GetItem" -> PrimingHttpClient.Answer.of(AWS_JSON,
                    body.contains(DynamoDbArtifactRegistry.VERSION_PREFIX) ? registered : "{}");
            case "DynamoDB_20120810.UpdateItem", "AWSStepFunctions.DescribeExecution" -> staleClaim(request);
            default -> null;
        });
    }

    /**
     * RetryPromotion's priming: the made-up version retried in {@code environment} through its own path, on clients
     * built as the function builds them and answered by {@code http}.
     */
    static String retryPromotion(PlatformConfig config, String environment, Map<String, String> variables,
            PrimingHttpClient http) {
        try (DynamoDbClient dynamoDb = AwsClientConfig.configurePriming(DynamoDbClient.builder(), variables, http).build();
                SfnClient sfn = AwsClientConfig.configurePriming(SfnClient.builder(), variables, http).build()) {
            return PrimingInvocation.invoke(new RetryPromotionHandler(config, environment, TABLE, dynamoDb, sfn),
                    LeanJson.write(Map.of("action", "retry", "artifact", PrimingBuild.ARTIFACT, "version", PrimingBuild.VERSION,
                            "execution", CALLER, "requestedBy", "snapstart-priming")));
        }
    }

    /** ReleaseStaleClaim's priming: a made-up commit's claim, held by an execution that failed, released. */
    static String releaseStaleClaim(Map<String, String> environment, PrimingHttpClient http) {
        try (DynamoDbClient dynamoDb = AwsClientConfig.configurePriming(DynamoDbClient.builder(), environment, http).build();
                SfnClient sfn = AwsClientConfig.configurePriming(SfnClient.builder(), environment, http).build()) {
            return PrimingInvocation.invoke(new ReleaseStaleClaimHandler(new StaleClaimRelease(
                    new DynamoDbPromotionClaims(dynamoDb, TABLE), new SfnExecutionStates(sfn))),
                    LeanJson.write(Map.of("repository", "snapstart-priming/priming", "commit", "1".repeat(40),
                            "claimedBy", STALE, "execution", CALLER)));
        }
    }
}
