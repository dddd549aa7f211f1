package dev.aslengine.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.path.PathScope;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IntrinsicTest {
    private static final JsonNode INPUT = Json.parse("""
            {"name": "Arnav", "template": "Hello, my name is {}.", "n": 7, "dec": 1.1, "flag": true, "nothing": null,
             "obj": {"Arg1": 1, "Arg2": [], "s": "x"}, "list": [1, 2, 2, 3], "text": "{\\"foo\\": \\"bar\\"}",
             "arn": "arn:aws:imagebuilder:us-east-1:123:image/recipes/my.recipe/1"}
            """);
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\": {\"Name\": \"exec-1\"}, \"StateMachine\": {\"Name\": \"my-machine-v2\"}}");
    private static final PathScope SCOPE = new PathScope(INPUT, CONTEXT, Map.of("greeting", Json.parse("\"Hi\""))::get);

    private static JsonNode eval(String text) {
        return Intrinsic.parse(text).evaluate(SCOPE);
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    private static void fails(String text, String... causeFragments) {
        assertThatThrownBy(() -> eval(text))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.INTRINSIC_FAILURE);
                    assertThat(e.cause()).contains(causeFragments);
                });
    }

    private static void refused(String text, String... messageFragments) {
        assertThatThrownBy(() -> Intrinsic.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageFragments);
    }

    @Nested
    class Recognition {
        @Test
        void intrinsicTextStartsWithStatesOnceTrimmed() {
            assertThat(Intrinsic.isIntrinsic("  States.UUID()")).isTrue();
            assertThat(Intrinsic.isIntrinsic("$.a")).isFalse();
            assertThat(Intrinsic.isIntrinsic(null)).isFalse();
        }

        @Test
        void blanksAroundTokensAreAllowed() {
            assertThat(eval("  States.Array ( 1 ,'a' , $.n )  ")).isEqualTo(json("[1,\"a\",7]"));
        }

        @Test
        void textIsKept() {
            assertThat(Intrinsic.parse("States.Array()").text()).isEqualTo("States.Array()");
        }
    }

    @Nested
    class Format {
        @Test
        void fillsPlaceholdersFromLiteralsAndPaths() {
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)")).isEqualTo(json("\"Hello, my name is Arnav.\""));
            assertThat(eval("States.Format('Your name is {}, we are in the year {}', $.name, 2020)"))
                    .isEqualTo(json("\"Your name is Arnav, we are in the year 2020\""));
        }

        @Test
        void templateMayComeFromAPath() {
            assertThat(eval("States.Format($.template, $.name)")).isEqualTo(json("\"Hello, my name is Arnav.\""));
        }

        @Test
        void valuesRenderLikeAwsStringsRawNumbersAsWrittenNullAsNull() {
            assertThat(eval("States.Format('{}|{}|{}|{}|{}', $.name, $.n, $.dec, $.flag, $.nothing)"))
                    .isEqualTo(json("\"Arnav|7|1.1|true|null\""));
        }

        @Test
        void objectsAndArraysRenderLikeJavaToStringAsAwsDoes() {
            assertThat(eval("States.Format('{} and {}', $.obj, $.list)"))
                    .isEqualTo(json("\"{Arg1=1, Arg2=[], s=x} and [1, 2, 2, 3]\""));
        }

        @Test
        void readsContextAndVariables() {
            assertThat(eval("States.Format('{} ran {}', $greeting, $$.Execution.Name)")).isEqualTo(json("\"Hi ran exec-1\""));
        }

        @Test
        void escapedBracesAreLiteralAndNotPlaceholders() {
            assertThat(eval("States.Format('\\{\\} is {}', $.name)")).isEqualTo(json("\"{} is Arnav\""));
            assertThat(eval("States.Format('set \\{{}\\}', $.n)")).isEqualTo(json("\"set {7}\""));
        }

        @Test
        void escapedQuoteAndBackslash() {
            assertThat(eval("States.Format('it\\'s {} \\\\ done', $.name)")).isEqualTo(json("\"it's Arnav \\\\ done\""));
        }

        @Test
        void escapesAsWrittenInAnAslJsonDefinition() {
            JsonNode definition = json("{\"v.$\": \"States.Format('\\\\{{}\\\\} it\\\\'s', $.n)\"}");
            assertThat(Intrinsic.parse(definition.get("v.$").textValue()).evaluate(SCOPE)).isEqualTo(json("\"{7} it's\""));
        }

        @Test
        void placeholderCountMismatchWithALiteralTemplateIsRefusedAtParse() {
            refused("States.Format('{} and {}', $.name)", "States.Format", "2 {} placeholder(s)", "1 value argument(s)");
            refused("States.Format('none', $.name)", "0 {} placeholder(s)");
        }

        @Test
        void placeholderCountMismatchWithAPathTemplateFailsAtEvaluation() {
            fails("States.Format($.template, $.name, $.n)", "States.Format", "1 {} placeholder(s)", "2 value argument(s)");
        }

        @Test
        void templateMustBeAString() {
            refused("States.Format(1)", "template (argument 1) must be a string");
            fails("States.Format($.n)", "must be a string", "number 7");
        }

        @Test
        void unsupportedEscapeIsRefused() {
            refused("States.Format('a\\nb')", "unsupported escape '\\n'");
        }
    }

    @Nested
    class JsonFunctions {
        @Test
        void stringToJsonParses() {
            assertThat(eval("States.StringToJson($.text)")).isEqualTo(json("{\"foo\":\"bar\"}"));
            assertThat(eval("States.StringToJson('[1, 2]')")).isEqualTo(json("[1,2]"));
        }

        @Test
        void unescapedBracesInsideAStringLiteralAreFine() {
            assertThat(eval("States.StringToJson('{\"a\": \"false\"}')")).isEqualTo(json("{\"a\":\"false\"}"));
        }

        @Test
        void stringToJsonOfABlankStringIsNullAsInAws() {
            assertThat(eval("States.StringToJson('')").isNull()).isTrue();
            assertThat(eval("States.StringToJson(' ')").isNull()).isTrue();
        }

        @Test
        void stringToJsonOfBadJsonFails() {
            fails("States.StringToJson('{nope')", "States.StringToJson", "not valid JSON");
            fails("States.StringToJson($.n)", "must be a string");
        }

        @Test
        void jsonToStringWritesCompactJson() {
            assertThat(eval("States.JsonToString($.obj)")).isEqualTo(json("\"{\\\"Arg1\\\":1,\\\"Arg2\\\":[],\\\"s\\\":\\\"x\\\"}\""));
            assertThat(eval("States.JsonToString($.name)")).isEqualTo(json("\"\\\"Arnav\\\"\""));
        }

        @Test
        void nestedCallsRoundTrip() {
            assertThat(eval("States.StringToJson(States.JsonToString($.obj))")).isEqualTo(INPUT.get("obj"));
        }

        @Test
        void jsonMergeIsShallowAndTheSecondObjectWins() {
            JsonNode input = json("{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}");
            JsonNode out = Intrinsic.parse("States.JsonMerge($.json1, $.json2, false)").evaluate(PathScope.of(input, CONTEXT));
            assertThat(out).isEqualTo(json("{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}"));
            assertThat(input.get("json1")).isEqualTo(json("{\"a\":{\"a1\":1,\"a2\":2},\"b\":2}"));
        }

        @Test
        void jsonMergeRefusesDeepMerge() {
            refused("States.JsonMerge($.obj, $.obj, true)", "deep merge", "must be false");
            fails("States.JsonMerge($.obj, $.obj, $.flag)", "deep merge", "must be false");
        }

        @Test
        void jsonMergeNeedsObjects() {
            fails("States.JsonMerge($.obj, $.list, false)", "argument 2 must be an object", "array");
        }
    }

    @Nested
    class Arrays {
        @Test
        void arrayCollectsItsArgumentsInOrder() {
            assertThat(eval("States.Array('Foo', 2020, $.obj, null)")).isEqualTo(json("[\"Foo\",2020," + INPUT.get("obj") + ",null]"));
            assertThat(eval("States.Array()")).isEqualTo(json("[]"));
        }

        @Test
        void formatNestsInsideArray() {
            assertThat(eval("States.Array(States.Format('{}!', $.name), true, -1.5)")).isEqualTo(json("[\"Arnav!\",true,-1.5]"));
        }

        @Test
        void partitionChunksWithAShorterLastChunk() {
            assertThat(eval("States.ArrayPartition(States.Array(1,2,3,4,5,6,7,8,9), 4)")).isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
            assertThat(eval("States.ArrayPartition(States.Array(), 2)")).isEqualTo(json("[]"));
        }

        @Test
        void partitionNeedsAPositiveChunkSize() {
            fails("States.ArrayPartition($.list, 0)", "chunk size", "positive");
            fails("States.ArrayPartition($.list, 1.5)", "must be an integer");
            fails("States.ArrayPartition($.name, 1)", "argument 1 must be an array", "string \"Arnav\"");
        }

        @Test
        void containsComparesWholeValues() {
            assertThat(eval("States.ArrayContains($.list, 3)")).isEqualTo(json("true"));
            assertThat(eval("States.ArrayContains($.list, 5)")).isEqualTo(json("false"));
            JsonNode input = json("{\"a\": [[1, 2, 3], {\"k\": []}], \"b\": [1, 2, 3], \"c\": {\"k\": []}}");
            PathScope scope = PathScope.of(input, CONTEXT);
            assertThat(Intrinsic.parse("States.ArrayContains($.a, $.b)").evaluate(scope)).isEqualTo(json("true"));
            assertThat(Intrinsic.parse("States.ArrayContains($.a, $.c)").evaluate(scope)).isEqualTo(json("true"));
            assertThat(Intrinsic.parse("States.ArrayContains($.a, null)").evaluate(scope)).isEqualTo(json("false"));
        }

        @Test
        void rangeIncludesTheEndWhenTheStepReachesIt() {
            assertThat(eval("States.ArrayRange(1, 9, 2)")).isEqualTo(json("[1,3,5,7,9]"));
            assertThat(eval("States.ArrayRange(0, 10, 3)")).isEqualTo(json("[0,3,6,9]"));
            assertThat(eval("States.ArrayRange(1, 9, 9)")).isEqualTo(json("[1]"));
            assertThat(eval("States.ArrayRange(5, 1, -2)")).isEqualTo(json("[5,3,1]"));
            assertThat(eval("States.ArrayRange(1, 5, -1)")).isEqualTo(json("[]"));
        }

        @Test
        void rangeLimits() {
            assertThat(eval("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
            fails("States.ArrayRange(0, 1000, 1)", "1001 elements", "at most 1000");
            fails("States.ArrayRange(0, 5, 0)", "step", "must not be 0");
            fails("States.ArrayRange(0, 5.5, 1)", "must be an integer");
        }

        @Test
        void getItemReadsByIndex() {
            assertThat(eval("States.ArrayGetItem(States.Array(1,2,3,4,5,6,7,8,9), 5)")).isEqualTo(json("6"));
            fails("States.ArrayGetItem($.list, 4)", "index", "4 element(s)");
            fails("States.ArrayGetItem($.list, -1)", "index");
        }

        @Test
        void lengthCountsElements() {
            assertThat(eval("States.ArrayLength($.list)")).isEqualTo(json("4"));
            fails("States.ArrayLength($.obj)", "must be an array", "object");
        }

        @Test
        void uniqueKeepsFirstOccurrencesInOrder() {
            assertThat(eval("States.ArrayUnique(States.Array(1,2,3,3,3,3,3,3,4))")).isEqualTo(json("[1,2,3,4]"));
            assertThat(eval("States.ArrayUnique(States.Array('b', $.obj, 'b', $.obj, null, null))"))
                    .isEqualTo(json("[\"b\"," + INPUT.get("obj") + ",null]"));
        }

        @Test
        void nineNestedCallsFromTheAwsDocs() {
            String text = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                    + "States.StringSplit($.arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit("
                    + "States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 1), $.n)";
            assertThat(eval(text)).isEqualTo(json("\"my.recipe.7\""));
        }
    }

    @Nested
    class Encoding {
        @Test
        void base64RoundTrips() {
            assertThat(eval("States.Base64Encode('Data to encode')")).isEqualTo(json("\"RGF0YSB0byBlbmNvZGU=\""));
            assertThat(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).isEqualTo(json("\"Data to encode\""));
            assertThat(eval("States.Base64Encode('')")).isEqualTo(json("\"\""));
            assertThat(eval("States.Base64Decode('')")).isEqualTo(json("\"\""));
        }

        @Test
        void base64InputIsLimitedTo10000Characters() {
            PathScope big = PathScope.of(json("{\"s\": \"" + "a".repeat(10_001) + "\", \"ok\": \"" + "a".repeat(10_000) + "\"}"), CONTEXT);
            assertThat(Intrinsic.parse("States.Base64Encode($.ok)").evaluate(big).textValue()).isNotEmpty();
            assertThatThrownBy(() -> Intrinsic.parse("States.Base64Encode($.s)").evaluate(big))
                    .isInstanceOf(StatesError.class).hasMessageContaining("10001 characters").hasMessageContaining("at most 10000");
            assertThatThrownBy(() -> Intrinsic.parse("States.Base64Decode($.s)").evaluate(big))
                    .isInstanceOf(StatesError.class).hasMessageContaining("at most 10000");
        }

        @Test
        void badBase64Fails() {
            fails("States.Base64Decode('not base64!')", "not valid Base64");
            fails("States.Base64Encode($.n)", "must be a string");
        }

        @Test
        void hashesMatchTheValuesAwsReturns() {
            assertThat(eval("States.Hash('input data', 'MD5')")).isEqualTo(json("\"812f45842bc6d66ee14572ce20db8e86\""));
            assertThat(eval("States.Hash('input data', 'SHA-1')")).isEqualTo(json("\"aaff4a450a104cd177d28d18d74485e8cae074b7\""));
            assertThat(eval("States.Hash('input data', 'SHA-256')"))
                    .isEqualTo(json("\"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3\""));
            assertThat(eval("States.Hash('input data', 'SHA-384')")).isEqualTo(json(
                    "\"d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562\""));
            assertThat(eval("States.Hash('input data', 'SHA-512')")).isEqualTo(json(
                    "\"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4\""));
        }

        @Test
        void hashRefusesUnknownAlgorithms() {
            refused("States.Hash('x', 'SHA-3')", "unknown algorithm 'SHA-3'");
            PathScope scope = PathScope.of(json("{\"alg\": \"sha-256\"}"), CONTEXT);
            assertThatThrownBy(() -> Intrinsic.parse("States.Hash('x', $.alg)").evaluate(scope))
                    .isInstanceOf(StatesError.class).hasMessageContaining("unknown algorithm 'sha-256'");
        }

        @Test
        void hashInputIsLimitedTo10000Characters() {
            PathScope big = PathScope.of(json("{\"s\": \"" + "a".repeat(10_001) + "\"}"), CONTEXT);
            assertThatThrownBy(() -> Intrinsic.parse("States.Hash($.s, 'MD5')").evaluate(big))
                    .isInstanceOf(StatesError.class).hasMessageContaining("at most 10000");
        }
    }

    @Nested
    class Math {
        @Test
        void addSumsIntegers() {
            assertThat(eval("States.MathAdd(111, -1)")).isEqualTo(json("110"));
            assertThat(eval("States.MathAdd($.n, States.ArrayLength($.list))")).isEqualTo(json("11"));
        }

        @Test
        void addRoundsEachArgumentHalfUpAsAwsDoes() {
            // values recorded against AWS: each argument is rounded like Java's Math.round before adding
            assertThat(eval("States.MathAdd(1.49, 1.50)")).isEqualTo(json("3"));
            assertThat(eval("States.MathAdd(1.5, 1.51)")).isEqualTo(json("4"));
            assertThat(eval("States.MathAdd(-1.5, -1.51)")).isEqualTo(json("-3"));
            assertThat(eval("States.MathAdd(2.5, 0)")).isEqualTo(json("3"));
            assertThat(eval("States.MathAdd(-2.5, 0)")).isEqualTo(json("-2"));
            assertThat(eval("States.MathAdd(-0.5, 0.5)")).isEqualTo(json("1"));
        }

        @Test
        void addArgumentsMustBe32BitIntegers() {
            fails("States.MathAdd(2147483648, 1)", "between -2147483648 and 2147483647");
            fails("States.MathAdd('1', 1)", "must be a number", "string");
            assertThat(eval("States.MathAdd(2147483647, 2147483647)")).isEqualTo(json("4294967294"));
        }

        @Test
        void randomIsWithinStartInclusiveEndExclusive() {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < 300; k++) seen.add(eval("States.MathRandom(1, 4)").intValue());
            assertThat(seen).isSubsetOf(1, 2, 3);
        }

        @Test
        void sameSeedGivesTheSameValue() {
            JsonNode first = eval("States.MathRandom(0, 1000000, 42)");
            for (int k = 0; k < 5; k++) assertThat(eval("States.MathRandom(0, 1000000, 42)")).isEqualTo(first);
            assertThat(first.intValue()).isBetween(0, 999_999);
        }

        @Test
        void randomBoundsAreRoundedAndChecked() {
            assertThat(eval("States.MathRandom(12.5, 13.6)")).isEqualTo(json("13"));
            fails("States.MathRandom(5, 5)", "must be less than the end");
            fails("States.MathRandom($.name, 5)", "must be a number");
        }
    }

    @Nested
    class Strings {
        @Test
        void splitOnADelimiter() {
            assertThat(eval("States.StringSplit('1,2,3,4,5', ',')")).isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
        }

        @Test
        void splitOnAnyCharacterOfTheDelimiterAsAwsDoes() {
            assertThat(eval("States.StringSplit('This.is+a,test=string', '.+,=')"))
                    .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
        }

        @Test
        void splitDropsEmptyTokensButKeepsBlanks() {
            assertThat(eval("States.StringSplit(', , ,', ',')")).isEqualTo(json("[\" \",\" \"]"));
            assertThat(eval("States.StringSplit(',,,,', ',')")).isEqualTo(json("[]"));
            assertThat(eval("States.StringSplit('', ',')")).isEqualTo(json("[]"));
        }

        @Test
        void splitOnRealNewlines() {
            assertThat(eval("States.StringSplit('Hello\nWorld', '\n')")).isEqualTo(json("[\"Hello\",\"World\"]"));
        }

        @Test
        void splitNestsWithContextPaths() {
            assertThat(eval("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
                    + "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))"))
                    .isEqualTo(json("\"v2\""));
        }

        @Test
        void splitNeedsStrings() {
            fails("States.StringSplit($.n, ',')", "string to split", "must be a string");
        }

        @Test
        void uuidIsAVersion4Uuid() {
            String uuid = eval("States.UUID()").textValue();
            assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(eval("States.UUID()").textValue()).isNotEqualTo(uuid);
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownFunctionIsRefusedByName() {
            refused("States.Nope(1)", "unknown intrinsic function 'States.Nope'");
        }

        @Test
        void wrongArgumentCountIsRefusedAtParse() {
            refused("States.ArrayLength()", "States.ArrayLength takes 1 argument(s) but got 0");
            refused("States.MathRandom(1)", "States.MathRandom takes 2 to 3 argument(s) but got 1");
            refused("States.UUID(1)", "takes 0 argument(s)");
            refused("States.Format()", "at least 1");
        }

        @Test
        void syntaxErrorsNameWhatAndWhere() {
            refused("States.Array(1", "unclosed '(' of States.Array");
            refused("States.Array(1 2)", "expected ',' or ')'", "position 15");
            refused("States.Array('abc)", "unclosed string literal");
            refused("States.Array(1) x", "unexpected 'x'");
            refused("States.Array(foo)", "argument 1 of States.Array");
            refused("States.Array($.a[)", "bad path argument");
            refused("$.a", "starts with 'States.'");
        }

        @Test
        void pathSelectingNothingIsARuntimeError() {
            assertThatThrownBy(() -> eval("States.Format('{}', $.missing)"))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
                        assertThat(e.cause()).contains("'$.missing'", "could not be found in the input");
                    });
        }

        @Test
        void pathArgumentsMayHoldCommasAndParenthesesInsideBrackets() {
            PathScope scope = PathScope.of(json("{\"a,b\": [{\"x\": 1}, {\"x\": 2}]}"), CONTEXT);
            assertThat(Intrinsic.parse("States.Array($['a,b'][?(@.x > 1)].x, 'z')").evaluate(scope)).isEqualTo(json("[[2],\"z\"]"));
        }
    }
}
