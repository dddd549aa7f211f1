package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@code controlplane up} as a separate process, driven only through its public endpoints, as GitHub, CI and an
 * operator would: a signed merge webhook, a build uploaded to the inbox with the AWS SDK, the promotion it starts
 * waiting for prod's approval across a restart, executions started with the AWS SDK and with the AWS CLI, bad input
 * at each endpoint refused with the error AWS or GitHub gives; then a restart finds objects, items and executions.
 */
@EndToEndTest
class UpEndToEndTest {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "111111111111";
    /** config/environments.json's accounts. */
    static final Map<String, String> ACCOUNTS = Map.of("dev", ACCOUNT, "staging", "222222222222", "prod", "333333333333");
    static final String INBOX = "controlplane-inbox-dev-111111111111-eu-west-1";
    static final String DEV = "controlplane-artifacts-dev-111111111111-eu-west-1";
    static final String PROD = "controlplane-artifacts-prod-333333333333-eu-west-1";
    static final String REGISTRY = "controlplane-registry-dev";
    static final String DELIVERIES = "controlplane-webhook-deliveries-dev";
    static final String PROMOTE = "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-promote-artifact-dev";
    static final String PLAN = "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-plan-promotion-dev";
    static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";
    static final String SECRET_NAME = "controlplane/dev/github-webhook-secret";

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theControlPlaneRunsFromItsPublicEndpointsAndFindsItsDataAfterARestart() throws Exception {
        Path data = dir.resolve("data");
        String promotion;
        String sdkRun;
        String cliRun;
        int deliveriesBefore;
        String arrival;
        try (UpProcess up = UpProcess.start(data); Clients aws = new Clients(up.aws); Clients prod = new Clients(up.aws("prod"), "prod")) {
            assertThat(up.environments()).as("up runs every environment of the config").containsExactly("dev", "staging", "prod");
            theConsoleAnswersWithTheTemplatesStateMachines(up);
            String secret = up.secret(SECRET_NAME);
            assertThat(Files.readString(up.secretsFile)).doesNotContain("null");
            assertThat(up.output()).as("the secret's value is never printed").doesNotContain(secret);

            // GitHub: the merge of COMMIT to main (the build is not there yet)
            String push = push("refs/heads/main", COMMIT);
            HttpResponse<String> merged = webhook(up.httpApi, "push", "delivery-1", push, "sha256=" + hmac(secret, push));
            assertThat(merged.statusCode()).as(merged.body()).isEqualTo(202);
            String mergeExecution = Json.parse(merged.body()).get("executionArn").asText();
            assertThat(aws.await(mergeExecution).output()).contains("\"outcome\":\"awaiting-build\"");

            // bad input at the webhook: unsigned and wrongly signed deliveries are refused and start nothing
            deliveriesBefore = aws.count(DELIVERIES);
            int executionsBefore = aws.executions(PROMOTE).size();
            assertThat(webhook(up.httpApi, "push", "delivery-2", push, null).statusCode()).isEqualTo(401);
            assertThat(webhook(up.httpApi, "push", "delivery-3", push, "sha256=" + hmac("not the secret", push)).statusCode()).isEqualTo(401);
            assertThat(aws.count(DELIVERIES)).isEqualTo(deliveriesBefore);
            assertThat(aws.executions(PROMOTE)).hasSize(executionsBefore);

            // CI: the build's files, then its manifest; the S3 notification starts promote-artifact
            byte[] script = "print('churn 1.4.0')\n".getBytes(StandardCharsets.UTF_8);
            String prefix = "data-eng/churn/" + COMMIT + "/";
            aws.s3.putObject(p -> p.bucket(INBOX).key(prefix + "churn.py"), RequestBody.fromBytes(script));
            aws.s3.putObject(p -> p.bucket(INBOX).key(prefix + "manifest.json"), RequestBody.fromString(manifest(script)));
            promotion = aws.awaitExecution(PROMOTE, e -> e.startsWith(PROMOTE.replace(":stateMachine:", ":execution:") + ":upload-"));
            // dev publishes and announces the version; staging pulls it in and announces it on; prod asks for an approval
            // in its own stack: prod's promote-artifact waits on its task token (recorded in prod's registry)
            assertThat(aws.await(promotion).output()).contains("\"outcome\":\"promoted\"", "\"announcedTo\":\"staging\"");
            arrival = prod.awaitArrival("1.4.0", false);
            prod.awaitApprovalRequest(arrival);
            assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(DEV).key("data-eng/churn/churn/churn-1.4.0.py")).asByteArray()).isEqualTo(script);

