package dev.controlplane.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.DynamoDbApprovalRequests;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Promotions waiting for a person: the registry's {@code APPROVAL} items that RequestApproval writes. Approving
 * sends SendTaskSuccess and rejecting SendTaskFailure (error {@code Rejected}) with the item's task token; the
 * token stays on the server, the page sees the item's id (its sort key) and a hint of the token. An item whose
 * execution has ended without deciding it (stopped, timed out, lost) is removed when it is met, never shown as pending.
 */
final class ApprovalDesk {

    /** The error a rejection sends; promote-artifact's NotApproved state turns it into PromotionRejected. */
    static final String REJECTED = "Rejected";
    private static final int NAME_MAX = 128;
    private static final int REASON_MAX = 2000;
    private static final List<String> SHOWN = List.of("environment", "artifact", "publishedVersion", "commit",
            "execution", "requestedAt");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final StepFunctionsGateway sfn;
    private final InstantSource clock;

    ApprovalDesk(DynamoDbClient dynamoDb, String table, StepFunctionsGateway sfn, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.sfn = sfn;
        this.clock = clock;
    }

    /**
     * {@code {approvals: [{id, environment, artifact, publishedVersion, commit, digest, files: [{key, sha256}], execution,
     * requestedAt, expiresAt, token}]}}: what each request approves, down to the bytes.
     */
    ObjectNode pending() {
        ObjectNode answer = ConsoleJson.object();
        ArrayNode approvals = answer.putArray("approvals");
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query -> query.tableName(table)
                .keyConditionExpression("pk = :approval")
                .expressionAttributeValues(Map.of(":approval", AttributeValue.fromS(DynamoDbApprovalRequests.PK_VALUE)))
                .consistentRead(true)).items()) {
            AttributeValue expires = item.get("expiresAt");
            if (expires != null && expires.n() != null && Long.parseLong(expires.n()) < clock.instant().getEpochSecond()) {
                continue; // past its TTL: DynamoDB deletes it eventually, the execution has timed out already
            }
            if (ended(item) != null) {
                continue; // its execution is gone: nothing waits for this approval, and it has been removed
            }
            ObjectNode approval = approvals.addObject().put("id", item.get(DynamoDbArtifactRegistry.SK).s());
            for (String field : SHOWN) {
                AttributeValue value = item.get(field);
                if (value != null && value.s() != null) {
                    approval.put(field, value.s());
                }
            }
            AttributeValue digest = item.get("digest");
            if (digest != null && digest.s() != null) approval.put("digest", digest.s());
            AttributeValue files = item.get("files");
            if (files != null && files.hasL()) {
                ArrayNode listed = approval.putArray("files");
                for (AttributeValue f : files.l()) {
                    if (f.hasM()) listed.addObject().put("key", f.m().get("key").s()).put("sha256", f.m().get("sha256").s());
                }
            }
            if (expires != null && expires.n() != null) {
                approval.put("expiresAt", java.time.Instant.ofEpochSecond(Long.parseLong(expires.n())).toString());
            }
            AttributeValue token = item.get("taskToken");
            approval.put("token", TaskTokenMask.hint(token == null ? null : token.s()));
        }
        return answer;
    }

    /** Body {@code {id, approvedBy}}: resumes the waiting promotion. */
    ObjectNode approve(ObjectNode body) {
        String id = ConsoleJson.requiredText(body, "id", 2048, "the approval's id as GET /api/approvals lists it");
        String by = ConsoleJson.requiredText(body, "approvedBy", NAME_MAX, "the name of the person approving");
        Map<String, AttributeValue> item = item(id);
        ObjectNode output = ConsoleJson.object().put("approvedBy", by).put("approvedAt", clock.instant().toString());
        String token = token(item, id);
        ObjectNode request = ConsoleJson.object().put("taskToken", token).put("output", output.toString());
        answer("approve", id, token, sfn.call("SendTaskSuccess", request));
        return ConsoleJson.object().put("approved", id).put("execution", text(item, "execution"))
                .put("approvedBy", by);
    }

    /** Body {@code {id, rejectedBy, reason}}: fails the waiting promotion with error Rejected and the reason. */
    ObjectNode reject(ObjectNode body) {
        String id = ConsoleJson.requiredText(body, "id", 2048, "the approval's id as GET /api/approvals lists it");
        String by = ConsoleJson.requiredText(body, "rejectedBy", NAME_MAX, "the name of the person rejecting");
        String reason = ConsoleJson.requiredText(body, "reason", REASON_MAX, "why the promotion is rejected");
        Map<String, AttributeValue> item = item(id);
        String token = token(item, id);
        ObjectNode request = ConsoleJson.object().put("taskToken", token).put("error", REJECTED)
                .put("cause", reason + " (rejected by " + by + ")");
        answer("reject", id, token, sfn.call("SendTaskFailure", request));
        return ConsoleJson.object().put("rejected", id).put("execution", text(item, "execution"))
                .put("rejectedBy", by);
    }

    /**
     * How the item's execution ended (stopped, timed out, failed, or no longer known to Step Functions), after removing
     * the item; null while it runs, or when Step Functions cannot say.
     */
    private String ended(Map<String, AttributeValue> item) {
        String execution = text(item, "execution");
        if (execution == null || execution.isBlank()) {
            return null;
        }
        StepFunctionsGateway.Answer answer = sfn.call("DescribeExecution",
                ConsoleJson.object().put("executionArn", execution));
        String ended;
        if (answer.ok()) {
            String status = answer.body().path("status").asText("RUNNING");
            ended = "RUNNING".equals(status) || "PENDING_REDRIVE".equals(status) ? null : status;
        } else {
            ended = "ExecutionDoesNotExist".equals(answer.errorType()) ? "gone" : null;
        }
        if (ended != null) {
            dynamoDb.deleteItem(delete -> delete.tableName(table).key(Map.of(
                    DynamoDbArtifactRegistry.PK, item.get(DynamoDbArtifactRegistry.PK),
                    DynamoDbArtifactRegistry.SK, item.get(DynamoDbArtifactRegistry.SK))));
        }
        return ended;
    }

    private Map<String, AttributeValue> item(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Map.of(DynamoDbArtifactRegistry.PK, AttributeValue.fromS(DynamoDbApprovalRequests.PK_VALUE),
                        DynamoDbArtifactRegistry.SK, AttributeValue.fromS(id)))).item();
        if (item == null || item.isEmpty()) {
            throw ApiException.notFound("No promotion waits for approval under id '" + id
                    + "': it has been decided, has expired, or never existed");
        }
        String ended = ended(item);
        if (ended != null) {
            throw new ApiException(409, "ExecutionEnded", "The promotion under id '" + id + "' no longer waits: its"
                    + " execution " + text(item, "execution") + " is " + ended + "; its approval has been removed");
        }
        return item;
    }

    private static String token(Map<String, AttributeValue> item, String id) {
        String token = text(item, "taskToken");
        if (token == null || token.isBlank()) {
            throw new ApiException(409, "ApprovalUnusable", "The approval item '" + id + "' has no taskToken;"
                    + " expected the item RequestApproval writes");
        }
        return token;
    }

    // A token whose task has closed (decided elsewhere, timed out) is a conflict the page shows with the reason.
    private static void answer(String decision, String id, String token, StepFunctionsGateway.Answer answer) {
        if (!answer.ok()) {
            String message = answer.message().replace(token, TaskTokenMask.hint(token));
            int status = answer.status() >= 500 ? 502 : 409;
            throw new ApiException(status, answer.errorType().isEmpty() ? "StepFunctionsError" : answer.errorType(),
                    "Could not " + decision + " '" + id + "': Step Functions answered " + answer.errorType() + ": "
                            + message);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
