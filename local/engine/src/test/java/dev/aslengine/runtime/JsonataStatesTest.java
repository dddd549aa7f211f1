package dev.aslengine.runtime;

import static dev.aslengine.runtime.Run.json;
import static dev.aslengine.runtime.Run.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import org.junit.jupiter.api.Test;

/** JSONata states: QueryLanguage, Arguments, Output, Assign, $states, Choice Condition, Map Items and ItemSelector. */
class JsonataStatesTest {

    private static String machine(String states, String startAt) {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "%s", "States": {%s}}""".formatted(startAt, states);
    }

    @Test
    void topLevelQueryLanguageMakesEveryStateJsonata() {
        JsonNode out = output(machine("""
                "A": {"Type": "Pass", "Output": {"sum": "{% $states.input.a + $states.input.b %}", "literal": "$.a"}, "Next": "B"},
                "B": {"Type": "Pass", "Output": "{% $states.input.sum * 2 %}", "End": true}""", "A"), "{\"a\": 1, \"b\": 2}");
        assertThat(out).isEqualTo(json("6"));
    }

    @Test
    void aStateCanOptIntoJsonataInAJsonPathMachine() {
        JsonNode out = output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "Next": "B"},
                  "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"doubled": "{% $states.input.n * 2 %}"}, "Next": "C"},
                  "C": {"Type": "Pass", "Parameters": {"d.$": "$.doubled"}, "End": true}}}""", "{\"n\": 21}");
        assertThat(out).isEqualTo(json("{\"d\": 42}"));
    }

    @Test
    void expressionsInAJsonPathStateAreLeftAsText() {
        assertThat(output("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": "{% 1 + 1 %}"}, "End": true}}}""", "{}"))
                .isEqualTo(json("{\"x\": \"{% 1 + 1 %}\"}"));
    }

    @Test
    void passWithoutOutputPassesItsInput() {
        assertThat(output(machine("\"A\": {\"Type\": \"Pass\", \"End\": true}", "A"), "{\"k\": 1}")).isEqualTo(json("{\"k\": 1}"));
    }

    @Test
    void argumentsAreWhatTheTaskReceivesAndItsResultIsTheDefaultOutput() {
        DataFlowTest.FixedResult integration = new DataFlowTest.FixedResult("{\"Payload\": {\"ok\": true}}");
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Arguments": {"FunctionName": "f", "Payload": {"id": "{% $states.input.id %}", "upper": "{% $uppercase($states.input.id) %}"}},
                      "End": true}""", "T"), "{\"id\": \"abc\"}", integration);
        assertThat(integration.parameters.get()).isEqualTo(json("{\"FunctionName\": \"f\", \"Payload\": {\"id\": \"abc\", \"upper\": \"ABC\"}}"));
        assertThat(e.output()).isEqualTo(json("{\"Payload\": {\"ok\": true}}"));
    }

    @Test
    void outputCombinesInputAndResult() {
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Output": {"id": "{% $states.input.id %}", "ok": "{% $states.result.Payload.ok %}"}, "End": true}""", "T"),
                "{\"id\": 7}", new DataFlowTest.FixedResult("{\"Payload\": {\"ok\": true}}"));
        assertThat(e.output()).isEqualTo(json("{\"id\": 7, \"ok\": true}"));
    }

    @Test
    void contextIsAvailableAsStatesContext() {
        JsonNode out = output(machine("""
                "First": {"Type": "Pass", "Output": {"state": "{% $states.context.State.Name %}", "exec": "{% $states.context.Execution.Name %}",
                          "input": "{% $states.context.Execution.Input %}"}, "End": true}""", "First"), "{\"q\": 1}");
        assertThat(out).isEqualTo(json("{\"state\": \"First\", \"exec\": \"run-1\", \"input\": {\"q\": 1}}"));
    }

    @Test
    void assignedVariablesAreVisibleInLaterStates() {
        JsonNode out = output(machine("""
                "A": {"Type": "Pass", "Assign": {"total": "{% $states.input.price * $states.input.qty %}", "currency": "EUR"}, "Next": "B"},
                "B": {"Type": "Pass", "Output": "{% $string($total) & ' ' & $currency %}", "End": true}""", "A"),
                "{\"price\": 5, \"qty\": 3}");
        assertThat(out).isEqualTo(json("\"15 EUR\""));
    }

    @Test
    void assignExpressionsAllSeeTheValuesFromBeforeTheState() {
        JsonNode out = output(machine("""
                "A": {"Type": "Pass", "Assign": {"x": 1, "y": 10}, "Next": "B"},
                "B": {"Type": "Pass", "Assign": {"x": 2, "y": "{% $x %}"}, "Next": "C"},
                "C": {"Type": "Pass", "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "End": true}""", "A"), "{}");
        assertThat(out).isEqualTo(json("{\"x\": 2, \"y\": 1}"));
    }

    @Test
    void outputOfTheAssigningStateStillSeesTheOldValue() {
        // AWS evaluates Assign and Output together: the new value is visible only from the next state on
        JsonNode out = output(machine("""
                "A": {"Type": "Pass", "Assign": {"x": "old"}, "Next": "B"},
                "B": {"Type": "Pass", "Assign": {"x": "new"}, "Output": "{% $x %}", "End": true}""", "A"), "{}");
        assertThat(out).isEqualTo(json("\"old\""));
    }

    @Test
    void assignInATaskCanReadTheResult() {
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"code": "{% $states.result.StatusCode %}"},
                      "Output": "{% $states.input %}", "Next": "U"},
                "U": {"Type": "Pass", "Output": "{% $code %}", "End": true}""", "T"), "{}", new DataFlowTest.FixedResult("{\"StatusCode\": 200}"));
        assertThat(e.output()).isEqualTo(json("200"));
    }

    @Test
    void catchOutputReadsTheErrorOutput() {
        TaskIntegration fails = new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) {
                throw new StatesError("Boom", "it broke");
            }
        };
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                      "Catch": [{"ErrorEquals": ["Boom"], "Next": "H",
                                 "Output": {"in": "{% $states.input.k %}", "error": "{% $states.errorOutput.Error %}"},
                                 "Assign": {"cause": "{% $states.errorOutput.Cause %}"}}]},
                "H": {"Type": "Pass", "Output": {"caught": "{% $states.input %}", "cause": "{% $cause %}"}, "End": true}""", "T"),
                "{\"k\": 1}", fails);
        assertThat(e.output()).isEqualTo(json("{\"caught\": {\"in\": 1, \"error\": \"Boom\"}, \"cause\": \"it broke\"}"));
    }

    @Test
    void catchWithoutOutputPassesTheErrorOutput() {
        TaskIntegration fails = new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) {
                throw new StatesError("Boom", "it broke");
            }
        };
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]},
                "H": {"Type": "Succeed"}""", "T"), "{\"k\": 1}", fails);
        assertThat(e.output()).isEqualTo(json("{\"Error\": \"Boom\", \"Cause\": \"it broke\"}"));
    }

    @Test
    void choiceConditionRoutesToTheFirstTrueRule() {
        String def = machine("""
                "C": {"Type": "Choice", "Choices": [
                        {"Condition": "{% $states.input.n > 10 %}", "Next": "Big"},
                        {"Condition": "{% $states.input.n > 0 %}", "Next": "Small", "Output": {"small": "{% $states.input.n %}"}}],
                      "Default": "Other"},
                "Big": {"Type": "Pass", "Output": "big", "End": true},
                "Small": {"Type": "Pass", "End": true},
                "Other": {"Type": "Pass", "Output": "other", "End": true}""", "C");
        assertThat(output(def, "{\"n\": 50}")).isEqualTo(json("\"big\""));
        assertThat(output(def, "{\"n\": 5}")).isEqualTo(json("{\"small\": 5}"));
        assertThat(output(def, "{\"n\": -1}")).isEqualTo(json("\"other\""));
    }

    @Test
    void deferredExpressionsAreCompiledWhenReachedAndASyntaxErrorThenFailsTheStateThatReachesIt() {
        String definition = machine("""
                "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.broken %}", "Next": "Bad"}],
                      "Default": "Good"},
                "Good": {"Type": "Pass", "Output": {"sum": "{% $states.input.a + 1 %}"}, "End": true},
                "Bad": {"Type": "Pass", "Output": "{% $states.input.a + %}", "End": true}""", "C");
        // Compiled at creation (the default), the broken expression refuses the definition.
        try (Engine engine = Engine.builder().timeScale(0).build()) {
            assertThatThrownBy(() -> engine.createStateMachine("Eager", definition, null))
                    .isInstanceOf(EngineException.class).hasMessageContaining("/States/Bad/Output")
                    .hasMessageContaining("invalid JSONata expression '$states.input.a +'");
        }
        Engine.Builder deferred = Engine.builder().timeScale(0).deferExpressionCompilation(true);

        Execution good = Run.definition(definition, "{\"a\": 1, \"broken\": false}", deferred);
        Execution bad = Run.definition(definition, "{\"a\": 1, \"broken\": true}", deferred);

        assertThat(good.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(good.output()).isEqualTo(json("{\"sum\": 2}"));
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
        assertThat(bad.cause()).contains("$states.input.a +").contains("invalid JSONata expression");
        // Delimiters are still checked at creation.
        try (Engine engine = deferred.build()) {
            assertThatThrownBy(() -> engine.createStateMachine("Empty", machine(
                    "\"A\": {\"Type\": \"Pass\", \"Output\": \"{%  %}\", \"End\": true}", "A"), null))
                    .isInstanceOf(EngineException.class).hasMessageContaining("is empty");
        }
    }

    @Test
    void choiceConditionThatIsNotABooleanFails() {
        Execution e = Run.definition(machine("""
                "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "X"}], "Default": "X"},
                "X": {"Type": "Succeed"}""", "C"), "{\"n\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
    }

    @Test
    void choiceWithNoMatchAndNoDefaultFailsWithNoChoiceMatched() {
        Execution e = Run.definition(machine("""
                "C": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "X"}]},
                "X": {"Type": "Succeed"}""", "C"), "{}");
        assertThat(e.error()).isEqualTo(StatesError.NO_CHOICE_MATCHED);
    }

    @Test
    void mapItemsExpressionChoosesTheItems() {
        JsonNode out = output(machine("""
                "M": {"Type": "Map", "Items": "{% $states.input.orders[amount > 5] %}", "End": true,
                      "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Output": "{% $states.input.id %}", "End": true}}}}""", "M"),
                "{\"orders\": [{\"id\": \"a\", \"amount\": 10}, {\"id\": \"b\", \"amount\": 1}, {\"id\": \"c\", \"amount\": 7}]}");
        assertThat(out).isEqualTo(json("[\"a\", \"c\"]"));
    }

    @Test
    void mapItemSelectorSeesTheItemInTheContext() {
        JsonNode out = output(machine("""
                "M": {"Type": "Map", "Items": "{% $states.input.xs %}", "End": true,
                      "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}", "tag": "{% $states.input.tag %}"},
                      "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}""", "M"),
                "{\"xs\": [\"p\", \"q\"], \"tag\": \"T\"}");
        assertThat(out).isEqualTo(json("[{\"i\": 0, \"v\": \"p\", \"tag\": \"T\"}, {\"i\": 1, \"v\": \"q\", \"tag\": \"T\"}]"));
    }

    @Test
    void mapItemsThatIsNotAnArrayFails() {
        Execution e = Run.definition(machine("""
                "M": {"Type": "Map", "Items": "{% $states.input.x %}", "End": true,
                      "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}""", "M"), "{\"x\": {\"not\": \"array\"}}");
        assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
    }

    @Test
    void undefinedOutputFailsWithQueryEvaluationError() {
        Execution e = Run.definition(machine("\"A\": {\"Type\": \"Pass\", \"Output\": \"{% $states.input.missing %}\", \"End\": true}", "A"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
    }

    @Test
    void undefinedFieldInsideArgumentsFailsRatherThanBeingLeftOut() {
        DataFlowTest.FixedResult integration = new DataFlowTest.FixedResult("{}");
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"a": "{% $states.input.nope %}"}, "End": true}""", "T"),
                "{}", integration);
        assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
        assertThat(integration.parameters.get()).as("the task was never called").isNull();
    }

    @Test
    void queryEvaluationErrorCanBeCaught() {
        Execution e = Run.definition(machine("""
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Output": "{% $states.result.nope %}", "End": true,
                      "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}]},
                "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": true}""", "T"), "{}", new DataFlowTest.FixedResult("{}"));
        assertThat(e.output()).isEqualTo(json("\"States.QueryEvaluationError\""));
    }

    @Test
    void expressionRuntimeErrorFailsWithQueryEvaluationError() {
        Execution e = Run.definition(machine("\"A\": {\"Type\": \"Pass\", \"Output\": \"{% $states.input.s + 1 %}\", \"End\": true}", "A"),
                "{\"s\": \"text\"}");
        assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
    }

    @Test
    void waitSecondsAndFailFieldsTakeExpressions() {
        Execution e = Run.definition(machine("""
                "W": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "Next": "F"},
                "F": {"Type": "Fail", "Error": "{% 'E.' & $states.input.code %}", "Cause": "{% 'took ' & $string($states.input.delay) %}"}""", "W"),
                "{\"delay\": 3, \"code\": \"X\"}");
        assertThat(e.error()).isEqualTo("E.X");
        assertThat(e.cause()).isEqualTo("took 3");
    }

    @Test
    void parallelOutputCanReshapeTheBranchResults() {
        JsonNode out = output(machine("""
                "P": {"Type": "Parallel", "End": true, "Output": "{% $sum($states.result) %}", "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.n %}", "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.n * 10 %}", "End": true}}}]}""", "P"),
                "{\"n\": 2}");
        assertThat(out).isEqualTo(json("22"));
    }
}
