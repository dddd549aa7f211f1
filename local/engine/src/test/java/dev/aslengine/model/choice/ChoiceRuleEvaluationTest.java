package dev.aslengine.model.choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.path.PathScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChoiceRuleEvaluationTest {
    private static ChoiceRule rule(String json) {
        List<String> problems = new ArrayList<>();
        ChoiceRule rule = ChoiceRules.parse(Json.parse(json), "/States/Route/Choices/0", true, problems);
        assertThat(problems).isEmpty();
        return rule;
    }

    private static boolean matches(String ruleJson, String inputJson) {
        return rule(ruleJson).matches(PathScope.of(Json.parse(inputJson), Json.object()));
    }

    // --- numbers

    @Test
    void numericEqualsComparesValuesExactlySoOneEqualsOnePointZero() {
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":1}", "{\"n\":1.0}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":1.00}", "{\"n\":1}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":0.3}", "{\"n\":0.30}")).isTrue();
    }

    @Test
    void numericComparisonDoesNotRoundThroughDoubles() {
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":9007199254740993}", "{\"n\":9007199254740992}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericGreaterThan\":0.1}", "{\"n\":0.10000000000000001}")).isTrue();
    }

    @Test
    void numericRelationsCompareByValue() {
        String input = "{\"n\":20}";
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericLessThan\":20.5}", input)).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericLessThan\":20}", input)).isFalse();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericLessThanEquals\":20.0}", input)).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericGreaterThan\":-3}", input)).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericGreaterThanEquals\":21}", input)).isFalse();
    }

    @Test
    void numericComparisonOfAStringIsFalseNotAnError() {
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":1}", "{\"n\":\"1\"}")).isFalse();
        assertThat(matches("{\"Not\":{\"Variable\":\"$.n\",\"NumericLessThan\":5}}", "{\"n\":\"1\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.n\",\"NumericEquals\":0}", "{\"n\":null}")).isFalse();
    }

    // --- strings

    @Test
    void stringComparisonOfANumberIsFalse() {
        assertThat(matches("{\"Variable\":\"$.s\",\"StringEquals\":\"1\"}", "{\"s\":1}")).isFalse();
    }

    @Test
    void stringOrderIsByCharacterCodeNotLocale() {
        assertThat(matches("{\"Variable\":\"$.s\",\"StringLessThan\":\"a\"}", "{\"s\":\"B\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.s\",\"StringLessThan\":\"9\"}", "{\"s\":\"10\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.s\",\"StringGreaterThanEquals\":\"abc\"}", "{\"s\":\"abc\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.s\",\"StringLessThanEquals\":\"ab\"}", "{\"s\":\"abc\"}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.s\",\"StringEquals\":\"Private\"}", "{\"s\":\"private\"}")).isFalse();
    }

    @Test
    void stringOrderIsJavaCompareToByUtf16UnitsAsTheAwsDocsSay() {
        // U+FF61 sorts after the surrogate pair of U+1F600 in UTF-16, although its code point is smaller
        assertThat(matches("{\"Variable\":\"$.s\",\"StringGreaterThan\":\"\uD83D\uDE00\"}", "{\"s\":\"\uFF61\"}")).isTrue();
    }

    @Test
    void aTimestampLikeStringIsStillAStringToStringEquals() {
        assertThat(matches("{\"Variable\":\"$.t\",\"StringEquals\":\"2016-03-14T01:59:00Z\"}", "{\"t\":\"2016-03-14T01:59:00Z\"}"))
                .isTrue();
        assertThat(matches("{\"Variable\":\"$.t\",\"StringEquals\":\"2016-03-14T01:59:00Z\"}", "{\"t\":\"2016-03-14T02:59:00+01:00\"}"))
                .isFalse();
    }

    // --- StringMatches

    @Test
    void stringMatchesTreatsAsteriskAsAnyRun() {
        String rule = "{\"Variable\":\"$.f\",\"StringMatches\":\"log-*.txt\"}";
        assertThat(matches(rule, "{\"f\":\"log-2024-01-01.txt\"}")).isTrue();
        assertThat(matches(rule, "{\"f\":\"log-.txt\"}")).isTrue();
        assertThat(matches(rule, "{\"f\":\"log-1.txt.gz\"}")).isFalse();
        assertThat(matches(rule, "{\"f\":\"xlog-1.txt\"}")).isFalse();
    }

    @Test
    void stringMatchesWithEscapedAsteriskMatchesOnlyALiteralAsterisk() {
        String rule = "{\"Variable\":\"$.f\",\"StringMatches\":\"a\\\\*b\"}"; // the JSON text a\\*b is the pattern a\*b
        assertThat(matches(rule, "{\"f\":\"a*b\"}")).isTrue();
        assertThat(matches(rule, "{\"f\":\"axb\"}")).isFalse();
        assertThat(matches(rule, "{\"f\":\"ab\"}")).isFalse();
    }

    @Test
    void stringMatchesWithEscapedBackslashMatchesALiteralBackslash() {
        String rule = "{\"Variable\":\"$.f\",\"StringMatches\":\"C:\\\\\\\\*\"}"; // pattern C:\\* : "C:\" then anything
        assertThat(matches(rule, "{\"f\":\"C:\\\\temp\"}")).isTrue();
        assertThat(matches(rule, "{\"f\":\"C:temp\"}")).isFalse();
    }

    @Test
    void stringMatchesGivesNoOtherCharacterAMeaning() {
        assertThat(matches("{\"Variable\":\"$.f\",\"StringMatches\":\"a?.[b]\"}", "{\"f\":\"a?.[b]\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.f\",\"StringMatches\":\"a?.[b]\"}", "{\"f\":\"ax.b\"}")).isFalse();
    }

    @Test
    void stringMatchesOnANonStringIsFalse() {
        assertThat(matches("{\"Variable\":\"$.f\",\"StringMatches\":\"*\"}", "{\"f\":12}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.f\",\"StringMatches\":\"*\"}", "{\"f\":\"\"}")).isTrue();
    }

    // --- booleans

    @Test
    void booleanEqualsNeedsAJsonBoolean() {
        assertThat(matches("{\"Variable\":\"$.b\",\"BooleanEquals\":true}", "{\"b\":true}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.b\",\"BooleanEquals\":false}", "{\"b\":true}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.b\",\"BooleanEquals\":true}", "{\"b\":\"true\"}")).isFalse();
    }

    // --- timestamps

    @Test
    void timestampsCompareAsInstantsWithOffsetsNormalised() {
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampEquals\":\"2016-03-14T01:59:00Z\"}",
                "{\"t\":\"2016-03-14T02:59:00+01:00\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampLessThan\":\"2016-03-14T01:59:00Z\"}",
                "{\"t\":\"2016-03-13T23:59:00-03:00\"}")).isFalse(); // 02:59Z, though it reads earlier
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampGreaterThanEquals\":\"2016-03-14T01:59:00Z\"}",
                "{\"t\":\"2016-03-13T23:59:00-02:00\"}")).isTrue();
    }

    @Test
    void timestampsMayCarryFractionalSeconds() {
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampGreaterThan\":\"2016-03-14T01:59:00Z\"}",
                "{\"t\":\"2016-03-14T01:59:00.001Z\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampEquals\":\"2016-03-14T01:59:00.500Z\"}",
                "{\"t\":\"2016-03-14T01:59:00.5Z\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.t\",\"TimestampLessThanEquals\":\"2016-03-14T01:59:00.000000001Z\"}",
                "{\"t\":\"2016-03-14T01:59:00Z\"}")).isTrue();
    }

    @Test
    void timestampComparisonOfANonTimestampIsFalse() {
        String rule = "{\"Variable\":\"$.t\",\"TimestampLessThan\":\"2030-01-01T00:00:00Z\"}";
        assertThat(matches(rule, "{\"t\":\"yesterday\"}")).isFalse();
        assertThat(matches(rule, "{\"t\":\"2016-03-14t01:59:00z\"}")).isFalse();
        assertThat(matches(rule, "{\"t\":\"2016-03-14T01:59:00\"}")).isFalse();
        assertThat(matches(rule, "{\"t\":1457920740}")).isFalse();
    }

    // --- type tests

    @Test
    void isNumericIsTrueForJsonNumbersOnly() {
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNumeric\":true}", "{\"v\":5}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNumeric\":true}", "{\"v\":-0.5}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNumeric\":true}", "{\"v\":\"5\"}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNumeric\":false}", "{\"v\":\"5\"}")).isTrue();
    }

    @Test
    void isStringIsBooleanAndIsNullTestTheJsonType() {
        assertThat(matches("{\"Variable\":\"$.v\",\"IsString\":true}", "{\"v\":\"\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsString\":true}", "{\"v\":null}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsBoolean\":true}", "{\"v\":false}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsBoolean\":true}", "{\"v\":\"false\"}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNull\":true}", "{\"v\":null}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNull\":true}", "{\"v\":0}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.v\",\"IsNull\":false}", "{\"v\":{}}")).isTrue();
    }

    @Test
    void isTimestampIsTrueOnlyForRfc3339Strings() {
        String rule = "{\"Variable\":\"$.v\",\"IsTimestamp\":true}";
        assertThat(matches(rule, "{\"v\":\"2016-03-14T01:59:00Z\"}")).isTrue();
        assertThat(matches(rule, "{\"v\":\"2016-03-14T01:59:00.123456Z\"}")).isTrue();
        assertThat(matches(rule, "{\"v\":\"2016-03-14T01:59:00-07:00\"}")).isTrue();
        assertThat(matches(rule, "{\"v\":\"2016-03-14\"}")).isFalse();
        assertThat(matches(rule, "{\"v\":\"2016-03-14 01:59:00Z\"}")).isFalse();
        assertThat(matches(rule, "{\"v\":\"2016-03-14T01:59:00z\"}")).isFalse();
        assertThat(matches(rule, "{\"v\":\"2016-02-30T01:59:00Z\"}")).isFalse();
        assertThat(matches(rule, "{\"v\":1457920740}")).isFalse();
    }

    @Test
    void isPresentOnAMissingPathIsFalseNotAnError() {
        assertThat(matches("{\"Variable\":\"$.missing\",\"IsPresent\":true}", "{}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.missing\",\"IsPresent\":false}", "{}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.a.b.c\",\"IsPresent\":true}", "{\"a\":\"not an object\"}")).isFalse();
    }

    @Test
    void aPresentNullIsPresent() {
        assertThat(matches("{\"Variable\":\"$.v\",\"IsPresent\":true}", "{\"v\":null}")).isTrue();
    }

    // --- paths that select nothing

    @Test
    void aVariableThatSelectsNothingFailsWithStatesRuntime() {
        ChoiceRule rule = rule("{\"Variable\":\"$.x\",\"StringEquals\":\"a\"}");
        assertThatThrownBy(() -> rule.matches(PathScope.of(Json.parse("{}"), Json.object())))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
                    assertThat(e.cause()).isEqualTo(
                            "Invalid path '$.x': The choice state's condition path references an invalid value.");
                });
    }

    @Test
    void typeTestsOtherThanIsPresentFailOnAMissingVariable() {
        ChoiceRule rule = rule("{\"Variable\":\"$.x\",\"IsNull\":false}");
        assertThatThrownBy(() -> rule.matches(PathScope.of(Json.parse("{}"), Json.object())))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.RUNTIME));
    }

    @Test
    void aPathOperandThatSelectsNothingFailsWithStatesRuntime() {
        ChoiceRule rule = rule("{\"Variable\":\"$.n\",\"NumericLessThanPath\":\"$.limit\"}");
        assertThatThrownBy(() -> rule.matches(PathScope.of(Json.parse("{\"n\":1}"), Json.object())))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
                    assertThat(e.cause()).isEqualTo(
                            "Invalid path '$.limit': The choice state's condition path references an invalid value.");
                });
    }

    @Test
    void andStopsAtTheFirstFalseOperandSoIsPresentGuardsALaterTest() {
        String rule = "{\"And\":[{\"Variable\":\"$.k\",\"IsPresent\":true},{\"Variable\":\"$.k\",\"StringEquals\":\"foo\"}]}";
        assertThat(matches(rule, "{}")).isFalse();
        assertThat(matches(rule, "{\"k\":\"foo\"}")).isTrue();
    }

    @Test
    void orStopsAtTheFirstTrueOperand() {
        String rule = "{\"Or\":[{\"Variable\":\"$.k\",\"IsPresent\":false},{\"Variable\":\"$.k\",\"StringEquals\":\"foo\"}]}";
        assertThat(matches(rule, "{}")).isTrue();
        assertThat(matches(rule, "{\"k\":\"bar\"}")).isFalse();
    }

    @Test
    void notInvertsItsOperand() {
        String rule = "{\"Not\":{\"Variable\":\"$.type\",\"StringEquals\":\"Private\"},\"Next\":\"Public\"}";
        assertThat(matches(rule, "{\"type\":\"Private\"}")).isFalse();
        assertThat(matches(rule, "{\"type\":\"Public\"}")).isTrue();
    }

    @Test
    void theAwsDocsExampleRoutesTwentyTwoToTheTwenties() {
        String rule = "{\"And\":[{\"Variable\":\"$.value\",\"NumericGreaterThanEquals\":20},"
                + "{\"Variable\":\"$.value\",\"NumericLessThan\":30}],\"Next\":\"ValueInTwenties\"}";
        assertThat(matches(rule, "{\"type\":\"Private\",\"value\":22}")).isTrue();
        assertThat(matches(rule, "{\"type\":\"Private\",\"value\":30}")).isFalse();
    }

    // --- ...Path operands

    @Test
    void pathOperandsReadTheInput() {
        assertThat(matches("{\"Variable\":\"$.rating\",\"NumericGreaterThanPath\":\"$.auditThreshold\"}",
                "{\"rating\":7,\"auditThreshold\":6.5}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.a\",\"StringEqualsPath\":\"$.b\"}", "{\"a\":\"x\",\"b\":\"x\"}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.a\",\"BooleanEqualsPath\":\"$.b\"}", "{\"a\":true,\"b\":false}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.a\",\"TimestampLessThanPath\":\"$.b\"}",
                "{\"a\":\"2020-01-01T00:00:00Z\",\"b\":\"2020-01-01T00:30:00+00:15\"}")).isTrue();
    }

    @Test
    void pathOperandsReadTheContextAndVariables() {
        JsonNode context = Json.parse("{\"State\":{\"EnteredTime\":\"2024-05-01T10:00:00.123Z\"},\"Execution\":{\"Name\":\"run-1\"}}");
        PathScope scope = new PathScope(Json.parse("{\"due\":\"2024-05-01T09:00:00Z\",\"name\":\"run-1\"}"), context,
                Map.of("limit", Json.parse("3"))::get);
        assertThat(rule("{\"Variable\":\"$.due\",\"TimestampLessThanPath\":\"$$.State.EnteredTime\"}").matches(scope)).isTrue();
        assertThat(rule("{\"Variable\":\"$.name\",\"StringEqualsPath\":\"$$.Execution.Name\"}").matches(scope)).isTrue();
        assertThat(rule("{\"Variable\":\"$limit\",\"NumericEquals\":3}").matches(scope)).isTrue();
        assertThat(rule("{\"Variable\":\"$$.Execution.Name\",\"StringMatches\":\"run-*\"}").matches(scope)).isTrue();
    }

    @Test
    void aPathOperandOfTheWrongTypeIsFalseNotAnError() {
        assertThat(matches("{\"Variable\":\"$.a\",\"NumericEqualsPath\":\"$.b\"}", "{\"a\":1,\"b\":\"1\"}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.a\",\"StringEqualsPath\":\"$.b\"}", "{\"a\":\"1\",\"b\":1}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.a\",\"TimestampEqualsPath\":\"$.b\"}",
                "{\"a\":\"2020-01-01T00:00:00Z\",\"b\":\"not a time\"}")).isFalse();
        assertThat(matches("{\"Variable\":\"$.a\",\"BooleanEqualsPath\":\"$.b\"}", "{\"a\":true,\"b\":null}")).isFalse();
    }

    @Test
    void numericPathOperandsCompareExactly() {
        assertThat(matches("{\"Variable\":\"$.a\",\"NumericEqualsPath\":\"$.b\"}", "{\"a\":2,\"b\":2.000}")).isTrue();
        assertThat(matches("{\"Variable\":\"$.a\",\"NumericLessThanEqualsPath\":\"$.b\"}", "{\"a\":-1,\"b\":-1}")).isTrue();
    }
}
