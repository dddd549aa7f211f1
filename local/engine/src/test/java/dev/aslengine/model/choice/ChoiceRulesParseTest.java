package dev.aslengine.model.choice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChoiceRulesParseTest {
    private static final String WHERE = "/States/Route/Choices/0";

    private final List<String> problems = new ArrayList<>();

    private ChoiceRule parse(String json) {
        return ChoiceRules.parse(Json.parse(json), WHERE, true, problems);
    }

    private List<String> problemsOf(String json) {
        ChoiceRule rule = parse(json);
        assertThat(rule).as("an invalid rule parses to null").isNull();
        return problems;
    }

    @Test
    void aValidRuleParsesToTheTypedModel() {
        ChoiceRule rule = parse("{\"And\":[{\"Variable\":\"$.value\",\"NumericGreaterThanEquals\":20},"
                + "{\"Not\":{\"Variable\":\"$.type\",\"StringEqualsPath\":\"$.other\"}}],\"Next\":\"ValueInTwenties\"}");
        assertThat(problems).isEmpty();
        assertThat(rule).isInstanceOf(AndRule.class);
        List<ChoiceRule> operands = ((AndRule) rule).operands();
        assertThat(operands).hasSize(2);
        DataTestRule first = (DataTestRule) operands.get(0);
        assertThat(first.variable().expression()).isEqualTo("$.value");
        assertThat(first.operator()).isEqualTo(ComparisonOperator.NUMERIC_GREATER_THAN_EQUALS);
        assertThat(first.operand().intValue()).isEqualTo(20);
        DataTestRule negated = (DataTestRule) ((NotRule) operands.get(1)).operand();
        assertThat(negated.operator().operandIsPath()).isTrue();
        assertThat(negated.operand().textValue()).isEqualTo("$.other");
    }

    @Test
    void everyOperatorTheAwsDocsListIsAccepted() {
        for (ComparisonOperator op : ComparisonOperator.values()) {
            String operand = switch (op.kind()) {
                case STRING, PATTERN -> op.operandIsPath() ? "\"$.o\"" : "\"x\"";
                case NUMERIC -> op.operandIsPath() ? "\"$.o\"" : "1";
                case BOOLEAN, TYPE_TEST -> op.operandIsPath() ? "\"$.o\"" : "true";
                case TIMESTAMP -> op.operandIsPath() ? "\"$.o\"" : "\"2016-03-14T01:59:00Z\"";
            };
            ChoiceRule rule = parse("{\"Variable\":\"$.v\",\"" + op.aslName() + "\":" + operand + ",\"Next\":\"N\"}");
            assertThat(rule).as(op.aslName()).isNotNull();
        }
        assertThat(problems).isEmpty();
        assertThat(ComparisonOperator.values()).hasSize(39);
    }

    @Test
    void topLevelStateFieldsAreLeftToTheCaller() {
        assertThat(parse("{\"Variable\":\"$.v\",\"IsPresent\":true,\"Next\":\"N\",\"Comment\":\"c\","
                + "\"Assign\":{\"x\":1},\"Output\":{}}")).isNotNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnknownOperatorIsNamedWithWhereItIs() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"StringEqual\":\"x\",\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/StringEqual: unknown field; expected Variable with one comparison operator "
                        + "(e.g. StringEquals, NumericLessThanPath, IsPresent), or one of And, Or, Not");
    }

    @Test
    void stringMatchesHasNoPathVariant() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"StringMatchesPath\":\"$.p\"}"))
                .singleElement().asString().startsWith(WHERE + "/StringMatchesPath: unknown field");
    }

    @Test
    void twoOperatorsInOneRuleAreRefused() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"NumericGreaterThan\":1,\"NumericLessThan\":5}"))
                .containsExactly(WHERE + "/NumericLessThan: a second comparison operator beside NumericGreaterThan; "
                        + "a data-test rule has exactly one (combine rules with And or Or)");
    }

    @Test
    void numericOperatorsNeedANumber() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"NumericEquals\":\"5\"}"))
                .containsExactly(WHERE + "/NumericEquals: expected a number, got the string \"5\"");
    }

    @Test
    void stringOperatorsNeedAString() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"StringEquals\":5}"))
                .containsExactly(WHERE + "/StringEquals: expected a string, got the number 5");
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"StringMatches\":null}"))
                .contains(WHERE + "/StringMatches: expected a string, got null");
    }

    @Test
    void booleanAndTypeTestOperatorsNeedABoolean() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"BooleanEquals\":\"true\"}"))
                .containsExactly(WHERE + "/BooleanEquals: expected true or false, got the string \"true\"");
        problems.clear();
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"IsPresent\":1}"))
                .containsExactly(WHERE + "/IsPresent: expected true or false, got the number 1");
    }

    @Test
    void timestampOperatorsNeedAnRfc3339String() {
        for (String bad : List.of("\"2016-03-14 01:59:00Z\"", "\"2016-03-14t01:59:00Z\"", "\"2016-03-14T01:59:00\"",
                "\"2016-03-14T01:59:00+0100\"", "1457920740")) {
            problems.clear();
            assertThat(problemsOf("{\"Variable\":\"$.v\",\"TimestampEquals\":" + bad + "}"))
                    .singleElement().asString()
                    .startsWith(WHERE + "/TimestampEquals: expected an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\"")
                    .endsWith("got " + (bad.startsWith("\"") ? "the string " : "the number ") + bad);
        }
    }

    @Test
    void aStringMatchesPatternEndingInAnOpenEscapeIsRefused() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"StringMatches\":\"abc\\\\\"}"))
                .singleElement().asString()
                .startsWith(WHERE + "/StringMatches: invalid pattern \"abc\\\\\": the pattern ends with an open escape");
    }

    @Test
    void badPathSyntaxIsReportedForVariableAndPathOperands() {
        assertThat(problemsOf("{\"Variable\":\"$.a[\",\"NumericEqualsPath\":\"value\"}"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith(WHERE + "/Variable: invalid path \"$.a[\": "))
                .anySatisfy(p -> assertThat(p).startsWith(WHERE + "/NumericEqualsPath: invalid path \"value\": ")
                        .endsWith("expected a path such as $.field, $$.Execution.Id or $variable"));
    }

    @Test
    void aVariableThatIsNotAStringIsRefused() {
        assertThat(problemsOf("{\"Variable\":5,\"IsNull\":true}"))
                .containsExactly(WHERE + "/Variable: expected a path such as $.field, $$.Execution.Id or $variable, got the number 5");
    }

    @Test
    void aMissingVariableIsRefused() {
        assertThat(problemsOf("{\"StringEquals\":\"x\",\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/Variable: missing; a rule with StringEquals needs Variable, the path of the value it tests");
    }

    @Test
    void aVariableWithoutOperatorIsRefused() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"Next\":\"N\"}"))
                .singleElement().asString().startsWith(WHERE + ": no comparison operator beside Variable; expected exactly one");
    }

    @Test
    void aRuleWithNothingToTestIsRefused() {
        assertThat(problemsOf("{\"Next\":\"N\"}")).singleElement().asString().startsWith(WHERE + ": the rule tests nothing");
    }

    @Test
    void variableIsNotAllowedOnABooleanRule() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"And\":[{\"Variable\":\"$.v\",\"IsNull\":true}]}"))
                .containsExactly(WHERE + "/Variable: not allowed in a rule with And; put Variable in the rules that And combines");
    }

    @Test
    void anOperatorIsNotAllowedBesideABooleanOperator() {
        assertThat(problemsOf("{\"Or\":[{\"Variable\":\"$.v\",\"IsNull\":true}],\"IsNull\":true}"))
                .containsExactly(WHERE + "/IsNull: a comparison operator is not allowed beside Or; put it in the rules that Or combines");
    }

    @Test
    void twoBooleanOperatorsInOneRuleAreRefused() {
        assertThat(problemsOf("{\"And\":[{\"Variable\":\"$.v\",\"IsNull\":true}],\"Or\":[{\"Variable\":\"$.v\",\"IsNull\":true}]}"))
                .containsExactly(WHERE + "/Or: a Choice rule has only one of And, Or, Not, and this one already has And; nest the rules instead");
    }

    @Test
    void andAndOrNeedANonEmptyArray() {
        assertThat(problemsOf("{\"And\":[],\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/And: expected a non-empty array of Choice rules, got an empty array");
        problems.clear();
        assertThat(problemsOf("{\"Or\":{\"Variable\":\"$.v\",\"IsNull\":true},\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/Or: expected a non-empty array of Choice rules, got an object");
    }

    @Test
    void notNeedsOneRuleObject() {
        assertThat(problemsOf("{\"Not\":[{\"Variable\":\"$.v\",\"IsNull\":true}],\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/Not: expected a single Choice rule object, got an array");
    }

    @Test
    void nestedProblemsNameTheNestedOperand() {
        assertThat(problemsOf("{\"Or\":[{\"Variable\":\"$.v\",\"IsNull\":true},"
                + "{\"Not\":{\"Variable\":\"$.v\",\"NumericEquals\":true}}],\"Next\":\"N\"}"))
                .containsExactly(WHERE + "/Or/1/Not/NumericEquals: expected a number, got the boolean true");
    }

    @Test
    void nextCommentAndOtherStateFieldsAreRefusedInNestedRules() {
        assertThat(problemsOf("{\"And\":[{\"Variable\":\"$.v\",\"IsNull\":true,\"Next\":\"N\"},"
                + "{\"Variable\":\"$.v\",\"IsNull\":true,\"Comment\":\"c\"}],\"Next\":\"N\"}"))
                .containsExactly(
                        WHERE + "/And/0/Next: only a top-level Choice rule may have Next, not a rule nested in And, Or or Not",
                        WHERE + "/And/1/Comment: unknown field; expected Variable with one comparison operator "
                                + "(e.g. StringEquals, NumericLessThanPath, IsPresent), or one of And, Or, Not");
    }

    @Test
    void aRuleThatIsNotAnObjectIsRefused() {
        assertThat(problemsOf("{\"And\":[\"$.v\"]}"))
                .singleElement().asString().startsWith(WHERE + "/And/0: a Choice rule must be a JSON object, got the string \"$.v\"");
    }

    @Test
    void allProblemsOfARuleAreReportedAtOnce() {
        assertThat(problemsOf("{\"Variable\":\"$.v\",\"NumericEquals\":\"1\",\"Bogus\":1,\"And\":[]}")).hasSize(4);
    }
}
