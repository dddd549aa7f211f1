package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.mock.MockConfig;
import dev.aslengine.mock.MockConfigTest;
import dev.aslengine.runtime.Engine;
import dev.testsupport.IntegrationTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** A test case chosen per execution as Step Functions Local does: StartExecution of {@code stateMachineArn#TestCase}. */
@IntegrationTest
class MockedIntegrationApiTest {
    private final SfnEndpoint endpoint;
    private final SfnClient sfn;

    MockedIntegrationApiTest() throws IOException {
        endpoint = new SfnEndpoint(Engine.builder().timeScale(0).mockConfig(MockConfigTest.example()));
        sfn = endpoint.sfn;
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void startSyncExecutionTakesATestCaseToo() {
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"quick": {"TestCases": {"Mocked": {"Call": "Answer"}}}},
                 "MockedResponses": {"Answer": {"0": {"Return": {"ok": true}}}}}""", "inline.json");
        try (SfnEndpoint express = new SfnEndpoint(Engine.builder().timeScale(0).mockConfig(config))) {
            String machine = express.sfn.createStateMachine(c -> c.name("quick").type("EXPRESS").roleArn(SfnEndpoint.ROLE).definition("""
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                    .formatted(SfnEndpoint.lambdaArn("nowhere")))).stateMachineArn();
            var mocked = express.sfn.startSyncExecution(s -> s.stateMachineArn(machine + "#Mocked"));
            assertThat(mocked.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(mocked.output()).isEqualTo("{\"ok\":true}");
            assertThat(express.sfn.startSyncExecution(s -> s.stateMachineArn(machine)).statusAsString()).isEqualTo("FAILED");
        }
    }

    private String awaitEnd(String execution) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            ExecutionStatus status = sfn.describeExecution(d -> d.executionArn(execution)).status();
            if (status != ExecutionStatus.RUNNING) return status.toString();
            Thread.sleep(100);
        }
        throw new AssertionError(execution + " still running");
    }

    @Test
    void startExecutionWithATestCaseAfterTheArnRunsItsMocks() throws Exception {
        String definition = MockConfigTest.exampleDefinition();
        String machine = sfn.createStateMachine(c -> c.name("LambdaSQSIntegration").roleArn(SfnEndpoint.ROLE)
                .definition(definition)).stateMachineArn();
        String retry = sfn.startExecution(s -> s.stateMachineArn(machine + "#RetryPath").input("{\"name\": \"Ada\"}")).executionArn();
        String plain = sfn.startExecution(s -> s.stateMachineArn(machine).input("{}")).executionArn();
        assertThat(retry).as("the test case is no part of the execution's ARN").startsWith(machine.replace(":stateMachine:", ":execution:") + ":");
        assertThat(awaitEnd(retry)).isEqualTo("SUCCEEDED");
        assertThat(awaitEnd(plain)).as("another execution of the same machine, without mocks").isEqualTo("FAILED");

        List<HistoryEvent> events = sfn.getExecutionHistory(h -> h.executionArn(retry)).events();
        assertThat(events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).map(e -> e.taskFailedEventDetails().error()))
                .containsExactly("Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        assertThat(events.stream().filter(e -> e.type() == HistoryEventType.TASK_SUCCEEDED)).hasSize(2);
        assertThat(sfn.describeExecution(d -> d.executionArn(retry)).output()).contains("00000000-1111-4222-8333-444444444444");

        assertThatThrownBy(() -> sfn.startExecution(s -> s.stateMachineArn(machine + "#NoSuchCase")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("no test case 'NoSuchCase'");
        assertThatThrownBy(() -> sfn.startExecution(s -> s.stateMachineArn(machine + "#"))).isInstanceOf(InvalidArnException.class);
    }
}
