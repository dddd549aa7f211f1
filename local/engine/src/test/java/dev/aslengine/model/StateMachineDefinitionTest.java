package dev.aslengine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {
    private static StateMachineDefinition parse(String definition) {
        return DefinitionParser.parse(definition);
    }

    private static StateMachineDefinition branch(StateMachineDefinition machine, String parallel) {
        return ((State.Parallel) machine.state(parallel)).branches().get(0);
    }

    @Test
    void passChoiceSucceedAndFailStatesWithoutALoopNeverWait() {
        assertThat(parse("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "Ok"}], "Default": "Bad"},
                  "Ok": {"Type": "Succeed"},
                  "Bad": {"Type": "Fail", "Error": "E"}}}""").neverWaits()).isTrue();
    }

    @Test
    void aTaskOrAWaitMakesAGraphWait() {
        assertThat(parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}""")
                .neverWaits()).isFalse();
        assertThat(parse("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 0, "End": true}}}""").neverWaits()).isFalse();
    }

    @Test
    void aLoopMakesAGraphWaitWhetherItGoesBackByNextChoiceOrCatch() {
        assertThat(parse("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "P"},
                  "End": {"Type": "Succeed"}}}""").neverWaits()).isFalse();
        assertThat(parse("""
                {"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Par"}],
                  "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}]}}}""").neverWaits()).isFalse();
    }

    @Test
    void aParallelOrInlineMapNeverWaitsWhenItsGraphsDoNotAndItHasNoRetry() {
        StateMachineDefinition nested = parse("""
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}]}}}""");
        assertThat(nested.neverWaits()).isTrue();
        assertThat(branch(nested, "Outer").neverWaits()).isTrue();
        assertThat(parse("""
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Parallel", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5}],
                  "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]}}}""").neverWaits()).isFalse();
        assertThat(parse("""
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}]}}}""").neverWaits()).isFalse();
        assertThat(parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}""").neverWaits()).isFalse();
    }
}
