package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.registry.ExecutionState;
import dev.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The claims adapter against moto: its writes are conditional, so two claimers or releasers never both win. */
@IntegrationTest
class DynamoDbPromotionClaimsMotoTest {

    private static final String REPOSITORY = "acme-data/churn";
    private static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";
    private static final String OLD = "arn:aws:states:eu-west-1:111111111111:execution:controlplane-promote-artifact-dev:old";
    private static final String NEW = "arn:aws:states:eu-west-1:111111111111:execution:controlplane-promote-artifact-dev:new";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;

    private String table;
    private DynamoDbPromotionClaims claims;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            dynamoDb.close();
            aws.close();
        }
    }

    @BeforeEach
    void freshTable() {
        table = "controlplane-registry-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, table);
        claims = new DynamoDbPromotionClaims(dynamoDb, table);
    }

    private void claimedBy(String execution, String digest) {
        dynamoDb.putItem(put -> put.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("COMMIT#" + REPOSITORY + "#" + COMMIT), "sk", AttributeValue.fromS("PROMOTION"),
                "build", AttributeValue.fromS("{}"), "buildDigest", AttributeValue.fromS(digest),
                "merge", AttributeValue.fromS("{}"), "claimedBy", AttributeValue.fromS(execution))));
    }

    private static Build build(String digest) {
        return new Build("data-eng", "churn", "churn", "1.4.0", "1.4.0", "o", "main", null, false, COMMIT, REPOSITORY,
                "data-eng/churn/churn", digest, List.of(new Build.PublishedFile("churn.py",
                        "data-eng/churn/churn/churn-1.4.0.py", "ab", 5, null)),
                List.of(new PromotionTarget("dev", "b-dev", false), new PromotionTarget("prod", "b-prod", true)));
    }

    @Test
    void onlyOneOfTwoReleasersOfTheSameClaimReleasesIt() {
        claimedBy(OLD, "d1");

        assertThat(claims.release(REPOSITORY, COMMIT, OLD, ExecutionState.FAILED)).isTrue();
        assertThat(claims.release(REPOSITORY, COMMIT, OLD, ExecutionState.FAILED)).isFalse();
        var claim = claims.claim(REPOSITORY, COMMIT).orElseThrow();
        assertThat(claim.claimedBy()).isEmpty();
        assertThat(claim.merged()).isTrue();
        assertThat(claim.buildDigest()).contains("d1");
    }

    @Test
    void aClaimTakenByAnotherExecutionIsNotReleasedByOneThatSawTheOldClaim() {
        claimedBy(NEW, "d1");

        assertThat(claims.release(REPOSITORY, COMMIT, OLD, ExecutionState.ABORTED)).isFalse();
        assertThat(claims.claim(REPOSITORY, COMMIT).orElseThrow().claimedBy()).contains(NEW);
    }

    @Test
    void aRetryClaimsAFreeCommitOnlyForItsOwnBuild() {
        claimedBy(OLD, "d1");
        assertThat(claims.claimForRetry(REPOSITORY, COMMIT, NEW, "d1", build("d1"), "lead")).as("held by OLD").isFalse();

        claims.release(REPOSITORY, COMMIT, OLD, ExecutionState.FAILED);
        assertThat(claims.claimForRetry(REPOSITORY, COMMIT, NEW, "d2", build("d2"), "lead")).as("another build").isFalse();
        assertThat(claims.claimForRetry(REPOSITORY, COMMIT, NEW, "d1", build("d1"), "lead")).isTrue();
        assertThat(claims.claimForRetry(REPOSITORY, COMMIT, OLD, "d1", build("d1"), "lead")).as("held by NEW").isFalse();
        assertThat(claims.claim(REPOSITORY, COMMIT).orElseThrow().claimedBy()).contains(NEW);
    }

    @Test
    void aRetryOfACommitWhoseItemExpiredRecordsTheBuild() {
        assertThat(claims.claimForRetry(REPOSITORY, COMMIT, NEW, "d1", build("d1"), "lead")).isTrue();

        var item = dynamoDb.getItem(get -> get.tableName(table).key(DynamoDbPromotionClaims.key(REPOSITORY, COMMIT))).item();
        assertThat(item.get("build").s()).contains("\"digest\":\"d1\"").contains("\"artifact\":\"data-eng/churn/churn\"");
        assertThat(item.get("retriedBy").s()).isEqualTo("lead");
        assertThat(item.get("expiresAt").n()).isNotBlank();
    }

    private static dev.controlplane.domain.registry.ApprovalRequest approval(String token, String execution, String version) {
        return new dev.controlplane.domain.registry.ApprovalRequest(token, execution, "prod", "data-eng/churn/churn", version, COMMIT,
                "d".repeat(64), List.of(new dev.controlplane.domain.registry.ApprovalRequest.ApprovedFile(
                        "data-eng/churn/churn/churn-" + version + ".py", "a".repeat(64))));
    }

    @Test
    void theApprovalsOfAnExecutionAreDroppedAndOthersKept() {
        var approvals = new DynamoDbApprovalRequests(dynamoDb, table);
        approvals.record(approval("t1", OLD, "1.4.0"));
        approvals.record(approval("t2", NEW, "1.5.0"));

        assertThat(claims.dropApprovals(OLD)).isEqualTo(1);
        var left = dynamoDb.query(q -> q.tableName(table).keyConditionExpression("pk = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS("APPROVAL")))).items();
        assertThat(left).singleElement().satisfies(item -> assertThat(item.get("execution").s()).isEqualTo(NEW));
    }
}
