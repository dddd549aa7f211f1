package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code kill -9} of up (dev, staging and prod side by side) while a promotion runs, at points picked by what the
 * executions have done: in the middle of dev's steps (after a given number of history events), then while prod's own
 * promotion of the version waits for prod's approval. Each restart on the same folder finds each execution where it
 * was; the approval is answered with the task token handed out before the crash, and the promotion ends as it would
 * have without a crash: each environment published and recorded once. And a
 * replication killed while its Distributed Map (inside an inline Map) retries copies refused by S3: after the restart
 * the same Map Run goes on and every object is copied and counted once.
 */
@EndToEndTest
class ExecutionsSurviveSigkillTest {
    static final String ARTIFACT = "ARTIFACT#data-eng/churn/churn";
    static final String STAGING = "controlplane-artifacts-staging-222222222222-eu-west-1";
    static final String KEY = "data-eng/churn/churn/churn-1.4.0.py";

    @TempDir
    Path dir;

    @Test
    void aPromotionKilledMidwayAndWhileWaitingForApprovalEndsAsWithoutTheCrashes() throws Exception {
        Path data = dir.resolve("data");
        byte[] script = "print('churn 1.4.0')\n".getBytes(StandardCharsets.UTF_8);
        String promotion;
        int killedAt;
        String arrival;
        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            String secret = up.secret(UpEndToEndTest.SECRET_NAME);
            String push = UpEndToEndTest.push("refs/heads/main", UpEndToEndTest.COMMIT);
            HttpResponse<String> merged = webhook(up.httpApi, push, "sha256=" + UpEndToEndTest.hmac(secret, push));
            assertThat(merged.statusCode()).as(merged.body()).isEqualTo(202);
            assertThat(aws.await(Json.parse(merged.body()).get("executionArn").asText()).output()).contains("awaiting-build");

            String prefix = "data-eng/churn/" + UpEndToEndTest.COMMIT + "/";
            aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "churn.py"), RequestBody.fromBytes(script));
            aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "manifest.json"),
                    RequestBody.fromString(UpEndToEndTest.manifest(script)));
            promotion = aws.awaitExecution(UpEndToEndTest.PROMOTE, e -> e.contains(":upload-"));
            createResources(aws);
            // the first crash: in the middle of dev's steps (validated, published to dev, claiming, announcing)
            killedAt = awaitEvents(aws, promotion, 30);
            up.kill();
        }
        assertThat(killedAt).as("killed before dev's promotion announced the version").isLessThan(45);
        // a journal damaged beyond reading (not by a crash: by hand) is named, set aside, and the others go on
        Path damaged = data.resolve("dev/stepfunctions/executions/0123456789abcdef0123456789abcdef.journal");
        Files.write(damaged, new byte[] {0x7f, 0, 0, 0, 1, 2, 3, 4, '{', 'n', 'o', 'p', 'e'});

        String token;
        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws);
             UpEndToEndTest.Clients prod = new UpEndToEndTest.Clients(up.aws("prod"), "prod")) {
            assertThat(up.output()).contains("(1 resumed)")
                    .contains("note: execution journal " + damaged + " cannot be read: record 1 (byte 0) has an impossible length 2130706432;"
                            + " the execution it kept is not restored (the file is kept as " + damaged + ".unreadable)");
            checkResources(aws);
            assertThat(history(aws, promotion).size()).as("the history kept up to the crash").isGreaterThanOrEqualTo(30);
            DescribeExecutionResponse announced = aws.await(promotion);
            assertThat(announced.output()).as(announced.cause()).contains("\"outcome\":\"promoted\"", "\"announcedTo\":\"staging\"");
            // the second crash: while prod's promotion of the version waits for prod's approval, its token in prod's registry
            arrival = prod.awaitArrival("1.4.0", false);
            token = prod.awaitApprovalRequest(arrival);
            up.kill();
        }

        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws);
             UpEndToEndTest.Clients staging = new UpEndToEndTest.Clients(up.aws("staging"), "staging");
             UpEndToEndTest.Clients prod = new UpEndToEndTest.Clients(up.aws("prod"), "prod")) {
            assertThat(up.output()).contains("(1 resumed)").doesNotContain("not restored");
            assertThat(prod.sfn.describeExecution(d -> d.executionArn(arrival)).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(approvalTokens(prod, arrival)).as("the approval item still holds the token handed out before the crash")
                    .containsExactly(token);
            prod.sfn.sendTaskSuccess(s -> s.taskToken(token).output("{\"approvedBy\": \"after-the-crash\"}"));
            DescribeExecutionResponse done = prod.await(arrival);
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains("\"outcome\":\"promoted\"").contains("\"environments\":[\"prod\"]");

            List<HistoryEvent> events = history(prod, arrival);
            for (int i = 0; i < events.size(); i++) assertThat(events.get(i).id()).as("event ids follow on").isEqualTo(i + 1L);
            assertThat(events.stream().filter(e -> e.typeAsString().equals("TaskSubmitted")))
                    .as("prod's approval asked for once, answered after a crash").hasSize(1);
            assertThat(events.stream().filter(e -> e.typeAsString().equals("MapIterationSucceeded")))
                    .as("the version taken into prod once").hasSize(1);
            for (UpEndToEndTest.Clients where : List.of(aws, staging, prod)) {
                assertThat(promotions(where)).as("one promotion recorded in " + where.registry).hasSize(1);
            }
            assertThat(approvalTokens(prod, arrival)).as("the approval item cleared").isEmpty();
            assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(UpEndToEndTest.PROD).key(KEY)).asByteArray()).isEqualTo(script);
            assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(STAGING).key(KEY)).asByteArray()).isEqualTo(script);
            assertThat(aws.s3.listObjectsV2(l -> l.bucket(UpEndToEndTest.PROD).prefix("data-eng/churn/churn/")).contents())
                    .as("prod holds the script and its index, nothing twice").hasSize(2);
        }
    }

    @Test
    void aReplicationKilledWhileItsDistributedMapRetriesCopiesEverythingOnceAfterTheRestart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("staging")).resolve("data");
        Path template = UpProcess.ROOT.resolve("template.yaml");
        int objects = 40;
        String replication;
        try (UpProcess up = UpProcess.start(data, template, "--parameter", "Environment=staging");
             UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            for (int i = 0; i < objects; i++) {
                String key = ordersKey(i);
                String body = "{\"part\": " + i + "}";
                aws.s3.putObject(p -> p.bucket("acme-lake-prod-333333333333").key(key), RequestBody.fromString(body));
            }
            // every copy is refused until up dies: the Distributed Map's batches retry, none can finish
            Finished slowDown = FaultsOnDemandTest.run(data, "add", "aws", "s3:CopyObject", "SlowDown");
            assertThat(slowDown.code()).as(slowDown.err()).isZero();
            replication = aws.sfn.startExecution(s -> s.stateMachineArn(FaultsOnDemandTest.REPLICATE).input("{\"dataset\": \"sales-orders\"}"))
                    .executionArn();
            awaitRunningMapRun(aws, replication);
            up.kill();
        }

        try (UpProcess up = UpProcess.start(data, template, "--parameter", "Environment=staging");
             UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            assertThat(up.output()).contains("(1 resumed)");
            DescribeExecutionResponse done = aws.await(replication);
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            var report = Json.parse(done.output()).get("reports").get(0);
            assertThat(report.path("failed").asLong()).isZero();
            assertThat(report.path("copied").path("objects").asLong()).as("each object copied, and counted, once").isEqualTo(objects);
            for (int i = 0; i < objects; i++) {
                String key = ordersKey(i);
                assertThat(aws.s3.getObjectAsBytes(g -> g.bucket("acme-lake-staging-222222222222").key(key)).asUtf8String())
                        .isEqualTo("{\"part\": " + i + "}");
            }
            assertThat(history(aws, replication).stream().filter(e -> e.typeAsString().equals("MapRunStarted")))
                    .as("the Map Run that was under way goes on").hasSize(1);
        }
    }

    @Test
    void aLaunchKilledWhileItsRunIsRunningFollowsTheSameRunToItsEndAfterTheRestart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("dev")).resolve("data");
        String launch;
        long runId;
        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            FaultsOnDemandTest.publishTheExampleBuild(aws);
            // the run stays RUNNING for ten minutes, however slow the machine: up is killed while the workflow polls it
            Finished timings = FaultsOnDemandTest.run(data, "add", "databricks", "run-timings", "--running", "600");
            assertThat(timings.code()).as(timings.err()).isZero();
            launch = aws.sfn.startExecution(s -> s.stateMachineArn(FaultsOnDemandTest.LAUNCH).input("{\"team\": \"data-eng\","
                    + " \"project_name\": \"churn\", \"script_version\": \"1.4.0\", \"parameters\": {\"date\": \"2026-12-07\"},"
                    + " \"timeout_seconds\": 450, \"poll_seconds\": 1}")).executionArn();
            runId = awaitPolledRunning(aws, new FaultsOnDemandTest.Workspace(data, up), launch);
            up.kill();
        }

        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            assertThat(up.output()).contains("(1 resumed)").doesNotContain("note:");
            DescribeExecutionResponse done = aws.await(launch);
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains("\"runId\":" + runId, "\"resultState\":\"SUCCESS\"");
            List<JsonNode> runs = new FaultsOnDemandTest.Workspace(data, up).runs();
            assertThat(runs).as("the run submitted before the crash, and no other").singleElement()
                    .satisfies(run -> assertThat(run.path("run_id").asLong()).isEqualTo(runId))
                    .satisfies(run -> assertThat(run.path("state").path("result_state").asText()).isEqualTo("SUCCESS"));
            assertThat(history(aws, launch).stream().filter(e -> e.typeAsString().equals("ExecutionStarted"))).hasSize(1);
        }
    }

    /** Waits until the launch's run is RUNNING in the workspace and the execution has polled it once; its run id. */
    static long awaitPolledRunning(UpEndToEndTest.Clients aws, FaultsOnDemandTest.Workspace workspace, String launch)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<JsonNode> runs = List.of();
        List<String> events = List.of();
        while (System.nanoTime() < deadline) {
            runs = workspace.runs();
            events = history(aws, launch).stream().map(HistoryEvent::typeAsString).toList();
            boolean polled = events.stream().filter(e -> e.equals("WaitStateEntered")).count() >= 2;
            if (polled && runs.size() == 1 && runs.get(0).path("state").path("life_cycle_state").asText().equals("RUNNING")) {
                return runs.get(0).path("run_id").asLong();
            }
            if (events.contains("ExecutionSucceeded") || events.contains("ExecutionFailed")) break;
            Thread.sleep(50);
        }
        throw new AssertionError(launch + " did not poll a RUNNING run (within 120 s); runs " + runs + ", events " + events);
    }

    static String ordersKey(int i) {
        return "landing/sales/orders/2026/12/06/part-" + String.format("%05d", i) + ".json";
    }

    /** Waits until the execution's Distributed Map has children running. */
    static void awaitRunningMapRun(UpEndToEndTest.Clients aws, String execution) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var runs = aws.sfn.listMapRuns(l -> l.executionArn(execution)).mapRuns();
            if (!runs.isEmpty() && aws.sfn.describeMapRun(d -> d.mapRunArn(runs.get(0).mapRunArn())).itemCounts().running() > 0) return;
            Thread.sleep(20);
        }
        throw new AssertionError(execution + " started no Map Run within 60 s");
    }

    static final String SCRATCH = "arn:aws:states:eu-west-1:111111111111:stateMachine:scratch";

    /** A state machine created through the API, a version, an alias, an activity and tags: all kept at once. */
    static void createResources(UpEndToEndTest.Clients aws) {
        aws.sfn.createStateMachine(c -> c.name("scratch").roleArn("arn:aws:iam::111111111111:role/scratch")
                .definition("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}"));
        String version = aws.sfn.publishStateMachineVersion(p -> p.stateMachineArn(SCRATCH).description("first")).stateMachineVersionArn();
        aws.sfn.createStateMachineAlias(a -> a.name("live").routingConfiguration(r -> r.stateMachineVersionArn(version).weight(100)));
        aws.sfn.createActivity(a -> a.name("review"));
        aws.sfn.tagResource(t -> t.resourceArn(SCRATCH).tags(tag -> tag.key("team").value("data-eng")));
    }

    static void checkResources(UpEndToEndTest.Clients aws) {
        assertThat(aws.sfn.describeStateMachine(d -> d.stateMachineArn(SCRATCH)).roleArn()).isEqualTo("arn:aws:iam::111111111111:role/scratch");
        assertThat(aws.sfn.listStateMachineVersions(l -> l.stateMachineArn(SCRATCH)).stateMachineVersions())
                .extracting(v -> v.stateMachineVersionArn()).containsExactly(SCRATCH + ":1");
        assertThat(aws.sfn.describeStateMachineAlias(d -> d.stateMachineAliasArn(SCRATCH + ":live")).routingConfiguration())
                .extracting(r -> r.stateMachineVersionArn()).containsExactly(SCRATCH + ":1");
        assertThat(aws.sfn.listActivities(l -> l.maxResults(10)).activities()).extracting(a -> a.name()).containsExactly("review");
        assertThat(aws.sfn.listTagsForResource(t -> t.resourceArn(SCRATCH)).tags()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("team=data-eng");
        String run = aws.sfn.startExecution(s -> s.stateMachineArn(SCRATCH + ":live").input("{}")).executionArn();
        assertThat(aws.sfn.describeExecution(d -> d.executionArn(run)).stateMachineVersionArn()).isEqualTo(SCRATCH + ":1");
    }

    /** Waits until the execution's history has at least {@code count} events; returns how many it had then. */
    static int awaitEvents(UpEndToEndTest.Clients aws, String execution, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // one request a round, so that the execution moves on as little as possible between two looks
        while (System.nanoTime() < deadline) {
            List<HistoryEvent> events = history(aws, execution);
            if (events.size() >= count) return events.size();
            String last = events.isEmpty() ? "" : events.get(events.size() - 1).typeAsString();
            if (List.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut").contains(last)) {
                throw new AssertionError(execution + " ended (" + last + ") before event " + count);
            }
            Thread.sleep(5);
        }
        throw new AssertionError(execution + " did not reach " + count + " events within 60 s");
    }

    static List<HistoryEvent> history(UpEndToEndTest.Clients aws, String execution) {
        return aws.sfn.getExecutionHistoryPaginator(h -> h.executionArn(execution)).events().stream().toList();
    }

    static List<String> approvalTokens(UpEndToEndTest.Clients aws, String execution) {
        return aws.dynamo.query(q -> q.tableName(aws.registry).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("APPROVAL")))).items().stream()
                .filter(item -> item.get("sk").s().endsWith("#" + execution) && item.containsKey("taskToken"))
                .map(item -> item.get("taskToken").s()).toList();
    }

    /** The environment of each PROMOTION item of the artifact in the environment's registry. */
    static List<String> promotions(UpEndToEndTest.Clients aws) {
        return aws.dynamo.query(q -> q.tableName(aws.registry).keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ARTIFACT), ":p", AttributeValue.fromS("PROMOTION#"))))
                .items().stream().map(item -> item.get("environment").s()).toList();
    }

    static HttpResponse<String> webhook(URI api, String body, String signature) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(api.resolve("/github/webhook"))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "sigkill-1")
                    .header("User-Agent", "GitHub-Hookshot/e2e").header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
