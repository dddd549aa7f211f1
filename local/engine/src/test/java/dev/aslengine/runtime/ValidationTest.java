package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.model.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DefinitionParser.parse rejects what AWS's CreateStateMachine rejects, naming the state and the field. */
class ValidationTest {

    private static List<String> problemsOf(String definition) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () -> DefinitionParser.parse(definition));
        assertThat(e).as("definition is rejected").isNotNull();
        return e.problems();
    }

    /** A one-state machine whose only state is {@code state} (as JSON members, after "Type"). */
    private static String single(String state) {
        return """
                {"StartAt": "A", "States": {"A": %s}}""".formatted(state);
    }

    @Test
    void aValidMachineParses() {
        assertThatCode(() -> DefinitionParser.parse("""
                {"Comment": "ok", "StartAt": "A", "TimeoutSeconds": 10,
                 "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"""))
                .doesNotThrowAnyException();
    }

    @Test
    void unknownStateTypeIsNamedWithItsState() {
        assertThat(problemsOf(single("""
                {"Type": "Passs", "End": true}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Type:").contains("\"Passs\""));
    }

    @Test
    void missingTypeIsReported() {
        assertThat(problemsOf(single("{\"End\": true}"))).anySatisfy(p -> assertThat(p).startsWith("/States/A/Type:").contains("missing"));
    }

    @Test
    void stateWithNeitherNextNorEndIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\"}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("neither Next nor End"));
    }

    @Test
    void stateWithBothNextAndEndIsRejected() {
        assertThat(problemsOf("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}}"""))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("both Next and End"));
    }

    @Test
    void endFalseWithoutNextIsStillMissingATransition() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"End\": false}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("neither Next nor End"));
    }

    @Test
    void terminalStatesRejectNextAndChoiceRejectsEnd() {
        List<String> problems = problemsOf("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "End": true, "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "S"}], "Default": "F"},
                  "S": {"Type": "Succeed", "Next": "F"},
                  "F": {"Type": "Fail", "End": true}}}""");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/States/C/End:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/S/Next:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/F/End:"));
    }

    @Test
    void choiceStateCannotRetryOrCatch() {
        List<String> problems = problemsOf("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Yes"}],
                        "Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Yes"}]},
                  "Yes": {"Type": "Succeed"}}}""");
        assertThat(problems).contains("/States/C/Retry: field is not supported by a Choice state",
                "/States/C/Catch: field is not supported by a Choice state");
    }

    @Test
    void unreachableStateIsRejected() {
        assertThat(problemsOf("""
                {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Succeed"}}}"""))
                .containsExactly("/States/Orphan: state is not reachable from StartAt \"A\"");
    }

    @Test
    void stateReachableOnlyThroughACatchIsReachable() {
        assertThatCode(() -> DefinitionParser.parse("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}]},
                  "Handler": {"Type": "Succeed"}}}""")).doesNotThrowAnyException();
    }

    @Test
    void nextToAMissingStateNamesTheTarget() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"Next\": \"Nope\"}")))
                .containsExactly("/States/A/Next: state \"Nope\" does not exist");
    }

    @Test
    void choiceNextAndDefaultToMissingStatesAreRejected() {
        List<String> problems = problemsOf("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice",
                  "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Missing1"}], "Default": "Missing2"}}}""");
        assertThat(problems).contains("/States/C/Choices/0/Next: state \"Missing1\" does not exist",
                "/States/C/Default: state \"Missing2\" does not exist");
    }

    @Test
    void catchNextToAMissingStateIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}]}""")))
                .contains("/States/A/Catch/0/Next: state \"Gone\" does not exist");
    }

    @Test
    void badJsonPathInInputPathIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"InputPath\": \"$.a[\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/InputPath:"));
    }

    @Test
    void inputPathMustBeAPathString() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"InputPath\": \"a.b\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/InputPath:"));
    }

    @Test
    void badJsonPathInParametersNamesTheField() {
        assertThat(problemsOf(single("""
                {"Type": "Pass", "Parameters": {"outer": {"x.$": "$.a["}}, "End": true}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Parameters/outer/x.$:"));
    }

    @Test
    void dynamicParameterThatIsNotAStringIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Pass", "Parameters": {"x.$": 5}, "End": true}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Parameters/x.$:"));
    }

    @Test
    void badIntrinsicInParametersIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Pass", "Parameters": {"x.$": "States.NoSuchFunction($.a)"}, "End": true}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Parameters/x.$:"));
    }

    @Test
    void badJsonPathInItemsPathIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Map", "ItemsPath": "$.items[", "End": true,
                 "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ItemsPath:"));
    }

    @Test
    void resultPathWithAWildcardIsNotAReferencePath() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"ResultPath\": \"$.a[*]\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ResultPath:").contains("reference path"));
    }

    @Test
    void resultPathWithAFilterIsNotAReferencePath() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"ResultPath\": \"$.a[?(@.b == 1)]\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ResultPath:"));
    }

    @Test
    void resultPathCannotWriteIntoTheContextObject() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"ResultPath\": \"$$.Execution.Id\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ResultPath:"));
    }

    @Test
    void catchResultPathMustBeAReferencePath() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "A",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A", "ResultPath": "$..error"}]}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Catch/0/ResultPath:"));
    }

    @Test
    void statesAllMustBeTheLastCatcher() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "A",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}, {"ErrorEquals": ["States.Timeout"], "Next": "A"}]}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Catch/0/ErrorEquals:").contains("last"));
    }

    @Test
    void statesAllMustBeTheLastRetrier() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["States.Timeout"]}]}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/ErrorEquals:").contains("last"));
    }

    @Test
    void statesAllMustAppearAlone() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Retry": [{"ErrorEquals": ["States.Timeout", "States.ALL"]}]}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/ErrorEquals:").contains("alone"));
    }

    @Test
    void emptyErrorEqualsIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "Retry": [{"ErrorEquals": []}]}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/ErrorEquals:"));
    }

    @Test
    void invalidRetryFieldsAreEachReported() {
        List<String> problems = problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0, "MaxAttempts": -1, "BackoffRate": 0.5,
                            "MaxDelaySeconds": 0, "JitterStrategy": "SOME", "Extra": 1}]}"""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/IntervalSeconds:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/MaxAttempts:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/BackoffRate:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/MaxDelaySeconds:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/JitterStrategy:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Retry/0/Extra:"));
    }

    @Test
    void maxAttemptsZeroIsAllowed() {
        // AWS: MaxAttempts 0 means "never retry this error"
        assertThatCode(() -> DefinitionParser.parse(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 0, "BackoffRate": 1.0}]}""")))
                .doesNotThrowAnyException();
    }

    @Test
    void waitWithTwoOfSecondsAndTimestampIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Wait", "Seconds": 5, "Timestamp": "2026-01-01T00:00:00Z", "End": true}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("exactly one of Seconds, Timestamp, SecondsPath, TimestampPath"));
    }

    @Test
    void waitWithSecondsAndSecondsPathIsRejected() {
        assertThat(problemsOf(single("""
                {"Type": "Wait", "Seconds": 5, "SecondsPath": "$.s", "End": true}"""))).isNotEmpty();
    }

    @Test
    void waitWithNoneOfTheFourIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Wait\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("exactly one"));
    }

    @Test
    void waitTimestampMustBeRfc3339() {
        assertThat(problemsOf(single("{\"Type\": \"Wait\", \"Timestamp\": \"tomorrow\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Timestamp:"));
    }

    @Test
    void failWithErrorAndErrorPathIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Fail\", \"Error\": \"E\", \"ErrorPath\": \"$.e\"}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("Error and ErrorPath"));
    }

    @Test
    void failWithCauseAndCausePathIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Fail\", \"Cause\": \"c\", \"CausePath\": \"$.c\"}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A:").contains("Cause and CausePath"));
    }

    @Test
    void failCausePathAcceptsOnlyTheStringIntrinsics() {
        assertThatCode(() -> DefinitionParser.parse(single("{\"Type\": \"Fail\", \"CausePath\": \"States.Format('{}', $.a)\"}")))
                .doesNotThrowAnyException();
        assertThat(problemsOf(single("{\"Type\": \"Fail\", \"CausePath\": \"States.MathAdd($.a, 1)\"}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/CausePath:").contains("States.MathAdd"));
        assertThat(problemsOf(single("{\"Type\": \"Fail\", \"ErrorPath\": \"States.Format('{}'\"}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ErrorPath:"));
    }

    @Test
    void jsonPathOnlyFieldsAreRejectedInAJsonataState() {
        List<String> problems = problemsOf(single("""
                {"Type": "Pass", "QueryLanguage": "JSONata", "Parameters": {"a": 1}, "InputPath": "$.x",
                 "ResultPath": "$.r", "OutputPath": "$", "End": true}"""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/States/A/Parameters:").contains("JSONata"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/InputPath:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ResultPath:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/OutputPath:"));
    }

    @Test
    void jsonPathOnlyFieldsAreRejectedUnderATopLevelJsonataMachine() {
        assertThat(problemsOf("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}"""))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/OutputPath:"));
    }

    @Test
    void jsonataOnlyFieldsAreRejectedInAJsonPathState() {
        List<String> problems = problemsOf(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"a": 1}, "Output": {}, "End": true}"""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/States/A/Arguments:").contains("JSONata"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Output:").contains("JSONata"));
    }

    @Test
    void mapItemsIsJsonataOnly() {
        assertThat(problemsOf(single("""
                {"Type": "Map", "Items": [1, 2], "End": true,
                 "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}""")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Items:"));
    }

    @Test
    void aJsonataMachineCannotContainAJsonPathState() {
        // AWS: with JSONata at the top level, JSONPath cannot be used anywhere in the definition
        assertThat(problemsOf("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"""))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/QueryLanguage:"));
    }

    @Test
    void unknownQueryLanguageIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"QueryLanguage\": \"XPath\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/QueryLanguage:"));
    }

    @Test
    void unknownFieldInAStateIsNamed() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"Resultt\": 1, \"End\": true}")))
                .containsExactly("/States/A/Resultt: field is not supported by a Pass state");
    }

    @Test
    void fieldOfAnotherStateTypeIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Pass\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"End\": true}")))
                .containsExactly("/States/A/Resource: field is not supported by a Pass state");
    }

    @Test
    void unknownTopLevelFieldIsNamed() {
        assertThat(problemsOf("""
                {"StartAt": "A", "Stats": {}, "States": {"A": {"Type": "Succeed"}}}"""))
                .containsExactly("/Stats: field is not supported here");
    }

    @Test
    void missingStartAtIsRejected() {
        assertThat(problemsOf("{\"States\": {\"A\": {\"Type\": \"Succeed\"}}}"))
                .anySatisfy(p -> assertThat(p).startsWith("/StartAt:").contains("missing"));
    }

    @Test
    void startAtToAMissingStateIsRejected() {
        assertThat(problemsOf("{\"StartAt\": \"B\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}"))
                .contains("/StartAt: state \"B\" does not exist");
    }

    @Test
    void missingOrEmptyStatesIsRejected() {
        assertThat(problemsOf("{\"StartAt\": \"A\"}")).anySatisfy(p -> assertThat(p).startsWith("/States:"));
        assertThat(problemsOf("{\"StartAt\": \"A\", \"States\": {}}")).anySatisfy(p -> assertThat(p).startsWith("/States:"));
    }

    @Test
    void definitionThatIsNotJsonIsRejected() {
        assertThat(problemsOf("{\"StartAt\": ")).singleElement().satisfies(p -> assertThat(p).startsWith("/:").contains("not valid JSON"));
    }

    @Test
    void problemInAParallelBranchIsReportedWithItsPath() {
        assertThat(problemsOf("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Y"}}}]}}}"""))
                .containsExactly("/States/P/Branches/0/States/X/Next: state \"Y\" does not exist");
    }

    @Test
    void aBranchStateCannotTransitionToAStateOutsideTheBranch() {
        assertThat(problemsOf("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Next": "Top", "Branches": [
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Top"}}}]},
                  "Top": {"Type": "Succeed"}}}"""))
                .containsExactly("/States/P/Branches/0/States/X/Next: state \"Top\" does not exist");
    }

    @Test
    void problemInTheSecondParallelBranchNamesThatBranch() {
        assertThat(problemsOf("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
                  {"StartAt": "X", "States": {"X": {"Type": "Bogus"}}}]}}}"""))
                .anySatisfy(p -> assertThat(p).startsWith("/States/P/Branches/1/States/X/Type:"));
    }

    @Test
    void emptyBranchesIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Parallel\", \"End\": true, \"Branches\": []}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Branches:"));
    }

    @Test
    void problemInAMapItemProcessorIsReportedWithItsPath() {
        assertThat(problemsOf("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Result": 1}}}}}}"""))
                .anySatisfy(p -> assertThat(p).startsWith("/States/M/ItemProcessor/States/I:").contains("neither Next nor End"));
    }

    @Test
    void problemInALegacyMapIteratorIsReportedWithItsPath() {
        assertThat(problemsOf("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Next": "J"}}}}}}"""))
                .contains("/States/M/Iterator/States/I/Next: state \"J\" does not exist");
    }

    @Test
    void unreachableStateInsideAMapProcessorIsReported() {
        assertThat(problemsOf("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}, "Lost": {"Type": "Succeed"}}}}}}"""))
                .containsExactly("/States/M/ItemProcessor/States/Lost: state is not reachable from StartAt \"I\"");
    }

    @Test
    void mapWithoutItemProcessorIsRejected() {
        assertThat(problemsOf(single("{\"Type\": \"Map\", \"End\": true}")))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/ItemProcessor:"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problemsOf("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Next": "Missing"},
                  "B": {"Type": "Wait", "End": true},
                  "C": {"Type": "Nope"}}}""");
        assertThat(problems).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Next:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/B:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/C/Type:"));
    }

    @Test
    void invalidDefinitionMessageListsTheProblems() {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> DefinitionParser.parse(single("{\"Type\": \"Pass\", \"Next\": \"Nope\"}")));
        assertThat(e.getMessage()).contains("/States/A/Next").contains("Nope");
    }

    @Test
    void variableNamesInAssignAreChecked() {
        List<String> problems = problemsOf(single("""
                {"Type": "Pass", "Assign": {"1bad": 1, "states": 2}, "End": true}"""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/States/A/Assign/1bad:"))
                .anySatisfy(p -> assertThat(p).startsWith("/States/A/Assign/states:"));
    }

    @Test
    void engineRejectsAnInvalidDefinitionAsInvalidDefinition() {
        try (Engine engine = Engine.builder().build()) {
            EngineException e = catchThrowableOfType(EngineException.class,
                    () -> engine.createStateMachine("M", single("{\"Type\": \"Pass\"}"), null));
            assertThat(e.errorCode()).isEqualTo("InvalidDefinition");
            assertThat(e.getMessage()).contains("/States/A");
        }
    }
}
