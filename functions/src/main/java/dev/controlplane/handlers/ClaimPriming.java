package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbApprovalRequests;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbPromotionClaims;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.SfnExecutionStates;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.registry.StaleClaimRelease;
import java.util.List;
import java.util.Map;
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
        return new PrimingHttpClient(request -> switch (request.firstMatchingHeader("X-Amz-Target").orElse("")) {
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
        });
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
