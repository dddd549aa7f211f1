package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@IntegrationTest
class TaskTokenApiTest {
    private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    private final SfnEndpoint api = new SfnEndpoint().function("ask", p -> {
        tokens.add(p.get("token").asText());
        return Json.object();
    });
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = api.create("approval", """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}}, "HeartbeatSeconds": 3600, "End": true}}}
            """);
    }

    @AfterEach
    void close() {
        api.close();
    }

    private String start() {
        return api.sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    }

    private String nextToken() throws InterruptedException {
        String t = tokens.poll(30, TimeUnit.SECONDS);
        assertThat(t).as("the task handed out its token").isNotNull();
        return t;
    }

    @Test
    void sendTaskSuccessCompletesTheWaitingTaskWithTheOutput() throws InterruptedException {
        String arn = start();
        String token = nextToken();
        api.sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\": true}"));
        api.awaitEnd(arn);
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(d.output())).isEqualTo(Json.parse("{\"approved\": true}"));
    }

    @Test
    void sendTaskFailureFailsTheExecutionWithTheErrorAndCause() throws InterruptedException {
        String arn = start();
        String token = nextToken();
        api.sfn.sendTaskFailure(b -> b.taskToken(token).error("Approval.Denied").cause("the manager said no"));
        api.awaitEnd(arn);
        DescribeExecutionResponse d = api.sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Approval.Denied");
        assertThat(d.cause()).isEqualTo("the manager said no");
    }

    @Test
    void aTokenWhoseTaskHasClosedIsTaskTimedOutForSuccessFailureAndHeartbeat() throws InterruptedException {
        String arn = start();
        String token = nextToken();
        api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("1"));
        api.awaitEnd(arn);
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("2")))
                .isInstanceOf(TaskTimedOutException.class)
                .hasMessageContaining("Provided task does not exist anymore");
        assertThatThrownBy(() -> api.sfn.sendTaskFailure(b -> b.taskToken(token))).isInstanceOf(TaskTimedOutException.class);
        assertThatThrownBy(() -> api.sfn.sendTaskHeartbeat(b -> b.taskToken(token))).isInstanceOf(TaskTimedOutException.class);
        assertThat(Json.parse(api.sfn.describeExecution(b -> b.executionArn(arn)).output())).isEqualTo(Json.parse("1"));
    }

    @Test
    void aWellFormedTokenThisEngineNeverHandedOutIsTaskDoesNotExist() {
        String foreign = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(foreign).output("{}"))).isInstanceOf(TaskDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.sendTaskHeartbeat(b -> b.taskToken(foreign))).isInstanceOf(TaskDoesNotExistException.class);
    }

    @Test
    void textThatIsNoTaskTokenIsInvalidToken() {
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken("not a token").output("{}"))).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> api.sfn.sendTaskFailure(b -> b.taskToken("AAAA"))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void outputThatIsNotJsonIsInvalidOutputAndLeavesTheTaskWaiting() throws InterruptedException {
        String arn = start();
        String token = nextToken();
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{oops")))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessageContaining("'output'");
        assertThat(api.sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
        api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
        api.awaitEnd(arn);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aMissingTaskTokenIsAValidationError() {
        assertThatThrownBy(() -> api.sfn.sendTaskHeartbeat(b -> {}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'taskToken'");
    }
}
