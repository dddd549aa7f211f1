package dev.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.runtime.Execution;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.launch.RunRecord;
import dev.testsupport.IntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The console's JSON API against moto and the engine's Step Functions API server. */
@IntegrationTest
class ConsoleApiTest {

    private static ConsoleWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = new ConsoleWorld();
    }

    @AfterAll
    static void stop() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void executionStartedThroughTheConsoleIsDescribedWithItsHistory() throws Exception {
        ConsoleWorld.Reply machines = world.post("/api/sfn/ListStateMachines", "{}");
        assertThat(machines.status()).isEqualTo(200);
        assertThat(machines.body().findValuesAsText("name")).contains("hello", "approve-promotion");

        ConsoleWorld.Reply started = world.post("/api/sfn/StartExecution", ConsoleWorld.JSON.createObjectNode()
                .put("stateMachineArn", world.helloArn).put("input", "{\"who\":\"api test\",\"pauseSeconds\":0}").toString());
        assertThat(started.status()).isEqualTo(200);
        String execution = started.body().path("executionArn").asText();
        world.awaitEnd(execution);

        JsonNode described = world.post("/api/sfn/DescribeExecution", "{\"executionArn\":\"" + execution + "\"}").body();
        assertThat(described.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(ConsoleWorld.JSON.readTree(described.path("output").asText()).path("greetings").get(1)
                .path("greeting").asText()).isEqualTo("hello grace");
        JsonNode history = world.post("/api/sfn/GetExecutionHistory", "{\"executionArn\":\"" + execution
                + "\",\"maxResults\":1000}").body();
        assertThat(history.path("events").findValuesAsText("type"))
                .contains("MapStateEntered", "ParallelStateExited", "SucceedStateEntered", "ExecutionSucceeded");
    }

    @Test
    void stepFunctionsErrorsComeBackWithTheirReason() {
        ConsoleWorld.Reply invalidInput = world.post("/api/sfn/StartExecution", ConsoleWorld.JSON.createObjectNode()
                .put("stateMachineArn", world.helloArn).put("input", "{not json").toString());
        assertThat(invalidInput.status()).isEqualTo(400);
        assertThat(invalidInput.body().path("__type").asText()).contains("InvalidExecutionInput");
        assertThat(invalidInput.body().path("message").asText()).isNotBlank();

        ConsoleWorld.Reply unknown = world.post("/api/sfn/DescribeStateMachine",
                "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:nope\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("__type").asText()).contains("StateMachineDoesNotExist");
    }

    @Test
    void thePageCannotSendTaskTokensOrCallUnlistedActions() {
        ConsoleWorld.Reply refused = world.post("/api/sfn/SendTaskSuccess", "{\"taskToken\":\"x\",\"output\":\"{}\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").asText()).isEqualTo("BadRequest");
        assertThat(refused.body().path("message").asText()).contains("SendTaskSuccess", "/api/approvals");
        assertThat(world.post("/api/sfn/DeleteStateMachine", "{\"stateMachineArn\":\"" + world.helloArn + "\"}")
                .status()).isEqualTo(400);
        assertThat(world.engine.stateMachine(world.helloArn)).isNotNull();
    }

    @Test
    void approvingAWaitingPromotionResumesItWithoutTheTokenEverReachingThePage() throws Exception {
        Execution execution = world.engine.startExecution(world.approvalArn, "approve-" + System.nanoTime(),
                ConsoleWorld.JSON.readTree("{\"version\":\"1.4.0\"}"));
        String id = "prod#" + execution.arn();
        JsonNode approvals = world.await("/api/approvals", body -> body.path("approvals").findValuesAsText("id")
                .contains(id));
        JsonNode approval = find(approvals.path("approvals"), id);
        assertThat(approval.path("artifact").asText()).isEqualTo("data-eng/churn/churn");
        assertThat(approval.path("publishedVersion").asText()).isEqualTo("1.4.0");
        assertThat(approval.path("environment").asText()).isEqualTo("prod");
        assertThat(approval.path("execution").asText()).isEqualTo(execution.arn());
        assertThat(approval.path("digest").asText()).as("what is approved").startsWith("5d1c0a6b2e9f");
        assertThat(approval.path("files").path(0).path("key").asText()).isEqualTo("data-eng/churn/churn/churn-1.4.0.py");
        assertThat(approval.path("files").path(0).path("sha256").asText()).startsWith("9a1f3c5e7b2d");
        assertThat(approval.path("expiresAt").asText()).isNotEmpty();
        String token = ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id).get("taskToken").s();
        assertThat(approval.path("token").asText()).isNotEqualTo(token).contains("\u2026")
                .startsWith(token.substring(0, 4));
        assertThat(approvals.toString()).doesNotContain(token);
        String history = world.post("/api/sfn/GetExecutionHistory", "{\"executionArn\":\"" + execution.arn() + "\"}")
                .body().toString();
        assertThat(history).contains("TaskScheduled").contains("taskToken").doesNotContain(token);

        ConsoleWorld.Reply approved = world.post("/api/approvals/approve",
                ConsoleWorld.JSON.createObjectNode().put("id", id).put("approvedBy", "ops-lead").toString());
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().path("execution").asText()).isEqualTo(execution.arn());
        world.awaitEnd(execution.arn());
        assertThat(execution.status().name()).isEqualTo("SUCCEEDED");
        assertThat(execution.output().path("approval").path("approvedBy").asText()).isEqualTo("ops-lead");
        assertThat(ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id)).isEmpty();

        ConsoleWorld.Reply again = world.post("/api/approvals/approve",
                ConsoleWorld.JSON.createObjectNode().put("id", id).put("approvedBy", "ops-lead").toString());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("message").asText()).contains(id, "decided");
    }

    @Test
    void anApprovalWhoseExecutionWasStoppedIsRemovedNotShownAsPending() throws Exception {
        Execution execution = world.engine.startExecution(world.approvalArn, "stopped-" + System.nanoTime(),
                ConsoleWorld.JSON.readTree("{\"version\":\"1.6.0\"}"));
        String id = "prod#" + execution.arn();
        world.await("/api/approvals", body -> body.path("approvals").findValuesAsText("id").contains(id));
        world.engine.stopExecution(execution.arn(), "Stopped", "stopped by an operator");
        world.awaitEnd(execution.arn());
        assertThat(ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id)).as("no Catch ran").isNotEmpty();

        ConsoleWorld.Reply approve = world.post("/api/approvals/approve",
                ConsoleWorld.JSON.createObjectNode().put("id", id).put("approvedBy", "ops-lead").toString());
        assertThat(approve.status()).isEqualTo(409);
        assertThat(approve.body().path("message").asText()).isEqualTo("The promotion under id '" + id + "' no longer"
                + " waits: its execution " + execution.arn() + " is ABORTED; its approval has been removed");
        assertThat(world.get("/api/approvals").body().path("approvals").findValuesAsText("id")).doesNotContain(id);
        assertThat(ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id)).isEmpty();
    }

    @Test
    void anApprovalOfAnExecutionStepFunctionsNoLongerKnowsIsRemovedFromTheList() throws Exception {
        String lost = "arn:aws:states:us-east-1:123456789012:execution:approve-promotion:lost-" + System.nanoTime();
        new dev.controlplane.aws.DynamoDbApprovalRequests(world.dynamoDb, world.registryTable).record(
                new dev.controlplane.domain.registry.ApprovalRequest("token-of-a-lost-execution", lost, "prod",
                        "data-eng/churn/churn", "1.7.0", null, "d".repeat(64), java.util.List.of(
                                new dev.controlplane.domain.registry.ApprovalRequest.ApprovedFile("data-eng/churn/churn/churn-1.7.0.py", "a".repeat(64)))));

        assertThat(world.get("/api/approvals").body().path("approvals").findValuesAsText("execution")).doesNotContain(lost);
        assertThat(ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", "prod#" + lost)).isEmpty();
    }

    @Test
    void rejectingFailsThePromotionWithTheReasonAndARejectionWithoutReasonChangesNothing() throws Exception {
        Execution execution = world.engine.startExecution(world.approvalArn, "reject-" + System.nanoTime(),
                ConsoleWorld.JSON.readTree("{\"version\":\"1.5.0\"}"));
        String id = "prod#" + execution.arn();
        world.await("/api/approvals", body -> body.path("approvals").findValuesAsText("id").contains(id));

        ConsoleWorld.Reply noReason = world.post("/api/approvals/reject",
                ConsoleWorld.JSON.createObjectNode().put("id", id).put("rejectedBy", "ops-lead").toString());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().path("message").asText()).startsWith("reason is missing");
        assertThat(execution.status().name()).isEqualTo("RUNNING");
        assertThat(ArtifactsMoto.item(world.dynamoDb, world.registryTable, "APPROVAL", id)).isNotEmpty();

        ConsoleWorld.Reply rejected = world.post("/api/approvals/reject", ConsoleWorld.JSON.createObjectNode()
                .put("id", id).put("rejectedBy", "ops-lead").put("reason", "the smoke run failed").toString());
        assertThat(rejected.status()).isEqualTo(200);
        world.awaitEnd(execution.arn());
        assertThat(execution.status().name()).isEqualTo("FAILED");
        assertThat(execution.error()).isEqualTo("PromotionRejected");
        assertThat(execution.cause()).isEqualTo("the smoke run failed (rejected by ops-lead)");
    }

    @Test
    void artifactsAreListedPerEnvironmentWithTheFilesOfTheirBuckets() {
        ArtifactsMoto.registerVersion(world.dynamoDb, world.registryTable, "data-eng", "churn", "churn", "1.4.0",
                "0001.0004.0000.z", null, List.of("dev", "staging"));
        ArtifactsMoto.registerVersion(world.dynamoDb, world.registryTable, "data-eng", "churn", "churn", "1.5.0",
                "0001.0005.0000.z", "feature-x", List.of("dev"));
        ArtifactsMoto.setLatest(world.dynamoDb, world.registryTable, "data-eng/churn/churn", "staging", "1.4.0",
                "0001.0004.0000.z");
        ArtifactsMoto.put(world.s3, world.artifactBuckets.get("dev"), "data-eng/churn/churn/churn-1.4.0.py", "print(1)");
        ArtifactsMoto.put(world.s3, world.artifactBuckets.get("dev"),
                ArtifactIndexKeys.versionRecord("data-eng/churn/churn", "1.4.0"), "{}");

        JsonNode list = world.get("/api/artifacts").body();
        assertThat(list.path("environments").toString()).isEqualTo("[\"dev\",\"staging\",\"prod\"]");
        JsonNode churn = find(list.path("artifacts"), "data-eng/churn/churn", "artifact");
        assertThat(churn.path("latest").path("staging").asText()).isEqualTo("1.4.0");
        assertThat(churn.path("versions").findValuesAsText("publishedVersion"))
                .containsExactly("1.5.0-feature-x", "1.4.0");
        assertThat(churn.path("versions").get(1).path("environments").toString()).isEqualTo("[\"dev\",\"staging\"]");
        assertThat(churn.path("versions").get(0).path("branchSlug").asText()).isEqualTo("feature-x");

        JsonNode files = world.get("/api/artifacts/files?artifact=data-eng/churn/churn&environment=dev").body();
        assertThat(files.path("bucket").asText()).isEqualTo(world.artifactBuckets.get("dev"));
        assertThat(files.path("files").findValuesAsText("key")).containsExactly("data-eng/churn/churn/churn-1.4.0.py");
        assertThat(world.get("/api/artifacts/files?artifact=data-eng/churn/churn&environment=qa").body()
                .path("message").asText()).contains("'qa'", "[dev, staging, prod]");
        assertThat(world.get("/api/artifacts/files?artifact=../etc&environment=dev").status()).isEqualTo(400);
    }

    @Test
    void runsAreSummedByTeamAndMonth() {
        DynamoDbRunRecords records = new DynamoDbRunRecords(world.dynamoDb, world.runsTable);
        records.put(run("data-eng", 11, "2025-05-02T08:00:00Z", 1.5, 0.825));
        records.put(run("data-eng", 12, "2025-05-20T08:00:00Z", 2.0, 1.1));
        records.put(run("data-eng", 13, "2025-06-01T08:00:00Z", 1.0, 0.55));
        records.put(run("analytics", 14, "2025-05-03T08:00:00Z", 4.0, 2.2));

        JsonNode months = world.get("/api/runs/months").body();
        assertThat(months.path("configured").asBoolean()).isTrue();
        assertThat(months.path("months").toString()).isEqualTo("["
                + "{\"team\":\"data-eng\",\"month\":\"2025-06\",\"runs\":1,\"dbu\":1.0,\"usd\":0.55},"
                + "{\"team\":\"analytics\",\"month\":\"2025-05\",\"runs\":1,\"dbu\":4.0,\"usd\":2.2},"
                + "{\"team\":\"data-eng\",\"month\":\"2025-05\",\"runs\":2,\"dbu\":3.5,\"usd\":1.925}]");

        JsonNode may = world.get("/api/runs?team=data-eng&month=2025-05").body();
        assertThat(may.path("cost").path("usd").asDouble()).isEqualTo(1.925);
        assertThat(may.path("runs").findValuesAsText("runId")).containsExactly("11", "12");
        assertThat(may.path("runs").get(0).path("runPageUrl").asText()).isEqualTo("https://dbc.local/#job/1/run/11");

        ConsoleWorld.Reply badMonth = world.get("/api/runs?team=data-eng&month=May");
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.body().path("message").asText()).isEqualTo("month is 'May'; expected yyyy-MM, e.g. 2025-05");
    }

    @Test
    void replicationReportsAreReadFromThePlanBucket() {
        String key = "replication/lake-orders/run-7/report.json";
        world.s3.putObject(put -> put.bucket(world.planBucket).key(key), RequestBody.fromString(
                "{\"dataset\":\"lake-orders\",\"runId\":\"run-7\",\"inSync\":true,\"copied\":{\"objects\":3,\"bytes\":30}}"));
        world.s3.putObject(put -> put.bucket(world.planBucket).key("replication/lake-orders/run-7/manifest.json"),
                RequestBody.fromString("{}"));

        JsonNode reports = world.get("/api/replication/reports").body();
        assertThat(reports.path("reports")).hasSize(1);
        JsonNode report = reports.path("reports").get(0);
        assertThat(report.path("dataset").asText()).isEqualTo("lake-orders");
        assertThat(report.path("runId").asText()).isEqualTo("run-7");
        assertThat(report.path("report").path("copied").path("objects").asInt()).isEqualTo(3);
    }

    @Test
    void withoutRunsTableOrPlanBucketThePagesSayWhy() {
        try (ConsoleServer bare = ConsoleServer.start(world.options(null, null))) {
            ConsoleWorld.Reply runs = world.send(java.net.http.HttpRequest.newBuilder(
                    bare.url().resolve("/api/runs/months")).build());
            assertThat(runs.body().path("configured").asBoolean()).isFalse();
            assertThat(runs.body().path("reason").asText()).contains("no runs table");
            ConsoleWorld.Reply reports = world.send(java.net.http.HttpRequest.newBuilder(
                    bare.url().resolve("/api/replication/reports")).build());
            assertThat(reports.body().path("reason").asText()).contains("no replication plan bucket");
        }
    }

    @Test
    void sampleEventsAreServedFromTheEventsFolderOnly() {
        JsonNode list = world.get("/api/events").body();
        assertThat(list.path("events").findValuesAsText("name")).containsExactly("approval-input.json",
                "hello-input.json");
        assertThat(world.get("/api/events/hello-input.json").body().path("text").asText())
                .isEqualTo("{\n  \"who\": \"the console test\",\n  \"pauseSeconds\": 2\n}\n");
        assertThat(world.get("/api/events/..%2Fpom.xml").status()).isEqualTo(400);
        assertThat(world.get("/api/events/missing.json").status()).isEqualTo(404);
    }

    @Test
    void badRequestsGetA4xxWithAJsonReason() throws Exception {
        ConsoleWorld.Reply malformed = world.post("/api/approvals/approve", "{\"id\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("message").asText()).startsWith("The approval is not valid JSON");
        assertThat(world.post("/api/approvals/approve", "[1]").body().path("message").asText())
                .isEqualTo("The approval must be a JSON object, got array");
        assertThat(world.post("/api/approvals/approve", "{\"id\":\"x\"}").body().path("message").asText())
                .isEqualTo("approvedBy is missing; expected the name of the person approving");
        assertThat(world.get("/api/nothing-here").status()).isEqualTo(404);
        assertThat(world.get("/api/approvals/approve").status()).isEqualTo(405);
        ConsoleWorld.Reply form = world.send(java.net.http.HttpRequest.newBuilder(
                        world.console.url().resolve("/api/approvals/approve"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id=x&approvedBy=y")).build());
        assertThat(form.status()).isEqualTo(415);
        assertThat(rawStatus("GET /api/config HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 421");
    }

    private static String rawStatus(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", world.console.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().findFirst().orElse("");
        }
    }

    private static RunRecord run(String team, long runId, String start, double dbu, double usd) {
        Instant started = Instant.parse(start);
        return new RunRecord(team, "churn", "churn", "1.4.0", "dev", runId, "TERMINATED", "SUCCESS", "",
                "https://dbc.local/#job/1/run/" + runId, started, started.plusSeconds(600), "m5d.large", 1, 2, dbu,
                usd, "cc-" + team, "arn:aws:states:us-east-1:123456789012:execution:launch-cluster:" + runId);
    }

    private static JsonNode find(JsonNode list, String id) {
        return find(list, id, "id");
    }

    private static JsonNode find(JsonNode list, String value, String field) {
        for (JsonNode element : list) {
            if (value.equals(element.path(field).asText())) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " " + value + " in " + list);
    }
}
