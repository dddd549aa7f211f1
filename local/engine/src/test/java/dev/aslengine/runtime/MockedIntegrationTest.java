package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.mock.MockConfigTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executions started with a test case of a Step Functions Local mock configuration: the mocked Task states answer with
 * their mocked responses, write the history a real call writes, and go through Retry and Catch.
 */
class MockedIntegrationTest {
    private final Engine engine;
    private final String machine;

    MockedIntegrationTest() throws IOException {
        engine = Engine.builder().timeScale(0).mockConfig(MockConfigTest.example()).build();
        machine = engine.createStateMachine("LambdaSQSIntegration", MockConfigTest.exampleDefinition(), null).arn();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private Execution run(String testCase) {
        return Machines.awaitEnd(engine.startExecution(machine, null, Json.parse("{\"name\": \"Ada\"}"), testCase));
    }

    private static List<String> taskEvents(Execution e) {
        return e.history().events().stream().map(HistoryEvent::type).filter(t -> t.startsWith("Task") && !t.startsWith("TaskState")).toList();
    }

    @Test
    void happyPathAnswersBothTasksWithTheirMocksAndWritesTheEventsOfARealCall() {
        Execution e = run("HappyPath");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(Json.parse("""
                {"MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592", "MessageId": "00000000-1111-4222-8333-444444444444"}"""));
        assertThat(taskEvents(e)).containsExactly("TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskScheduled", "TaskStarted", "TaskSucceeded");
        HistoryEvent scheduled = Machines.events(e, "TaskScheduled").get(1);
        assertThat(scheduled.toAws().path("taskScheduledEventDetails").path("parameters").asText())
                .as("the parameters the real call would have had").contains("\"MessageBody\":\"Hi from the mocked function\"");
        assertThat(Machines.events(e, "TaskSucceeded").get(0).toAws().path("taskSucceededEventDetails").path("output").asText())
                .contains("\"Payload\"").contains("Hi from the mocked function");
    }

    @Test
    void retryPathRetriesTheMockedErrorsUntilTheFourthInvocationReturns() {
        Execution e = run("RetryPath");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> errors = Machines.events(e, "TaskFailed").stream()
                .map(ev -> ev.toAws().path("taskFailedEventDetails").path("error").asText()).toList();
        assertThat(errors).containsExactly("Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        assertThat(Machines.events(e, "TaskSucceeded")).hasSize(2);
    }

    @Test
    void aMockedErrorBeyondTheRetriesFailsTheExecution() {
        Execution e = run("NotReadyPath");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Lambda.ResourceNotReadyException");
        assertThat(e.cause()).isEqualTo("The mocked function is not ready yet.");
        assertThat(Machines.events(e, "TaskFailed")).as("the first attempt and its 3 retries").hasSize(4);
    }

    @Test
    void hybridPathMocksOnlyWhatItNamesAndCallsTheRestForReal() {
        Execution e = run("HybridPath");
        assertThat(Machines.events(e, "TaskSucceeded")).as("LambdaState, mocked").hasSize(1);
        // this engine has no SQS integration configured: the unmocked state really tried to call it
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.cause()).contains("No integration serves the resource \"arn:aws:states:::sqs:sendMessage\"");
    }

    @Test
    void withoutATestCaseNothingIsMocked() {
        Execution e = Machines.awaitEnd(engine.startExecution(machine, null, Json.object()));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.cause()).contains("No integration serves the resource \"arn:aws:states:::lambda:invoke\"");
    }

    @Test
    void aCatcherHandlesAMockedThrowAndATaskTokenTaskReturnsItsMockAtOnce() {
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"callback": {"TestCases": {"Rejected": {"Approve": "Refusal", "Notify": "Sent"}}}},
                 "MockedResponses": {
                   "Refusal": {"0": {"Return": {"approved": false}}},
                   "Sent": {"0": {"Throw": {"Error": "SNS.AuthorizationErrorException", "Cause": "not allowed"}}}}}""", "inline.json");
        try (Engine mocked = Engine.builder().timeScale(0).mockConfig(config).build()) {
            String arn = mocked.createStateMachine("callback", """
                    {"StartAt": "Approve", "States": {
                      "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "ResultPath": "$.approval",
                                  "Next": "Notify"},
                      "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message": "m"},
                                 "Catch": [{"ErrorEquals": ["SNS.AuthorizationErrorException"], "ResultPath": "$.failure", "Next": "Done"}],
                                 "End": true},
                      "Done": {"Type": "Succeed"}}}""", null).arn();
            Execution e = Machines.awaitEnd(mocked.startExecution(arn, null, Json.object(), "Rejected"));
            assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(e.output()).isEqualTo(Json.parse("""
                    {"approval": {"approved": false}, "failure": {"Error": "SNS.AuthorizationErrorException", "Cause": "not allowed"}}"""));
            assertThat(taskEvents(e)).containsExactly("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                    "TaskScheduled", "TaskStarted", "TaskFailed");
        }
    }

    @Test
    void anUnknownTestCaseOrOneMockingNoTaskIsRefusedAtStart() {
        assertThatThrownBy(() -> engine.startExecution(machine, null, Json.object(), "SadPath"))
                .isInstanceOfSatisfying(EngineException.class, ex -> {
                    assertThat(ex.errorCode()).isEqualTo("ValidationException");
                    assertThat(ex.getMessage()).contains("MockConfigFile.json has no test case 'SadPath' for the state machine 'LambdaSQSIntegration'");
                });
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"m": {"TestCases": {"T": {"Start": "R", "Typo": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Return": {}}}}}""", "inline.json");
        try (Engine mocked = Engine.builder().mockConfig(config).build()) {
            String arn = mocked.createStateMachine("m", "{\"StartAt\": \"Start\", \"States\": {\"Start\": {\"Type\": \"Pass\", \"End\": true}}}", null).arn();
            assertThatThrownBy(() -> mocked.startExecution(arn, null, Json.object(), "T")).hasMessageContaining(
                    "inline.json: StateMachines.m.TestCases.T.Start mocks 'Start', which is no Task state of 'm' (it is a Pass state)");
        }
        try (Engine plain = Engine.builder().build()) {
            String arn = plain.createStateMachine("p", "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\", \"End\": true}}}", null).arn();
            assertThatThrownBy(() -> plain.startExecution(arn, null, Json.object(), "T")).hasMessageContaining("no mock configuration is loaded");
        }
    }
}
