package dev.aslengine.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonataTemplateTest {
    private static final JsonNode INPUT = Json.parse("{\"title\": \"Doctor\", \"list\": [1, 2], \"bar\": null}");
    private static final JsonataScope SCOPE = new JsonataScope(INPUT, null, null, Json.parse("{}"),
            Map.of("customerName", Json.parse("\"María\""))::get);

    private static JsonataTemplate compile(String json, String where) {
        List<String> problems = new ArrayList<>();
        JsonataTemplate template = JsonataTemplate.compile(Json.parse(json), where, problems);
        assertThat(problems).isEmpty();
        return template;
    }

    @Test
    void literalsStayAsWrittenAndTheTemplateIsConstant() {
        JsonataTemplate template = compile("{\"static\": \"Hello\", \"not-evaluated\": \"$customerName\", \"n\": 1.50, \"a\": [true, null]}",
                "/States/X/Arguments");
        assertThat(template.isConstant()).isTrue();
        assertThat(Json.write(template.evaluate(SCOPE)))
                .isEqualTo("{\"static\":\"Hello\",\"not-evaluated\":\"$customerName\",\"n\":1.50,\"a\":[true,null]}");
    }

    @Test
    void constantResultIsACopyCallersMayChange() {
        JsonataTemplate template = compile("{\"a\": 1}", "/States/X/Output");
        ((com.fasterxml.jackson.databind.node.ObjectNode) template.evaluate(SCOPE)).put("a", 2);
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo("{\"a\":1}");
    }

    @Test
    void expressionsInsideObjectsAndArraysAreEvaluatedInPlace() {
        JsonataTemplate template = compile("""
                {"static": "Hello", "title": "{% $states.input.title %}", "name": "{% $customerName %}",
                 "not-evaluated": "$customerName", "nested": {"list": ["{% $states.input.list[0] %}", "x", "{% 1 + 1 %}"]}}""",
                "/States/X/Arguments");
        assertThat(template.isConstant()).isFalse();
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo(
                "{\"static\":\"Hello\",\"title\":\"Doctor\",\"name\":\"María\",\"not-evaluated\":\"$customerName\","
                        + "\"nested\":{\"list\":[1,\"x\",2]}}");
    }

    @Test
    void wholeFieldExpressionAnswersItsValue() {
        JsonataTemplate template = compile("\"{% $states.input.list %}\"", "/States/X/Items");
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo("[1,2]");
    }

    @Test
    void stringThatOnlyContainsDelimitersInsideIsALiteral() {
        JsonataTemplate template = compile("{\"a\": \"value {% 1 %}\", \"b\": \" {% 1 %}\"}", "/States/X/Output");
        assertThat(template.isConstant()).isTrue();
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo("{\"a\":\"value {% 1 %}\",\"b\":\" {% 1 %}\"}");
    }

    @Test
    void nullResultKeepsItsKey() {
        JsonataTemplate template = compile("{\"v\": \"{% $states.input.bar %}\", \"w\": [\"{% null %}\"]}", "/States/X/Output");
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo("{\"v\":null,\"w\":[null]}");
    }

    @Test
    void undefinedFieldInAnObjectFailsTheStateNamingTheField() {
        JsonataTemplate template = compile("{\"Input\": {\"pushLocation\": \"{% $states.input.pushLocation %}\"}}",
                "/States/Run/Arguments");
        assertThatThrownBy(() -> template.evaluate(SCOPE)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(e.cause()).isEqualTo("The JSONata expression '$states.input.pushLocation' specified for the field "
                    + "'Arguments/Input/pushLocation' returned nothing (undefined).");
        });
    }

    @Test
    void undefinedArrayElementFailsTheStateNamingItsIndex() {
        JsonataTemplate template = compile("{\"a\": {\"b\": [\"{% $states.input.absent %}\"]}}", "/States/X/Output");
        assertThatThrownBy(() -> template.evaluate(SCOPE)).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).contains("'Output/a/b[0]'"));
    }

    @Test
    void undefinedWholeFieldFailsTheStateNamingTheField() {
        JsonataTemplate template = compile("\"{% $states.input.absent %}\"", "/States/Wait/Seconds");
        assertThatThrownBy(() -> template.evaluate(SCOPE)).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).isEqualTo(
                        "The JSONata expression '$states.input.absent' specified for the field 'Seconds' returned nothing (undefined)."));
    }

    @Test
    void runtimeErrorNamesTheExpressionAndField() {
        JsonataTemplate template = compile("{\"x\": \"{% $states.input.title * 2 %}\"}", "/States/X/Output");
        assertThatThrownBy(() -> template.evaluate(SCOPE)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
            assertThat(e.cause()).contains("'$states.input.title * 2'").contains("'Output/x'");
        });
    }

    @Test
    void syntaxProblemsAreCollectedWithTheirPointerAndNoTemplateIsMade() {
        List<String> problems = new ArrayList<>();
        JsonataTemplate template = JsonataTemplate.compile(
                Json.parse("{\"ok\": \"{% 1 %}\", \"a\": [\"x\", \"{% a[1,2) %}\"], \"b/c\": \"{% ( %}\"}"), "/States/E/Output", problems);
        assertThat(template).isNull();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("/States/E/Output/a/1: ").contains("a[1,2)");
        assertThat(problems.get(1)).startsWith("/States/E/Output/b~1c: ");
    }

    @Test
    void fieldIsNamedRelativeToItsInnermostState() {
        assertThat(JsonataTemplate.fieldOf("/States/X/Arguments")).isEqualTo("Arguments");
        assertThat(JsonataTemplate.fieldOf("/States/C/Choices/1/Condition")).isEqualTo("Choices[1]/Condition");
        assertThat(JsonataTemplate.fieldOf("/States/M/ItemProcessor/States/Inner/Output")).isEqualTo("Output");
        assertThat(JsonataTemplate.fieldOf("/States/X/Catch/0/Output")).isEqualTo("Catch[0]/Output");
    }

    @Test
    void expressionsOfOneTemplateSeeTheSameInput() {
        JsonataTemplate template = compile("[\"{% $states.input.title %}\", \"{% $count($states.input.list) %}\", \"{% $states.context %}\"]",
                "/States/X/Output");
        assertThat(Json.write(template.evaluate(SCOPE))).isEqualTo("[\"Doctor\",2,{}]");
    }
}
