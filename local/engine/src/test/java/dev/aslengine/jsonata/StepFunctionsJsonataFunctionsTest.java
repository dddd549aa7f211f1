package dev.aslengine.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import org.junit.jupiter.api.Test;

class StepFunctionsJsonataFunctionsTest {
    private static final JsonataScope SCOPE = JsonataScope.of(
            Json.parse("{\"items\": [1,2,3,4,5,6,7,8,9], \"json\": \"{\\\"a\\\": [1, 2.5, null], \\\"b\\\": 12345678901234}\", \"seed\": 42}"),
            Json.parse("{}"));

    private static JsonNode eval(String text) {
        return JsonataExpression.compile(text).evaluate(SCOPE);
    }

    private static String evalJson(String text) {
        JsonNode result = eval(text);
        return result == null ? null : Json.write(result);
    }

    private static void assertQueryError(String text, String causePart) {
        assertThatThrownBy(() -> eval(text)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo(StatesError.QUERY_EVALUATION_ERROR);
            assertThat(e.cause()).contains(causePart);
        });
    }

    @Test
    void partitionSplitsIntoChunksWithTheRemainderLast() {
        assertThat(evalJson("{% $partition($states.input.items, 3) %}")).isEqualTo("[[1,2,3],[4,5,6],[7,8,9]]");
        assertThat(evalJson("{% $partition([1,2,3,4,5], 2) %}")).isEqualTo("[[1,2],[3,4],[5]]");
        assertThat(evalJson("{% $partition([1,2,3], 5) %}")).isEqualTo("[[1,2,3]]");
    }

    @Test
    void partitionTruncatesTheChunkSizeTowardsZero() {
        assertThat(evalJson("{% $partition([1,2,3,4,5], 2.9) %}")).isEqualTo("[[1,2],[3,4],[5]]");
    }

    @Test
    void partitionWithZeroChunkOrEmptyArrayIsUndefined() {
        assertThat(eval("{% $partition([1,2], 0) %}")).isNull();
        assertThat(eval("{% $partition([], 2) %}")).isNull();
    }

    @Test
    void partitionOfANonNumberSizeIsAQueryEvaluationError() {
        assertQueryError("{% $partition([1,2], 'x') %}", "T0410");
    }

    @Test
    void rangeIsInclusiveWhenTheStepLandsOnTheEnd() {
        assertThat(evalJson("{% $range(0, 10, 2) %}")).isEqualTo("[0,2,4,6,8,10]");
        assertThat(evalJson("{% $range(0, 9, 2) %}")).isEqualTo("[0,2,4,6,8]");
        assertThat(evalJson("{% $range(5, 1, -2) %}")).isEqualTo("[5,3,1]");
    }

    @Test
    void rangeTruncatesArgumentsTowardsZero() {
        assertThat(evalJson("{% $range(-1.7, 2, 1) %}")).isEqualTo("[-1,0,1,2]");
    }

    @Test
    void rangeOfOneNumberIsTheBareNumber() {
        assertThat(evalJson("{% $range(3, 3, 1) %}")).isEqualTo("3");
    }

    @Test
    void rangeWithoutStepOrWithAStepAwayFromTheEndIsUndefined() {
        assertThat(eval("{% $range(1, 5) %}")).isNull();
        assertThat(eval("{% $range(1, 5, -1) %}")).isNull();
        assertThat(eval("{% $range(5, 1, 1) %}")).isNull();
        assertThat(eval("{% $range(1, 5, 0) %}")).isNull();
    }

    @Test
    void rangeBeyondTheMemoryLimitIsAQueryEvaluationError() {
        assertThat(eval("{% $count($range(1, 360145, 1)) %}").intValue()).isEqualTo(360145);
        assertQueryError("{% $range(1, 360146, 1) %}", "memory limit");
    }

    @Test
    void hashAnswersTheHexDigest() {
        assertThat(eval("{% $hash('input data', 'SHA-1') %}").textValue()).isEqualTo("aaff4a450a104cd177d28d18d74485e8cae074b7");
        assertThat(eval("{% $hash('', 'MD5') %}").textValue()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(eval("{% $hash('abc', 'SHA-256') %}").textValue())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(eval("{% $hash('abc', 'SHA-384') %}").textValue()).hasSize(96);
        assertThat(eval("{% $hash('abc', 'SHA-512') %}").textValue()).hasSize(128);
    }

    @Test
    void hashAlgorithmIsCaseSensitive() {
        assertQueryError("{% $hash('abc', 'sha-256') %}", "SHA-256");
        assertQueryError("{% $hash('abc', 'SHA-3') %}", "MD5, SHA-1");
    }

    @Test
    void hashWithoutAlgorithmIsUndefined() {
        assertThat(eval("{% $hash('abc') %}")).isNull();
    }

    @Test
    void randomIsBelowOneAndReproducibleUnderASeed() {
        double r = eval("{% $random() %}").doubleValue();
        assertThat(r).isGreaterThanOrEqualTo(0).isLessThan(1);
        double seeded = eval("{% $random($states.input.seed) %}").doubleValue();
        assertThat(seeded).isGreaterThanOrEqualTo(0).isLessThan(1);
        assertThat(eval("{% $random(42) %}").doubleValue()).isEqualTo(seeded);
        assertThat(eval("{% $random(43) %}").doubleValue()).isNotEqualTo(seeded);
    }

    @Test
    void uuidIsVersion4() {
        String uuid = eval("{% $uuid() %}").textValue();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(eval("{% $uuid() %}").textValue()).isNotEqualTo(uuid);
    }

    @Test
    void parseDeserializesJsonKeepingIntegers() {
        assertThat(evalJson("{% $parse($states.input.json) %}")).isEqualTo("{\"a\":[1,2.5,null],\"b\":12345678901234}");
        assertThat(evalJson("{% $parse('[1, 2]')[1] %}")).isEqualTo("2");
        assertThat(evalJson("{% $parse('\"s\"') %}")).isEqualTo("\"s\"");
    }

    @Test
    void parseOfTextThatIsNotJsonIsAQueryEvaluationError() {
        assertQueryError("{% $parse('{nope') %}", "$parse");
    }
}
