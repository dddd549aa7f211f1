package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** TestState: one state run with an input, its status, next state and the data after each processing step. */
@IntegrationTest
class TestStateApiTest {
    private final SfnEndpoint api = new SfnEndpoint();

    @AfterEach
    void close() {
        api.close();
    }

    private TestStateResponse test(String definition, String input, InspectionLevel level) {
        return api.sfn.testState(b -> b.definition(definition).input(input).inspectionLevel(level).roleArn(SfnEndpoint.ROLE));
    }

    @Test
    void aPassStateShowsTheDataAfterEachStepAndItsNextState() {
        var r = test("""
                {"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id"}, "ResultPath": "$.picked", "Next": "Ship"}""",
                "{\"order\": {\"id\": 7, \"qty\": 2}}", InspectionLevel.DEBUG);
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("Ship");
        // ResultPath writes into the state's input, not into what InputPath selected
        assertThat(Json.parse(r.output())).isEqualTo(Json.parse("{\"order\": {\"id\": 7, \"qty\": 2}, \"picked\": {\"id\": 7}}"));
        var data = r.inspectionData();
        assertThat(Json.parse(data.input())).isEqualTo(Json.parse("{\"order\": {\"id\": 7, \"qty\": 2}}"));
        assertThat(Json.parse(data.afterInputPath())).isEqualTo(Json.parse("{\"id\": 7, \"qty\": 2}"));
        assertThat(Json.parse(data.afterParameters())).isEqualTo(Json.parse("{\"id\": 7}"));
        assertThat(data.afterResultPath()).isEqualTo(r.output());
    }

    @Test
    void infoLeavesTheInspectionDataOutAndATaskCallsItsFunction() {
        api.function("double", in -> Json.NODES.numberNode(in.get("n").asInt() * 2));
        var r = test("""
                {"Type": "Task", "Resource": "%s", "ResultSelector": {"value.$": "$"}, "End": true}""".formatted(SfnEndpoint.lambdaArn("double")),
                "{\"n\": 21}", InspectionLevel.INFO);
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(r.output())).isEqualTo(Json.parse("{\"value\": 42}"));
        assertThat(r.nextState()).isNull();
        assertThat(r.inspectionData()).isNull();
    }

    @Test
    void aMockedResultStandsInForTheTaskAndTheStepsAfterItAreShown() {
        var r = api.sfn.testState(b -> b.inspectionLevel(InspectionLevel.TRACE).input("{\"id\": 1}")
                .definition("""
                        {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"Key.$": "$.id"},
                         "ResultSelector": {"name.$": "$.Item.name"}, "ResultPath": "$.found", "Next": "Done"}""")
                .mock(m -> m.result("{\"Item\": {\"name\": \"ada\"}}")));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(r.output())).isEqualTo(Json.parse("{\"id\": 1, \"found\": {\"name\": \"ada\"}}"));
        assertThat(Json.parse(r.inspectionData().afterParameters())).isEqualTo(Json.parse("{\"Key\": 1}"));
        assertThat(Json.parse(r.inspectionData().result())).isEqualTo(Json.parse("{\"Item\": {\"name\": \"ada\"}}"));
        assertThat(Json.parse(r.inspectionData().afterResultSelector())).isEqualTo(Json.parse("{\"name\": \"ada\"}"));
    }

    @Test
    void aMockedErrorIsRetriableCaughtOrFailedAsTheStateSays() {
        String retried = """
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 3}],
                 "Catch": [{"ErrorEquals": ["Busy", "Broken"], "Next": "Recover", "ResultPath": "$.error"}], "End": true}""";
        var retriable = api.sfn.testState(b -> b.definition(retried).inspectionLevel(InspectionLevel.DEBUG)
                .mock(m -> m.errorOutput(e -> e.error("Busy").cause("try later"))));
        assertThat(retriable.status()).isEqualTo(TestExecutionStatus.RETRIABLE);
        assertThat(retriable.error()).isEqualTo("Busy");
        assertThat(retriable.inspectionData().errorDetails().retryIndex()).isZero();
        assertThat(retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(3);

        var caught = api.sfn.testState(b -> b.definition(retried).input("{\"a\": 1}")
                .mock(m -> m.errorOutput(e -> e.error("Broken").cause("gone"))));
        assertThat(caught.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(caught.nextState()).isEqualTo("Recover");
        assertThat(caught.error()).isEqualTo("Broken");
        assertThat(Json.parse(caught.output())).isEqualTo(Json.parse("{\"a\": 1, \"error\": {\"Error\": \"Broken\", \"Cause\": \"gone\"}}"));

        var failed = api.sfn.testState(b -> b.definition(retried).mock(m -> m.errorOutput(e -> e.error("Other").cause("no"))));
        assertThat(failed.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Other");
        assertThat(failed.output()).isNull();
    }

    @Test
    void aChoiceStateNamesTheStateItChose() {
        var r = test("""
                {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"}""",
                "{\"n\": 11}", InspectionLevel.INFO);
        assertThat(r.nextState()).isEqualTo("Big");
        assertThat(test("""
                {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"}""",
                "{\"n\": 1}", InspectionLevel.INFO).nextState()).isEqualTo("Small");
    }

    @Test
    void stateNamePicksAStateOfAWholeDefinitionAndJsonataSeesTheGivenVariables() {
        String machine = """
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Next": "B"},
                  "B": {"Type": "Pass", "Output": "{% $states.input.n + $bonus %}", "Assign": {"seen": true}, "End": true}}}""";
        var r = api.sfn.testState(b -> b.definition(machine).stateName("B").input("{\"n\": 2}").variables("{\"bonus\": 40}")
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.output()).isEqualTo("42");
        assertThat(Json.parse(r.inspectionData().variables())).isEqualTo(Json.parse("{\"bonus\": 40, \"seen\": true}"));
        assertThatThrownBy(() -> api.sfn.testState(b -> b.definition(machine).stateName("C"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void anInvalidStateIsInvalidDefinitionAndAWaitForATokenNeedsAMock() {
        assertThatThrownBy(() -> test("{\"Type\": \"Wait\", \"End\": true}", "{}", InspectionLevel.INFO))
                .isInstanceOf(InvalidDefinitionException.class);
        assertThatThrownBy(() -> test("{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"End\": true}",
                "{}", InspectionLevel.INFO)).isInstanceOf(ValidationException.class).hasMessageContaining("mock");
    }
}
