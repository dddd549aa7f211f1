package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/** EXPRESS state machines: StartSyncExecution answers with the outcome; their executions are not kept. */
@IntegrationTest
class ExpressApiTest {
    private static final String ADD = """
            {"StartAt": "Add", "States": {"Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": true}}}""";
    private static final String FAIL = """
            {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Refused", "Cause": "not today"}}}""";

    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private String express(String name, String definition) {
        return api.sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(SfnEndpoint.ROLE).type(StateMachineType.EXPRESS))
                .stateMachineArn();
    }

    @Test
    void startSyncExecutionAnswersWithTheOutputOfAnExpressRun() {
        String sm = express("adder", ADD);
        assertThat(api.sfn.describeStateMachine(b -> b.stateMachineArn(sm)).type()).isEqualTo(StateMachineType.EXPRESS);
        StartSyncExecutionResponse r = api.sfn.startSyncExecution(b -> b.stateMachineArn(sm).name("one").input("{\"a\": 40, \"b\": 2}"));
        assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(r.output())).isEqualTo(Json.parse("{\"sum\": 42}"));
        assertThat(r.executionArn()).startsWith("arn:aws:states:us-east-1:123456789012:express:adder:one:");
        assertThat(r.stateMachineArn()).isEqualTo(sm);
        assertThat(r.name()).isEqualTo("one");
        assertThat(r.stopDate()).isAfterOrEqualTo(r.startDate());
        assertThat(r.billingDetails().billedDurationInMilliseconds()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aFailedExpressRunAnswersWithItsErrorAndCause() {
        StartSyncExecutionResponse r = api.sfn.startSyncExecution(b -> b.stateMachineArn(express("refuser", FAIL)));
        assertThat(r.status()).isEqualTo(SyncExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("Refused");
        assertThat(r.cause()).isEqualTo("not today");
        assertThat(r.output()).isNull();
    }

    @Test
    void startSyncExecutionOfAStandardMachineIsStateMachineTypeNotSupported() {
        String standard = api.create("adder", ADD);
        assertThatThrownBy(() -> api.sfn.startSyncExecution(b -> b.stateMachineArn(standard)))
                .isInstanceOf(StateMachineTypeNotSupportedException.class);
    }

    @Test
    void expressExecutionsAreNotKeptToBeListedOrDescribed() {
        String sm = express("adder", ADD);
        String arn = api.sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"a\": 1, \"b\": 2}")).executionArn();
        assertThat(arn).contains(":express:adder:");
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.stateMachineArn(sm))).isInstanceOf(StateMachineTypeNotSupportedException.class);
        assertThatThrownBy(() -> api.sfn.describeExecution(b -> b.executionArn(arn))).isInstanceOf(InvalidArnException.class);
    }

    @Test
    void anExpressMachineThatWaitsForATaskTokenIsAnInvalidDefinition() {
        assertThatThrownBy(() -> express("waiter", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}"""))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("/States/T/Resource");
    }

    @Test
    void versionsOfAnExpressMachineRunSynchronouslyToo() {
        String sm = express("adder", ADD);
        String v1 = api.sfn.publishStateMachineVersion(b -> b.stateMachineArn(sm)).stateMachineVersionArn();
        assertThat(Json.parse(api.sfn.startSyncExecution(b -> b.stateMachineArn(v1).input("{\"a\": 1, \"b\": 1}")).output()))
                .isEqualTo(Json.parse("{\"sum\": 2}"));
    }
}
