package dev.aslengine.runtime;

import static dev.aslengine.runtime.Run.json;
import static dev.aslengine.runtime.Run.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** JSONPath data flow: InputPath, Parameters, ResultSelector, ResultPath, OutputPath, the context object and variables. */
class DataFlowTest {

    /** A Task integration answering every call with {@code result}, remembering the parameters it was given. */
    static final class FixedResult implements TaskIntegration {
        final JsonNode result;
        final AtomicReference<JsonNode> parameters = new AtomicReference<>();

        FixedResult(String result) {
            this.result = json(result);
        }

        @Override
        public boolean supports(ResourceArn resource) {
            return true;
        }

        @Override
        public JsonNode call(TaskCall call) {
            parameters.set(call.parameters());
            return result;
        }
    }

    private static String pass(String fields) {
        return """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", %s "End": true}}}""".formatted(fields.isEmpty() ? "" : fields + ",");
    }

    private static String task(String fields) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", %s "End": true}}}"""
                .formatted(fields.isEmpty() ? "" : fields + ",");
    }

    private static Execution runTask(String fields, String input, FixedResult integration) {
        return Run.definition(task(fields), input, integration);
    }

    // ---- InputPath

    @Test
    void inputPathSelectsPartOfTheInput() {
        assertThat(output(pass("\"InputPath\": \"$.a\""), "{\"a\": {\"b\": 1}, \"c\": 2}")).isEqualTo(json("{\"b\": 1}"));
    }

    @Test
    void inputPathCanSelectANonObject() {
        assertThat(output(pass("\"InputPath\": \"$.a[1]\""), "{\"a\": [\"x\", \"y\"]}")).isEqualTo(json("\"y\""));
    }

    @Test
    void inputPathNullGivesAnEmptyObject() {
        assertThat(output(pass("\"InputPath\": null"), "{\"a\": 1}")).isEqualTo(json("{}"));
    }

    @Test
    void inputPathThatMatchesNothingFailsWithStatesRuntime() {
        Execution e = Run.definition(pass("\"InputPath\": \"$.missing\""), "{\"a\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).endsWith(". Invalid path '$.missing' : No results for path: $['missing']");
    }

    @Test
    void inputPathAppliesBeforeParameters() {
        assertThat(output(pass("\"InputPath\": \"$.inner\", \"Parameters\": {\"v.$\": \"$.v\"}"), "{\"inner\": {\"v\": 7}, \"v\": 1}"))
                .isEqualTo(json("{\"v\": 7}"));
    }

    // ---- Parameters

    @Test
    void parametersCopyStaticValuesAndResolveDollarKeys() {
        JsonNode out = output(pass("""
                "Parameters": {"static": "$.not-a-path", "n": 1, "picked.$": "$.a", "nested": {"list": [1, {"deep.$": "$.b"}]}}"""),
                "{\"a\": \"A\", \"b\": [true]}");
        assertThat(out).isEqualTo(json("""
                {"static": "$.not-a-path", "n": 1, "picked": "A", "nested": {"list": [1, {"deep": [true]}]}}"""));
    }

    @Test
    void parametersPathCanSelectTheWholeInput() {
        assertThat(output(pass("\"Parameters\": {\"all.$\": \"$\"}"), "{\"a\": 1}")).isEqualTo(json("{\"all\": {\"a\": 1}}"));
    }

    @Test
    void parametersWildcardPathGivesAnArray() {
        assertThat(output(pass("\"Parameters\": {\"ids.$\": \"$.items[*].id\"}"), "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"))
                .isEqualTo(json("{\"ids\": [1, 2]}"));
    }

    @Test
    void parametersCallIntrinsicFunctions() {
        JsonNode out = output(pass("""
                "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)", "parts.$": "States.StringSplit($.csv, ',')",
                               "len.$": "States.ArrayLength($.list)", "sum.$": "States.MathAdd($.n, 1)"}"""),
                "{\"name\": \"Ada\", \"csv\": \"a,b\", \"list\": [1, 2, 3], \"n\": 41}");
        assertThat(out).isEqualTo(json("{\"greeting\": \"Hello, Ada!\", \"parts\": [\"a\", \"b\"], \"len\": 3, \"sum\": 42}"));
    }

    @Test
    void parametersPathThatMatchesNothingFailsWithStatesRuntime() {
        // AWS (and Step Functions Local) report States.Runtime here, not the States.ParameterPathFailure the ASL spec names
        Execution e = Run.definition(pass("\"Parameters\": {\"x.$\": \"$.nope.deep\"}"), "{\"other\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).isEqualTo("An error occurred while executing the state 'P' (entered at the event id #2). "
                + "The JSONPath '$.nope.deep' specified for the field 'x.$' could not be found in the input '{\"other\":1}'");
    }

    @Test
    void parametersPathFailureIsNotCaughtByStatesAll() {
        // States.Runtime is outside States.ALL, so the catcher does not run
        Execution e = Run.definition("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"x.$": "$.missing"}, "End": true,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Caught": {"Type": "Succeed"}}}""", "{}", new FixedResult("{}"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void parametersAreWhatTheTaskReceives() {
        FixedResult integration = new FixedResult("{}");
        runTask("\"Parameters\": {\"FunctionName\": \"f\", \"Payload.$\": \"$.body\"}", "{\"body\": {\"k\": 1}}", integration);
        assertThat(integration.parameters.get()).isEqualTo(json("{\"FunctionName\": \"f\", \"Payload\": {\"k\": 1}}"));
    }

    @Test
    void withoutParametersTheTaskReceivesTheEffectiveInput() {
        FixedResult integration = new FixedResult("{}");
        runTask("\"InputPath\": \"$.body\"", "{\"body\": {\"k\": 1}}", integration);
        assertThat(integration.parameters.get()).isEqualTo(json("{\"k\": 1}"));
    }

    // ---- the context object

    @Test
    void contextObjectGivesExecutionAndStateMachineFacts() {
        JsonNode out = output("""
                {"StartAt": "First", "States": {"First": {"Type": "Pass", "End": true, "Parameters": {
                  "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
                  "start.$": "$$.Execution.StartTime", "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime",
                  "smId.$": "$$.StateMachine.Id", "smName.$": "$$.StateMachine.Name"}}}}""",
                "{\"k\": [1]}");
        assertThat(out.get("id").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Machine:run-1");
        assertThat(out.get("name").asText()).isEqualTo("run-1");
        assertThat(out.get("input")).isEqualTo(json("{\"k\": [1]}"));
        assertThat(out.get("state").asText()).isEqualTo("First");
        assertThat(out.get("smId").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:Machine");
        assertThat(out.get("smName").asText()).isEqualTo("Machine");
        // AWS renders these times with millisecond precision and a Z suffix
        assertThat(out.get("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(out.get("entered").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(out.get("entered").asText())).isAfterOrEqualTo(Instant.parse(out.get("start").asText()));
    }

    @Test
    void contextExecutionInputIsTheOriginalInputInLaterStates() {
        JsonNode out = output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Result": {"replaced": true}, "Next": "B"},
                  "B": {"Type": "Pass", "Parameters": {"original.$": "$$.Execution.Input", "state.$": "$$.State.Name"}, "End": true}}}""",
                "{\"first\": 1}");
        assertThat(out).isEqualTo(json("{\"original\": {\"first\": 1}, \"state\": \"B\"}"));
    }

    @Test
    void contextRetryCountCountsRetriesOfTheState() {
        AtomicReference<Integer> calls = new AtomicReference<>(0);
        TaskIntegration failsTwice = new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) {
                calls.set(calls.get() + 1);
                if (calls.get() <= 2) throw new StatesError("Flaky", "try again");
                return call.parameters();
            }
        };
        Execution e = Run.definition(task("""
                "Parameters": {"retry.$": "$$.State.RetryCount"}, "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}]"""),
                "{}", failsTwice);
        assertThat(e.output()).isEqualTo(json("{\"retry\": 2}"));
    }

    @Test
    void contextTaskTokenIsGivenToAWaitForTaskTokenTask() {
        AtomicReference<Engine> engine = new AtomicReference<>();
        TaskIntegration callsBack = new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) {
                // the worker answers at once, echoing the token it got in the payload
                JsonNode payload = call.parameters();
                engine.get().sendTaskSuccess(payload.get("token").asText(),
                        Json.object().put("token", payload.get("token").asText()).put("sameAsCall", payload.get("token").asText().equals(call.taskToken())));
                return Json.object();
            }
        };
        try (Engine e = Engine.builder().timeScale(0).integration(callsBack).build()) {
            engine.set(e);
            Execution x = Run.awaited(e, """
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}}""", "{}");
            assertThat(x.status()).as("%s: %s", x.error(), x.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(x.output().get("token").asText()).isNotBlank();
            assertThat(x.output().get("sameAsCall").asBoolean()).isTrue();
        }
    }

    @Test
    void taskTokenIsAbsentOutsideAWaitForTaskTokenTask() {
        Execution e = Run.definition(pass("\"Parameters\": {\"t.$\": \"$$.Task.Token\"}"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void mapItemIndexAndValueAreVisibleInItemSelector() {
        JsonNode out = output("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}""",
                "{\"items\": [\"a\", {\"b\": 1}], \"tag\": \"T\"}");
        assertThat(out).isEqualTo(json("""
                [{"index": 0, "value": "a", "tag": "T"}, {"index": 1, "value": {"b": 1}, "tag": "T"}]"""));
    }

    // ---- ResultSelector, ResultPath, OutputPath

    @Test
    void resultSelectorShapesTheResultBeforeResultPath() {
        Execution e = runTask("\"ResultSelector\": {\"code.$\": \"$.StatusCode\", \"fixed\": 1}, \"ResultPath\": \"$.out\"",
                "{\"in\": true}", new FixedResult("{\"StatusCode\": 200, \"Payload\": {\"big\": true}}"));
        assertThat(e.output()).isEqualTo(json("{\"in\": true, \"out\": {\"code\": 200, \"fixed\": 1}}"));
    }

    @Test
    void resultSelectorReadsTheResultNotTheInput() {
        Execution e = runTask("\"ResultSelector\": {\"v.$\": \"$.onlyInInput\"}", "{\"onlyInInput\": 1}", new FixedResult("{}"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void defaultResultPathReplacesTheInputWithTheResult() {
        assertThat(runTask("", "{\"in\": 1}", new FixedResult("{\"r\": 2}")).output()).isEqualTo(json("{\"r\": 2}"));
    }

    @Test
    void resultPathMergesTheResultIntoTheInput() {
        assertThat(output(pass("\"Result\": {\"r\": 2}, \"ResultPath\": \"$.x\""), "{\"in\": 1}"))
                .isEqualTo(json("{\"in\": 1, \"x\": {\"r\": 2}}"));
    }

    @Test
    void resultPathCreatesMissingParentObjects() {
        assertThat(output(pass("\"Result\": 5, \"ResultPath\": \"$.a.b.c\""), "{\"in\": 1}"))
                .isEqualTo(json("{\"in\": 1, \"a\": {\"b\": {\"c\": 5}}}"));
    }

    @Test
    void resultPathOverwritesAnExistingField() {
        assertThat(output(pass("\"Result\": \"new\", \"ResultPath\": \"$.a\""), "{\"a\": \"old\", \"b\": 1}"))
                .isEqualTo(json("{\"a\": \"new\", \"b\": 1}"));
    }

    @Test
    void resultPathNullKeepsTheInputAndDiscardsTheResult() {
        assertThat(runTask("\"ResultPath\": null", "{\"in\": 1}", new FixedResult("{\"r\": 2}")).output()).isEqualTo(json("{\"in\": 1}"));
    }

    @Test
    void resultPathMergesIntoTheRawInputNotTheEffectiveInput() {
        assertThat(output(pass("\"InputPath\": \"$.a\", \"Result\": 1, \"ResultPath\": \"$.r\""), "{\"a\": {\"x\": 0}, \"b\": 2}"))
                .isEqualTo(json("{\"a\": {\"x\": 0}, \"b\": 2, \"r\": 1}"));
    }

    @Test
    void resultPathIntoAStringFailsWithResultPathMatchFailure() {
        Execution e = Run.definition(pass("\"Result\": 1, \"ResultPath\": \"$.a.b\""), "{\"a\": \"text\"}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RESULT_PATH_MATCH_FAILURE);
    }

    @Test
    void resultPathIntoANonObjectInputFailsWithResultPathMatchFailure() {
        Execution e = Run.definition("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Result": [1, 2], "Next": "B"},
                  "B": {"Type": "Pass", "Result": 3, "ResultPath": "$.x", "End": true}}}""", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RESULT_PATH_MATCH_FAILURE);
    }

    @Test
    void resultPathMatchFailureCanBeCaught() {
        Execution e = Run.definition("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.a.b", "End": true,
                        "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "Caught"}]},
                  "Caught": {"Type": "Pass", "End": true}}}""", "{\"a\": 1}", new FixedResult("{}"));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo(StatesError.RESULT_PATH_MATCH_FAILURE);
    }

    @Test
    void outputPathSelectsPartOfTheCombinedOutput() {
        assertThat(output(pass("\"Result\": {\"r\": 2}, \"ResultPath\": \"$.x\", \"OutputPath\": \"$.x.r\""), "{\"in\": 1}"))
                .isEqualTo(json("2"));
    }

    @Test
    void outputPathNullGivesAnEmptyObject() {
        assertThat(output(pass("\"OutputPath\": null"), "{\"a\": 1}")).isEqualTo(json("{}"));
    }

    @Test
    void outputPathThatMatchesNothingFailsWithStatesRuntime() {
        Execution e = Run.definition(pass("\"OutputPath\": \"$.missing\""), "{\"a\": 1}");
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).endsWith(". Invalid path '$.missing' : No results for path: $['missing']");
    }

    @Test
    void passResultIgnoresTheInputAndParametersWin() {
        assertThat(output(pass("\"Result\": {\"fixed\": true}"), "{\"a\": 1}")).isEqualTo(json("{\"fixed\": true}"));
        // with both, Parameters is what the Pass state passes on
        assertThat(output(pass("\"Result\": {\"fixed\": true}, \"Parameters\": {\"p\": 1}"), "{\"a\": 1}")).isEqualTo(json("{\"p\": 1}"));
    }

    @Test
    void dataFlowsThroughEveryFieldInOrder() {
        // InputPath -> Parameters -> task -> ResultSelector -> ResultPath -> OutputPath
        FixedResult integration = new FixedResult("{\"Payload\": {\"total\": 10}, \"noise\": 1}");
        Execution e = runTask("""
                "InputPath": "$.order", "Parameters": {"id.$": "$.id"}, "ResultSelector": {"total.$": "$.Payload.total"},
                "ResultPath": "$.priced", "OutputPath": "$.priced" """, "{\"order\": {\"id\": \"o-1\"}, \"other\": 0}", integration);
        assertThat(integration.parameters.get()).isEqualTo(json("{\"id\": \"o-1\"}"));
        assertThat(e.output()).isEqualTo(json("{\"total\": 10}"));
    }

    // ---- variables (JSONPath)

    @Test
    void assignedVariablesAreVisibleInLaterStates() {
        JsonNode out = output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"greeting": "hi", "who.$": "$.name"}, "Next": "B"},
                  "B": {"Type": "Pass", "Result": {}, "Next": "C"},
                  "C": {"Type": "Pass", "Parameters": {"g.$": "$greeting", "w.$": "$who", "both.$": "States.Format('{} {}', $greeting, $who)"}, "End": true}}}""",
                "{\"name\": \"Ada\"}");
        assertThat(out).isEqualTo(json("{\"g\": \"hi\", \"w\": \"Ada\", \"both\": \"hi Ada\"}"));
    }

    @Test
    void variablePathCanReachIntoTheValue() {
        JsonNode out = output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"order.$": "$"}, "Next": "B"},
                  "B": {"Type": "Pass", "Parameters": {"first.$": "$order.lines[0].sku"}, "End": true}}}""",
                "{\"lines\": [{\"sku\": \"S1\"}]}");
        assertThat(out).isEqualTo(json("{\"first\": \"S1\"}"));
    }

    @Test
    void assignExpressionsAllSeeTheValuesFromBeforeTheState() {
        JsonNode out = output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"x": 1, "y": 10}, "Next": "B"},
                  "B": {"Type": "Pass", "Assign": {"x": 2, "y.$": "$x", "z.$": "$y"}, "Next": "C"},
                  "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y", "z.$": "$z"}, "End": true}}}""", "{}");
        assertThat(out).isEqualTo(json("{\"x\": 2, \"y\": 1, \"z\": 10}"));
    }

    @Test
    void assignInATaskReadsTheSelectedResult() {
        Execution e = runTask("""
                "ResultSelector": {"code.$": "$.StatusCode"}, "Assign": {"status.$": "$.code", "inputWas.$": "$$.Execution.Input.k"},
                "ResultPath": null""", "{\"k\": \"v\"}", new FixedResult("{\"StatusCode\": 200}"));
        assertThat(e.output()).isEqualTo(json("{\"k\": \"v\"}"));
        HistoryEvent exited = e.history().events().stream().filter(ev -> ev.type().equals("TaskStateExited")).findFirst().orElseThrow();
        assertThat(exited.details().get("assignedVariables")).isEqualTo(json("{\"status\": \"200\", \"inputWas\": \"\\\"v\\\"\"}"));
    }

    @Test
    void variablesAssignedInAStateAreNotVisibleToItsOwnParameters() {
        Execution e = Run.definition(pass("\"Assign\": {\"v\": 1}, \"Parameters\": {\"v.$\": \"$v\"}"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void choiceRuleAssignRunsForTheMatchedRule() {
        JsonNode out = output("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Done", "Assign": {"size": "big"}},
                    {"Variable": "$.n", "NumericLessThanEquals": 10, "Next": "Done", "Assign": {"size": "small", "n.$": "$.n"}}]},
                  "Done": {"Type": "Pass", "Parameters": {"size.$": "$size", "n.$": "$n"}, "End": true}}}""", "{\"n\": 3}");
        assertThat(out).isEqualTo(json("{\"size\": \"small\", \"n\": 3}"));
    }

    @Test
    void catchAssignReadsTheErrorOutput() {
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
        Execution e = Run.definition("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                        "Catch": [{"ErrorEquals": ["Boom"], "Next": "H", "Assign": {"err.$": "$.Error", "why.$": "$.Cause"}, "ResultPath": "$.failure"}]},
                  "H": {"Type": "Pass", "Parameters": {"err.$": "$err", "why.$": "$why", "failure.$": "$.failure"}, "End": true}}}""",
                "{}", fails);
        assertThat(e.output()).isEqualTo(json("""
                {"err": "Boom", "why": "it broke", "failure": {"Error": "Boom", "Cause": "it broke"}}"""));
    }

    @Test
    void unknownVariableFailsWithStatesRuntime() {
        Execution e = Run.definition(pass("\"Parameters\": {\"v.$\": \"$neverAssigned\"}"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
    }

    // ---- bracket notation with escaped quotes in names

    /** Names holding quotes: {@code it's} and {@code say "hi"}. */
    private static final String QUOTED_NAMES = "{\"it's\": {\"n\": 1}, \"say \\\"hi\\\"\": \"hello\"}";
    /** The paths to them in bracket notation, quotes escaped: {@code $['it\'s']} and {@code $["say \"hi\""]}. */
    private static final String SINGLE = "$['it\\'s']";
    private static final String DOUBLE = "$[\"say \\\"hi\\\"\"]";

    /** A path as a JSON string in a definition. */
    private static String quoted(String path) {
        return Json.write(Json.NODES.textNode(path));
    }

    @Test
    void bracketNamesWithEscapedQuotesSelectInEveryPathField() {
        String definition = """
                {"StartAt": "Pick", "States": {
                  "Pick": {"Type": "Pass", "InputPath": %1$s, "ResultPath": %2$s, "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": %3$s, "NumericEquals": 1, "Next": "Shape"}]},
                  "Shape": {"Type": "Pass", "End": true,
                            "Parameters": {"single.$": %3$s, "double.$": %4$s, "formatted.$": %5$s}}}}"""
                .formatted(quoted(SINGLE), quoted(SINGLE + "['copy']"), quoted(SINGLE + ".n"), quoted(DOUBLE),
                        quoted("States.Format('{} {}', " + DOUBLE + ", " + SINGLE + "['copy']['n'])"));
        assertThat(output(definition, QUOTED_NAMES)).isEqualTo(json("{\"single\": 1, \"double\": \"hello\", \"formatted\": \"hello 1\"}"));
    }

    @Test
    void aBracketNameWithAQuoteThatSelectsNothingIsNamedUnescaped() {
        Execution e = Run.definition(pass("\"InputPath\": " + quoted(SINGLE + ".m")), QUOTED_NAMES);
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).endsWith(". Invalid path '" + SINGLE + ".m' : No results for path: $['it's']['m']");
    }
}
