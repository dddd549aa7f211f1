package dev.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aslengine.api.StepFunctionsApiServer;
import dev.aslengine.integration.aws.AwsEndpoints;
import dev.aslengine.integration.aws.AwsServiceIntegration;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.runtime.Engine;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.handlers.RequestApprovalHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the console runs against in its tests: moto (the registry and runs tables, the artifact and plan buckets),
 * the engine with the real RequestApproval handler in-process and its Step Functions API server, a small events
 * folder, and the console itself. The state machines are small: {@link #HELLO} exercises every kind of box of the
 * graph, {@link #APPROVAL} waits for a person like promote-artifact's RequestApproval does.
 */
final class ConsoleWorld implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROLE = "arn:aws:iam::123456789012:role/StatesExecutionRole";

    /** Pass, Choice, Wait, Map and Parallel (nested groups), Succeed and Fail: the graph's shapes. */
    static final String HELLO = """
            {"Comment": "Greets the names it gets, in a Map, and in two branches",
             "StartAt": "Prepare",
             "States": {
               "Prepare": {"Type": "Pass", "Result": ["ada", "grace"], "ResultPath": "$.names", "Next": "HasNames"},
               "HasNames": {"Type": "Choice",
                 "Choices": [{"Variable": "$.names[0]", "IsPresent": true, "Next": "Pause"}],
                 "Default": "NoNames"},
               "NoNames": {"Type": "Fail", "Error": "NoNames", "Cause": "nobody to greet"},
               "Pause": {"Type": "Wait", "SecondsPath": "$.pauseSeconds", "Next": "GreetEach"},
               "GreetEach": {"Type": "Map", "ItemsPath": "$.names", "ResultPath": "$.greetings",
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Greet",
                   "States": {"Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $)"}, "End": true}}},
                 "Next": "Both"},
               "Both": {"Type": "Parallel", "ResultPath": "$.both",
                 "Branches": [
                   {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "Result": "left", "End": true}}},
                   {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "Result": "right", "End": true}}}],
                 "Next": "Done"},
               "Done": {"Type": "Succeed"}
             }}
            """;

    /** promote-artifact's approval step in small: RequestApproval records the token, a person decides. */
    static final String APPROVAL = """
            {"StartAt": "RequestApproval",
             "States": {
               "RequestApproval": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:RequestApproval",
                   "Payload": {"taskToken.$": "$$.Task.Token", "execution.$": "$$.Execution.Id",
                     "environment": "prod", "artifact": "data-eng/churn/churn", "publishedVersion.$": "$.version",
                     "commit": "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3",
                     "digest": "5d1c0a6b2e9f48d7c3a1b0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9",
                     "files": [{"key": "data-eng/churn/churn/churn-1.4.0.py",
                                "sha256": "9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a"}]}},
                 "ResultPath": "$.approval",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.refusal", "Next": "ClearRefusedApproval"}],
                 "Next": "ClearApproval"},
               "ClearApproval": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
                 "Parameters": {"TableName": "%1$s",
                   "Key": {"pk": {"S": "APPROVAL"}, "sk": {"S.$": "States.Format('prod#{}', $$.Execution.Id)"}}},
                 "ResultPath": null, "Next": "Promoted"},
               "Promoted": {"Type": "Succeed"},
               "ClearRefusedApproval": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
                 "Parameters": {"TableName": "%1$s",
                   "Key": {"pk": {"S": "APPROVAL"}, "sk": {"S.$": "States.Format('prod#{}', $$.Execution.Id)"}}},
                 "ResultPath": null, "Next": "NotApproved"},
               "NotApproved": {"Type": "Fail", "Error": "PromotionRejected", "CausePath": "$.refusal.Cause"}
             }}
            """;

    final MotoEndpoint aws;
    final DynamoDbClient dynamoDb;
    final S3Client s3;
    final String registryTable = "controlplane-registry-" + suffix();
    final String runsTable = "controlplane-runs-" + suffix();
    final Map<String, String> artifactBuckets = new LinkedHashMap<>();
    final String planBucket = "controlplane-replication-" + suffix();
    final Path events;
    final Engine engine;
    final StepFunctionsApiServer sfnServer;
    final String helloArn;
    final String approvalArn;
    final ConsoleServer console;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleWorld() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
        s3 = ArtifactsMoto.s3(aws);
        ArtifactsMoto.createRegistryTable(dynamoDb, registryTable);
        ArtifactsMoto.createRegistryTable(dynamoDb, runsTable); // the same keys: pk (S), sk (S)
        for (String environment : new String[] {"dev", "staging", "prod"}) {
            String bucket = "controlplane-artifacts-" + environment + "-" + suffix();
            s3.createBucket(create -> create.bucket(bucket));
            artifactBuckets.put(environment, bucket);
        }
        s3.createBucket(create -> create.bucket(planBucket));
        events = Files.createTempDirectory("console-events");
        Files.writeString(events.resolve("hello-input.json"), "{\n  \"who\": \"the console test\",\n  \"pauseSeconds\": 2\n}\n");
        Files.writeString(events.resolve("approval-input.json"), "{\"version\": \"1.4.0\"}\n");

        LambdaFunctions functions = new LambdaFunctions("us-east-1", "123456789012",
                new PrintStream(new ByteArrayOutputStream(), true));
        functions.register("RequestApproval", new RequestApprovalHandler(ArtifactsMoto.environment(aws, registryTable)));
        engine = Engine.builder().timeScale(1.0).integration(functions)
                .integration(new AwsServiceIntegration(AwsEndpoints.local(aws.endpoint()))).build();
        sfnServer = StepFunctionsApiServer.start(engine);
        helloArn = engine.createStateMachine("hello", HELLO, ROLE).arn();
        approvalArn = engine.createStateMachine("approve-promotion", APPROVAL.formatted(registryTable), ROLE).arn();
        console = ConsoleServer.start(options(runsTable, planBucket));
    }

    ConsoleOptions options(String runs, String plans) {
        return new ConsoleOptions(0, sfnServer.url(), s3, dynamoDb, registryTable, runs, artifactBuckets, plans,
                null, events);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** An answer of the console: its status and JSON body. */
    record Reply(int status, JsonNode body) {
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(console.url().resolve(path)).GET().build());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(console.url().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the console until the answer satisfies the condition; fails after 20 seconds. */
    JsonNode await(String path, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply reply = get(path);
            last = reply.body();
            if (reply.status() == 200 && condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("GET " + path + " did not reach the expected answer within 20 s; last: " + last);
    }

    /** Waits for the execution to end in the engine. */
    void awaitEnd(String executionArn) throws InterruptedException {
        assertThat(engine.execution(executionArn).await(30, TimeUnit.SECONDS)).as("execution ended").isTrue();
    }

    @Override
    public void close() throws Exception {
        if (console != null) {
            console.close();
        }
        if (sfnServer != null) {
            sfnServer.close();
        }
        if (engine != null) {
            engine.close();
        }
        s3.close();
        dynamoDb.close();
        aws.close();
    }
}
