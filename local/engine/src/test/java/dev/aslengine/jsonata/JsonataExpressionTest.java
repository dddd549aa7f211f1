package dev.aslengine.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonataExpressionTest {
    private static final JsonNode INPUT = Json.parse("""
            {"title": "Doctor", "n": 3, "price": 2.5, "items": [1, 2, 3], "one": [7], "bar": null,
             "big": 9007199254740993, "nested": {"a": {"b": "deep"}}}""");
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\": {\"Id\": \"arn:exec\"}, \"State\": {\"Name\": \"S\"}}");

    private static JsonNode eval(String text) {
        return JsonataExpression.compile(text).evaluate(JsonataScope.of(INPUT, CONTEXT));
    }

    private static String evalJson(String text) {
        return Json.write(eval(text));
    }

    @Test
    void expressionIsTheWholeStringBetweenPercentBraces() {
        assertThat(JsonataExpression.isExpression("{% 1 %}")).isTrue();
        assertThat(JsonataExpression.isExpression("{%1%}")).isTrue();
        assertThat(JsonataExpression.isExpression(" {% 1 %}")).isFalse();
        assertThat(JsonataExpression.isExpression("{% 1 %} ")).isFalse();
        assertThat(JsonataExpression.isExpression("a {% 1 %}")).isFalse();
        assertThat(JsonataExpression.isExpression("{%}")).isFalse();
        assertThat(JsonataExpression.isExpression("$.title")).isFalse();
        assertThat(JsonataExpression.isExpression(null)).isFalse();
    }

    @Test
    void statesInputIsReadable() {
        assertThat(evalJson("{% $states.input.title %}")).isEqualTo("\"Doctor\"");
        assertThat(evalJson("{% $states.input.nested.a.b %}")).isEqualTo("\"deep\"");
        assertThat(evalJson("{% $states.input.items[1] %}")).isEqualTo("2");
    }

    @Test
    void statesContextIsReadable() {
        assertThat(evalJson("{% $states.context.Execution.Id %}")).isEqualTo("\"arn:exec\"");
    }

    @Test
    void wholeStatesObjectHoldsOnlyTheMembersPresent() {
        assertThat(evalJson("{% $keys($states) %}")).isEqualTo("[\"input\",\"context\"]");
    }

    @Test
    void statesResultAndErrorOutputAreReadableWhenPresent() {
        var scope = new JsonataScope(INPUT, Json.parse("{\"r\": 1}"), Json.parse("{\"Error\": \"E\"}"), CONTEXT, null);
        assertThat(Json.write(JsonataExpression.compile("{% [$states.result.r, $states.errorOutput.Error] %}").evaluate(scope)))
                .isEqualTo("[1,\"E\"]");
    }

    @Test
    void statesResultWithoutAResultIsUndefined() {
        assertThat(eval("{% $states.result %}")).isNull();
        assertThat(eval("{% $exists($states.result) %}").booleanValue()).isFalse();
        assertThat(eval("{% $states.errorOutput.Error %}")).isNull();
    }

    @Test
    void missingFieldIsUndefinedAndJavaNull() {
        assertThat(eval("{% $states.input.absent %}")).isNull();
    }

    @Test
    void jsonNullIsAValueNotUndefined() {
        assertThat(eval("{% $states.input.bar %}").isNull()).isTrue();
        assertThat(evalJson("{% {'v': $states.input.bar} %}")).isEqualTo("{\"v\":null}");
        assertThat(evalJson("{% $exists($states.input.bar) %}")).isEqualTo("true");
        assertThat(evalJson("{% $type($states.input.bar) %}")).isEqualTo("\"null\"");
        assertThat(evalJson("{% null %}")).isEqualTo("null");
    }

    @Test
    void variablesAreBoundByName() {
        Map<String, JsonNode> vars = Map.of("customerName", Json.parse("\"María\""), "limits", Json.parse("{\"max\": 5}"));
        var scope = new JsonataScope(INPUT, null, null, CONTEXT, vars::get);
        assertThat(Json.write(JsonataExpression.compile("{% $customerName & ' / ' & $limits.max %}").evaluate(scope)))
                .isEqualTo("\"María / 5\"");
    }

    @Test
    void unknownVariableIsUndefined() {
        assertThat(eval("{% $nobody %}")).isNull();
    }

    @Test
    void variableCannotBeReassignedOutsideTheExpression() {
        Map<String, JsonNode> vars = Map.of("x", Json.parse("1"));
        var scope = new JsonataScope(INPUT, null, null, CONTEXT, vars::get);
        var expression = JsonataExpression.compile("{% ($x := 2; $x) %}");
        assertThat(expression.evaluate(scope).intValue()).isEqualTo(2);
        assertThat(JsonataExpression.compile("{% $x %}").evaluate(scope).intValue()).isEqualTo(1);
        assertThat(vars.get("x").intValue()).isEqualTo(1);
    }

    @Test
    void integralResultsAreWrittenWithoutFraction() {
        assertThat(evalJson("{% 1.5 * 2 %}")).isEqualTo("3");
        assertThat(evalJson("{% $states.input.n * 1.0 %}")).isEqualTo("3");
        assertThat(evalJson("{% 6 / 2 %}")).isEqualTo("3");
        assertThat(evalJson("{% 10 / 4 %}")).isEqualTo("2.5");
        assertThat(evalJson("{% $states.input.price * 2 %}")).isEqualTo("5");
        assertThat(evalJson("{% $sum($states.input.items) %}")).isEqualTo("6");
    }

    @Test
    void floatingResultsKeepJavaScriptDigits() {
        assertThat(evalJson("{% 0.1 + 0.2 %}")).isEqualTo("0.30000000000000004");
    }

    @Test
    void largeIntegralNumbersAreWrittenInFullBelow1e21() {
        assertThat(evalJson("{% 1e20 %}")).isEqualTo("100000000000000000000");
        assertThat(evalJson("{% 123456789012 * 10 %}")).isEqualTo("1234567890120");
        assertThat(eval("{% 1e21 %}").doubleValue()).isEqualTo(1e21);
        assertThat(evalJson("{% 1e21 %}")).doesNotContain("000000000000000000000");
    }

    @Test
    void integersOfTheInputStayIntegers() {
        assertThat(evalJson("{% $states.input.items %}")).isEqualTo("[1,2,3]");
        assertThat(eval("{% $states.input.n %}").isIntegralNumber()).isTrue();
    }

    @Test
    void objectKeyOrderIsKept() {
        assertThat(evalJson("{% {'z': 1, 'a': 2, 'm': 3} %}")).isEqualTo("{\"z\":1,\"a\":2,\"m\":3}");
        assertThat(evalJson("{% $states.input.nested %}")).isEqualTo("{\"a\":{\"b\":\"deep\"}}");
    }

    @Test
    void singleElementArrayOfTheInputStaysAnArray() {
        assertThat(evalJson("{% $states.input.one %}")).isEqualTo("[7]");
    }

    @Test
    void syntaxErrorAtCompileNamesTheProblemAndPosition() {
        assertThatThrownBy(() -> JsonataExpression.compile("{% a[1,2) %}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a[1,2)")
                .hasMessageContaining("Expected \"]\"")
                .hasMessageContaining("position");
    }

    @Test
    void emptyExpressionIsRefusedAtCompile() {
        assertThatThrownBy(() -> JsonataExpression.compile("{%  %}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void undefinedFunctionCallIsAQueryEvaluationError() {
        assertThatThrownBy(() -> eval("{% $nope(1) %}"))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(e.cause()).contains("$nope(1)").contains("T1006");
                });
    }

    @Test
    void typeErrorIsAQueryEvaluationError() {
        assertThatThrownBy(() -> eval("{% $states.input.title + 1 %}"))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
                    assertThat(e.cause()).contains("$states.input.title + 1").contains("T2001");
                });
    }

    @Test
    void divisionByZeroIsAQueryEvaluationError() {
        assertThatThrownBy(() -> eval("{% 1/0 %}")).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR));
    }

    @Test
    void evalIsNotAvailableAsOnAws() {
        assertThatThrownBy(() -> eval("{% $eval('1 + 1') %}")).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).contains("T1006"));
    }

    @Test
    void returningAFunctionIsAQueryEvaluationError() {
        assertThatThrownBy(() -> eval("{% function($x){$x} %}")).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR));
    }

    @Test
    void runawayRecursionIsAQueryEvaluationError() {
        assertThatThrownBy(() -> eval("{% ($f := function($n){ 1 + $f($n + 1) }; $f(0)) %}"))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR));
    }

    @Test
    void nowIsTheTimeOfTheEvaluation() {
        long before = System.currentTimeMillis();
        long millis = eval("{% $millis() %}").longValue();
        long after = System.currentTimeMillis();
        assertThat(millis).isBetween(before, after);
        assertThat(eval("{% $now() %}").textValue()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(eval("{% $now() = $now() %}").booleanValue()).isTrue();
    }

    @Test
    void inputIsNotChangedByEvaluation() {
        String before = Json.write(INPUT);
        eval("{% $states.input ~> |nested.a|{'b': 'changed'}| %}");
        eval("{% $sort($states.input.items, function($a, $b){ $a < $b }) %}");
        assertThat(Json.write(INPUT)).isEqualTo(before);
    }
}