            // an operator: executions started with the AWS SDK and with the AWS CLI
            String planInput = Files.readString(UpProcess.ROOT.resolve("events/plan-promotion-default-branch.json"));
            sdkRun = aws.sfn.startExecution(s -> s.stateMachineArn(PLAN).name("sdk-run").input(planInput)).executionArn();
            assertThat(aws.await(sdkRun).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode started = Json.parse(awsCli(up.aws, "stepfunctions", "start-execution", "--state-machine-arn", PLAN, "--name", "cli-run",
                    "--input", "file://" + UpProcess.ROOT.resolve("events/plan-promotion-feature-branch.json")));
            cliRun = started.get("executionArn").asText();
            assertThat(aws.await(cliRun).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

            // bad input at the Step Functions API: malformed JSON, an unknown state machine; nothing started
            int planRuns = aws.executions(PLAN).size();
            HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(up.aws.resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AWSStepFunctions.StartExecution")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stateMachineArn\": ")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(Json.parse(malformed.body()).get("__type").asText()).isEqualTo("SerializationException");
            assertThatThrownBy(() -> aws.sfn.startExecution(s -> s.stateMachineArn(PLAN + "-missing").input("{}")))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
            assertThat(aws.executions(PLAN)).hasSize(planRuns);

            assertThat(up.stop()).isIn(0, 130, 143);
            assertThat(up.output()).contains("controlplane up: stopped").contains("stopped 1 running execution");
        }

        try (UpProcess up = UpProcess.start(data); Clients aws = new Clients(up.aws); Clients prod = new Clients(up.aws("prod"), "prod")) {
            // dev's four ended before the stop; prod's promotion was waiting for its approval
            assertThat(up.output()).contains("executions found again: 4\n", "executions found again: 1 (1 resumed)");
            // objects, items and executions as they were
            assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(DEV).key("data-eng/churn/churn/churn-1.4.0.py")).asUtf8String())
                    .isEqualTo("print('churn 1.4.0')\n");
            assertThat(aws.count(DELIVERIES)).isEqualTo(deliveriesBefore);
            assertThat(aws.sfn.describeExecution(d -> d.executionArn(sdkRun)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(aws.sfn.describeExecution(d -> d.executionArn(cliRun)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(aws.sfn.getExecutionHistory(h -> h.executionArn(cliRun)).events()).isNotEmpty();
            // prod's promotion stopped with the runtime resumed where it waited: approving it now brings the version in
            String token = prod.awaitApprovalRequest(arrival);
            prod.sfn.sendTaskSuccess(s -> s.taskToken(token).output("{\"approvedBy\": \"e2e\"}"));
            DescribeExecutionResponse done = prod.await(arrival);
            assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains("\"outcome\":\"promoted\"").contains("prod");
            assertThat(aws.s3.getObjectAsBytes(g -> g.bucket(PROD).key("data-eng/churn/churn/churn-1.4.0.py")).asUtf8String())
                    .isEqualTo("print('churn 1.4.0')\n");
        }
    }

    // ---------------------------------------------------------------- the console

    /** The console URL up prints serves the page and its API, reading the template's tables, buckets and state machines. */
    void theConsoleAnswersWithTheTemplatesStateMachines(UpProcess up) throws Exception {
        assertThat(up.console).as("endpoints.json names the console").isNotNull();
        assertThat(up.output()).contains("  Console          " + up.console);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(up.console).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Control plane console</title>");

        HttpResponse<String> config = http.send(HttpRequest.newBuilder(up.console.resolve("/api/config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        JsonNode c = Json.parse(config.body());
        assertThat(URI.create(c.get("stepFunctions").asText()).resolve("/")).as("the one AWS endpoint").isEqualTo(up.aws.resolve("/"));
        assertThat(c.get("registryTable").asText()).isEqualTo(REGISTRY);
        assertThat(c.get("runsTable").asText()).isEqualTo("controlplane-runs-dev");
        assertThat(c.get("replicationPlanBucket").asText()).isEqualTo("controlplane-replication-plans-dev-111111111111-eu-west-1");
        assertThat(c.get("environments").findValuesAsText("name")).containsExactly("dev", "staging", "prod");
        assertThat(c.get("environments").findValuesAsText("artifactBucket")).startsWith(DEV).endsWith(PROD);

        HttpResponse<String> machines = http.send(HttpRequest.newBuilder(up.console.resolve("/api/sfn/ListStateMachines"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(machines.statusCode()).as(machines.body()).isEqualTo(200);
        assertThat(Json.parse(machines.body()).get("stateMachines").findValuesAsText("stateMachineArn"))
                .contains(PROMOTE, PLAN, PROMOTE.replace("promote-artifact", "launch-cluster"), PROMOTE.replace("promote-artifact", "replicate-data"));
        HttpResponse<String> samples = http.send(HttpRequest.newBuilder(up.console.resolve("/api/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(samples.body()).as("the events/ folder beside the template").contains("launch-cluster-latest");
    }

    // ---------------------------------------------------------------- GitHub and CI

    HttpResponse<String> webhook(URI api, String event, String delivery, String body, String signature) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(api.resolve("/github/webhook"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .header("User-Agent", "GitHub-Hookshot/e2e").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) r.header("X-Hub-Signature-256", signature);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String push(String ref, String commit) {
        ObjectNode body = Json.object();
        body.put("ref", ref).put("before", "0".repeat(40)).put("after", commit).put("created", false).put("deleted", false);
        body.putObject("repository").put("name", "churn").put("full_name", "acme-data/churn").put("default_branch", "main");
        body.putObject("pusher").put("name", "jdoe");
        body.putObject("head_commit").put("id", commit).put("message", "Merge pull request #42");
        return Json.write(body);
    }

    static String manifest(byte[] script) throws Exception {
        ObjectNode m = Json.object();
        m.put("team", "data-eng").put("project", "churn").put("script", "churn").put("version", "1.4.0").put("branch", "main").put("commit", COMMIT);
        ArrayNode files = m.putArray("files");
        files.addObject().put("name", "churn.py").put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)))
                .put("size", script.length);
        return Json.write(m);
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The AWS CLI against the local endpoint; its standard output. */
    static String awsCli(URI endpoint, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(), "--region", REGION, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_PAGER", ""));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("aws " + String.join(" ", args) + ": " + err).isZero();
        return out;
    }

    /** SDK clients for one environment's AWS endpoint (dev's unless named), and that environment's names. */
    static final class Clients implements AutoCloseable {
        final S3Client s3;
        final SfnClient sfn;
        final DynamoDbClient dynamo;
        /** The environment's registry table and promote-artifact state machine. */
        final String registry;
        final String promote;

        Clients(URI endpoint) {
            this(endpoint, "dev");
        }

        Clients(URI endpoint, String environment) {
            registry = "controlplane-registry-" + environment;
            promote = "arn:aws:states:" + REGION + ":" + ACCOUNTS.get(environment) + ":stateMachine:controlplane-promote-artifact-" + environment;
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            s3 = S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).forcePathStyle(true).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            sfn = SfnClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        int count(String table) {
            return dynamo.scan(s -> s.tableName(table)).count();
        }

        List<String> executions(String machine) {
            return sfn.listExecutions(l -> l.stateMachineArn(machine)).executions().stream().map(e -> e.executionArn()).toList();
        }

        DescribeExecutionResponse await(String execution) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(execution));
                if (d.status() != ExecutionStatus.RUNNING) return d;
                Thread.sleep(100);
            }
            throw new AssertionError(execution + " still running after 90 s");
        }

        String awaitExecution(String machine, java.util.function.Predicate<String> which) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (String e : executions(machine)) if (which.test(e)) return e;
                Thread.sleep(100);
            }
            throw new AssertionError("no execution of " + machine + " started within 60 s: " + executions(machine));
        }

        /**
         * The execution of this environment's promote-artifact that the previous environment's announcement of a
         * version started ({@code released}: the announcement of its release).
         */
        String awaitArrival(String publishedVersion, boolean released) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (String e : executions(promote)) {
                    JsonNode input = Json.parse(sfn.describeExecution(d -> d.executionArn(e)).input());
                    if (input.path("detail-type").asText().equals("Version published")
                            && input.path("detail").path("publishedVersion").asText().equals(publishedVersion)
                            && input.path("detail").path("released").asBoolean() == released) return e;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no announcement of " + publishedVersion + " started " + promote + " within 60 s: " + executions(promote));
        }

        /** Waits for the registry's pending approval of {@code execution}; returns its task token. */
        String awaitApprovalRequest(String execution) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(execution));
                if (d.status() != ExecutionStatus.RUNNING) throw new AssertionError(execution + " ended " + d.status() + ": " + d.cause());
                // the history first: once the task is submitted, the registry holds that attempt's token
                List<String> last = sfn.getExecutionHistory(h -> h.executionArn(execution).reverseOrder(true).maxResults(1))
                        .events().stream().map(e -> e.typeAsString()).toList();
                if (last.contains("TaskSubmitted")) {
                    var items = dynamo.query(q -> q.tableName(registry).keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("APPROVAL")))).items();
                    for (var item : items) {
                        if (item.get("sk").s().endsWith("#" + execution) && item.containsKey("taskToken")) return item.get("taskToken").s();
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError(execution + " did not wait for an approval within 90 s");
        }

        @Override
        public void close() {
            s3.close();
            sfn.close();
            dynamo.close();
        }
    }
}
