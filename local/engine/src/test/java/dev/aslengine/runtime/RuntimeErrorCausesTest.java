package dev.aslengine.runtime;

import static dev.aslengine.runtime.Run.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Run-time failures of a state, named and worded as AWS reports them: States.Runtime (JSONPath) or
 * States.QueryEvaluationError (JSONata), with the cause "An error occurred while executing the state '<name>'
 * (entered at the event id #<id>). <what>". Event 1 is ExecutionStarted, so a first state is entered at #2.
 */
class RuntimeErrorCausesTest {

    private static Execution failed(String definition, String input) {
        Execution e = Run.definition(definition, input);
        assertThat(e.status()).as("status (output %s)", e.output()).isEqualTo(ExecutionStatus.FAILED);
        return e;
    }

    private static void assertFailure(Execution e, String error, String stateName, int enteredAt, String message) {
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.cause()).isEqualTo("An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                + enteredAt + "). " + message);
    }

    /** The first state, S, fails the execution with this error and message. */
    private static void assertFirstStateFails(String definition, String input, String error, String message) {
        assertFailure(failed(definition, input), error, "S", 2, message);
    }

    private static String single(String state) {
        return "{\"StartAt\": \"S\", \"States\": {\"S\": " + state + "}}";
    }

    @Nested
    class PathsThatSelectNothing {
        @Test
        void anInputPathMissingItsLastNameHasNoResults() {
            assertFirstStateFails(single("{\"Type\": \"Pass\", \"InputPath\": \"$.order.id\", \"End\": true}"), "{\"order\": {}}",
                    "States.Runtime", "Invalid path '$.order.id' : No results for path: $['order']['id']");
        }

        @Test
        void anOutputPathMissingANameOnTheWayReportsTheMissingProperty() {
            String definition = """
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Next": "Second"},
                  "Second": {"Type": "Pass", "OutputPath": "$.a.b.c", "End": true}}}
                """;
            Execution e = failed(definition, "{\"a\": {}}");
            // First: entered #2, exited #3; Second entered #4
            assertFailure(e, "States.Runtime", "Second", 4, "Invalid path '$.a.b.c' : Missing property in path $['a']['b']");
        }

        @Test
        void anIndexBeyondTheArrayHasNoResults() {
            assertFirstStateFails(single("{\"Type\": \"Pass\", \"InputPath\": \"$.lines[3]\", \"End\": true}"), "{\"lines\": [1, 2]}",
                    "States.Runtime", "Invalid path '$.lines[3]' : No results for path: $['lines'][3]");
        }

        @Test
        void aParametersPathNamesTheFieldAndTheInput() {
            assertFirstStateFails(single("{\"Type\": \"Pass\", \"Parameters\": {\"id.$\": \"$.missing\"}, \"End\": true}"), "{\"x\": 1}",
                    "States.Runtime",
                    "The JSONPath '$.missing' specified for the field 'id.$' could not be found in the input '{\"x\":1}'");
        }

        @Test
        void anErrorPathThatSelectsNothingIsStatesRuntime() {
            assertFirstStateFails(single("{\"Type\": \"Fail\", \"ErrorPath\": \"$.error\", \"CausePath\": \"$.why\"}"), "{\"why\": \"no stock\"}",
                    "States.Runtime", "Invalid path '$.error' : No results for path: $['error']");
        }

        @Test
        void aCausePathThatSelectsNothingIsStatesRuntime() {
            assertFirstStateFails(single("{\"Type\": \"Fail\", \"Error\": \"OutOfStock\", \"CausePath\": \"$.why\"}"), "{}",
                    "States.Runtime", "Invalid path '$.why' : No results for path: $['why']");
        }

        @Test
        void aFailStateReportsItsOwnErrorAndCauseAsWritten() {
            Execution e = failed(single("{\"Type\": \"Fail\", \"ErrorPath\": \"$.error\", \"CausePath\": \"$.why\"}"),
                    "{\"error\": \"States.Runtime\", \"why\": \"declared\"}");
            assertThat(e.error()).isEqualTo("States.Runtime");
            assertThat(e.cause()).isEqualTo("declared");
        }
    }

    @Nested
    class WaitValues {
        private static final String WAIT_SECONDS = single("{\"Type\": \"Wait\", \"SecondsPath\": \"$.delay\", \"End\": true}");
        private static final String WAIT_UNTIL = single("{\"Type\": \"Wait\", \"TimestampPath\": \"$.until\", \"End\": true}");

        @Test
        void aNegativeSecondsPathValue() {
            assertFirstStateFails(WAIT_SECONDS, "{\"delay\": -5}", "States.Runtime",
                    "The SecondsPath parameter references a negative value: $.delay == -5");
        }

        @Test
        void aSecondsPathValueThatIsNotAWholeNumber() {
            assertFirstStateFails(WAIT_SECONDS, "{\"delay\": 2.5}", "States.Runtime",
                    "The SecondsPath parameter cannot be parsed as a long value: $.delay == 2.5");
            assertFirstStateFails(WAIT_SECONDS, "{\"delay\": \"soon\"}", "States.Runtime",
                    "The SecondsPath parameter cannot be parsed as a long value: $.delay == soon");
        }

        @Test
        void aTimestampPathValueThatIsNotATimestamp() {
            assertFirstStateFails(WAIT_UNTIL, "{\"until\": \"next tuesday\"}", "States.Runtime",
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                            + "$.until == next tuesday");
        }

        @Test
        void aTimestampNeedsAnUppercaseTAndZone() {
            assertFirstStateFails(WAIT_UNTIL, "{\"until\": \"2020-01-31t09:00:00z\"}", "States.Runtime",
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                            + "$.until == 2020-01-31t09:00:00z");
        }

        @Test
        void aPastTimestampWithAnOffsetDoesNotWait() {
            assertThat(Run.output(WAIT_UNTIL, "{\"until\": \"2020-01-31T09:00:00.250+01:00\"}"))
                    .isEqualTo(json("{\"until\": \"2020-01-31T09:00:00.250+01:00\"}"));
        }

        @Test
        void anInvalidJsonataTimestampIsAQueryEvaluationError() {
            String definition = single("""
                {"Type": "Wait", "QueryLanguage": "JSONata", "Timestamp": "{% $states.input.until %}", "End": true}""");
            assertFirstStateFails(definition, "{\"until\": \"tomorrow\"}", "States.QueryEvaluationError",
                    "The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                            + "$states.input.until == tomorrow");
        }
    }

    @Nested
    class MapValues {
        private static String map(String fields) {
            return single("""
                {"Type": "Map", %s "End": true,
                 "ItemProcessor": {"StartAt": "Check", "States": {
                   "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}], "Default": "Broken"},
                   "Done": {"Type": "Succeed"},
                   "Broken": {"Type": "Fail", "Error": "Broken"}}}}""".formatted(fields));
        }

        /** A Map that tolerated its failures gives each failed item's Error and Cause in its place. */
        private static void assertBrokenItems(JsonNode output, int count) {
            assertThat(output.findValues("Error")).hasSize(count).allMatch(error -> error.asText().equals("Broken"));
        }

        private static final String TWO_BROKEN = "\"items\": [{\"ok\": true}, {\"ok\": false}, {\"ok\": false}, {\"ok\": true}]";

        @Test
        void aMaxConcurrencyPathValueThatIsNotAnInteger() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"MaxConcurrencyPath\": \"$.limit\","), "{\"limit\": \"many\", \"items\": []}",
                    "States.Runtime",
                    "The MaxConcurrencyPath field refers to value \"many\" which is not a valid integer: $.limit");
        }

        @Test
        void aNegativeMaxConcurrencyPathValue() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"MaxConcurrencyPath\": \"$.limit\","), "{\"limit\": -1, \"items\": []}",
                    "States.Runtime", "Expected non-negative integer for MaxConcurrency, got '-1' instead.");
        }

        @Test
        void aMaxConcurrencyPathMayHoldANumericString() {
            String definition = map("\"ItemsPath\": \"$.items\", \"MaxConcurrencyPath\": \"$.limit\",");
            assertThat(Run.output(definition, "{\"limit\": \"2\", \"items\": [{\"ok\": true}]}")).isEqualTo(json("[{\"ok\": true}]"));
        }

        @Test
        void aNegativeToleratedFailureCountPathFailsEvenWithNoFailure() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"ToleratedFailureCountPath\": \"$.allowed\","),
                    "{\"allowed\": -1, \"items\": [{\"ok\": true}]}", "States.Runtime", "ToleratedFailureCount cannot be negative.");
        }

        @Test
        void aToleratedFailureCountPathValueThatIsNotAnInteger() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"ToleratedFailureCountPath\": \"$.allowed\","),
                    "{\"allowed\": \"some\", \"items\": []}", "States.Runtime",
                    "The ToleratedFailureCountPath field refers to value \"some\" which is not a valid integer: $.allowed");
        }

        @Test
        void aToleratedFailurePercentagePathOver100() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"ToleratedFailurePercentagePath\": \"$.pct\","), "{\"pct\": 150, \"items\": []}",
                    "States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
        }

        @Test
        void aToleratedFailurePercentagePathValueThatIsNotANumber() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"ToleratedFailurePercentagePath\": \"$.pct\","), "{\"pct\": \"half\", \"items\": []}",
                    "States.Runtime",
                    "The ToleratedFailurePercentagePath field refers to value \"half\" which is not a valid float: $.pct");
        }

        @Test
        void aToleratedFailurePercentagePathValueThatIsNoFiniteNumber() {
            assertFirstStateFails(map("\"ItemsPath\": \"$.items\", \"ToleratedFailurePercentagePath\": \"$.pct\","), "{\"pct\": \"NaN\", \"items\": []}",
                    "States.Runtime", "The ToleratedFailurePercentagePath field refers to value \"NaN\" which is not a valid float: $.pct");
        }

        @Test
        void toleratedFailureCountPathsToleratesThatManyFailures() {
            String definition = map("\"ItemsPath\": \"$.items\", \"ToleratedFailureCountPath\": \"$.allowed\",");
            assertBrokenItems(Run.output(definition, "{\"allowed\": \"2\", " + TWO_BROKEN + "}"), 2);
            Execution e = failed(definition, "{\"allowed\": 1, " + TWO_BROKEN + "}");
            assertThat(e.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        }

        @Test
        void jsonataToleratedFailureCountAndPercentageAreEvaluated() {
            String count = single("""
                {"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.items %}",
                 "ToleratedFailureCount": "{% $states.input.allowed %}", "End": true,
                 "ItemProcessor": {"StartAt": "Check", "States": {
                   "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "Done"}], "Default": "Broken"},
                   "Done": {"Type": "Succeed"},
                   "Broken": {"Type": "Fail", "Error": "Broken"}}}}""");
            assertBrokenItems(Run.output(count, "{\"allowed\": 2, " + TWO_BROKEN + "}"), 2);
            assertThat(failed(count, "{\"allowed\": 1, " + TWO_BROKEN + "}").error()).isEqualTo("States.ExceedToleratedFailureThreshold");
            String percentage = count.replace("ToleratedFailureCount", "ToleratedFailurePercentage");
            assertBrokenItems(Run.output(percentage, "{\"allowed\": 50, " + TWO_BROKEN + "}"), 2);
            assertThat(failed(percentage, "{\"allowed\": 49.5, " + TWO_BROKEN + "}").error()).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertFirstStateFails(percentage, "{\"allowed\": 101, " + TWO_BROKEN + "}", "States.Runtime",
                    "ToleratedFailurePercentage must be between 0 and 100.");
        }

        @Test
        void jsonataItemsOfAnotherTypeIsAQueryEvaluationError() {
            String definition = single("""
                {"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.name %}", "End": true,
                 "ItemProcessor": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}""");
            assertFirstStateFails(definition, "{\"name\": \"x\"}", "States.QueryEvaluationError",
                    "The JSONata expression '$states.input.name' specified for the field 'Items' returned an unexpected result type. "
                            + "Expected 'array', but was 'string' for value: \"x\"");
            assertFirstStateFails(definition, "{\"name\": {\"a\": 1}}", "States.QueryEvaluationError",
                    "The JSONata expression '$states.input.name' specified for the field 'Items' returned an unexpected result type. "
                            + "Expected 'array', but was 'object' for value: {\"a\":1}");
        }

        @Test
        void jsonataItemsThatReturnNothing() {
            String definition = single("""
                {"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.absent %}", "End": true,
                 "ItemProcessor": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}""");
            assertFirstStateFails(definition, "{}", "States.QueryEvaluationError",
                    "The JSONata expression '$states.input.absent' specified for the field 'Items' returned nothing (undefined).");
        }

        @Test
        void aCatcherReceivesTheCauseAsAwsWordsIt() {
            String definition = """
                {"StartAt": "S", "QueryLanguage": "JSONata", "States": {
                  "S": {"Type": "Map", "Items": "{% $states.input.name %}", "End": true,
                        "ItemProcessor": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}},
                        "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Handled"}]},
                  "Handled": {"Type": "Pass", "End": true}}}
                """;
            assertThat(Run.output(definition, "{\"name\": 1}").get("Cause").asText())
                    .startsWith("An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression");
        }
    }

    @Test
    void aJsonataOutputThatReturnsNothingNamesTheState() {
        String definition = single("{\"Type\": \"Pass\", \"QueryLanguage\": \"JSONata\", \"Output\": {\"v\": \"{% $states.input.absent %}\"}, \"End\": true}");
        assertFirstStateFails(definition, "{}", "States.QueryEvaluationError",
                "The JSONata expression '$states.input.absent' specified for the field 'Output/v' returned nothing (undefined).");
    }

    @Test
    void anErrorInsideAMapIterationNamesTheInnerState() {
        String definition = single("""
            {"Type": "Map", "End": true,
             "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}}""");
        Execution e = failed(definition, "[{\"a\": 1}]");
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).startsWith("An error occurred while executing the state 'Inner' (entered at the event id #")
                .endsWith("). Invalid path '$.missing' : No results for path: $['missing']");
    }
}
