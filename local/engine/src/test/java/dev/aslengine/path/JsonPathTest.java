package dev.aslengine.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final JsonNode STORE = Json.parse("""
            {"store": {
               "book": [
                 {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
                 {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
                 {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
                 {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
               ],
               "bicycle": {"color": "red", "price": 19.95}
             },
             "expensive": 10}
            """);

    private static JsonNode read(String path, JsonNode doc) {
        return JsonPath.compile(path).readFrom(doc);
    }

    private static JsonNode read(String path, String doc) {
        return read(path, Json.parse(doc));
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Nested
    class DefinitePaths {
        @Test
        void dollarAloneReadsTheWholeDocument() {
            assertThat(read("$", STORE)).isSameAs(STORE);
        }

        @Test
        void dottedNamesReadNestedValues() {
            assertThat(read("$.store.bicycle.color", STORE)).isEqualTo(json("\"red\""));
        }

        @Test
        void absentNameReadsJavaNullWhileJsonNullReadsNullNode() {
            assertThat(read("$.nope.deeper", STORE)).isNull();
            assertThat(read("$.a", "{\"a\": null}").isNull()).isTrue();
        }

        @Test
        void nameOnANonObjectIsAbsent() {
            assertThat(read("$.a.b", "{\"a\": \"text\"}")).isNull();
            assertThat(read("$.a.b", "{\"a\": [1]}")).isNull();
        }

        @Test
        void indexReadsAnArrayElement() {
            assertThat(read("$.store.book[1].author", STORE)).isEqualTo(json("\"Evelyn Waugh\""));
        }

        @Test
        void negativeIndexCountsFromTheEnd() {
            assertThat(read("$.store.book[-1].title", STORE)).isEqualTo(json("\"The Lord of the Rings\""));
            assertThat(read("$[-3]", "[1,2,3]")).isEqualTo(json("1"));
        }

        @Test
        void indexOutOfRangeIsAbsent() {
            assertThat(read("$[3]", "[1,2,3]")).isNull();
            assertThat(read("$[-4]", "[1,2,3]")).isNull();
        }

        @Test
        void quotedNamesMayHoldDotsSpacesAndBrackets() {
            JsonNode doc = json("{\"a.b\": {\"my key\": {\"x[0]\": 1}}}");
            assertThat(read("$['a.b']['my key']['x[0]']", doc)).isEqualTo(json("1"));
            assertThat(read("$[\"a.b\"][\"my key\"]", doc)).isEqualTo(json("{\"x[0]\": 1}"));
        }

        @Test
        void quotedNamesUnescapeQuotes() {
            JsonNode doc = json("{\"it's\": 1, \"say \\\"hi\\\"\": 2}");
            assertThat(read("$['it\\'s']", doc)).isEqualTo(json("1"));
            assertThat(read("$[\"say \\\"hi\\\"\"]", doc)).isEqualTo(json("2"));
        }

        @Test
        void dottedNamesMayHoldDashesAndColons() {
            assertThat(read("$.a-b.c:d", "{\"a-b\": {\"c:d\": 5}}")).isEqualTo(json("5"));
        }

        @Test
        void bracketAfterADotIsAccepted() {
            assertThat(read("$.['a']", "{\"a\": 1}")).isEqualTo(json("1"));
        }

        @Test
        void definiteReferencePathsAreFlagged() {
            JsonPath p = JsonPath.compile("$.a[0]['b c']");
            assertThat(p.isDefinite()).isTrue();
            assertThat(p.isReference()).isTrue();
        }

        @Test
        void negativeIndexIsDefiniteButNotAReference() {
            JsonPath p = JsonPath.compile("$.a[-1]");
            assertThat(p.isDefinite()).isTrue();
            assertThat(p.isReference()).isFalse();
        }
    }

    @Nested
    class Roots {
        private final JsonNode input = json("{\"who\": \"input\"}");
        private final JsonNode context = json("{\"Execution\": {\"Id\": \"arn:exec\"}, \"Map\": {\"Item\": {\"Index\": 3}}}");
        private final PathScope scope = new PathScope(input, context,
                Map.of("myVar", json("{\"field\": [10, 20]}"), "v_2", json("\"plain\""))::get);

        @Test
        void dollarReadsTheInput() {
            JsonPath p = JsonPath.compile("$.who");
            assertThat(p.root()).isEqualTo(JsonPath.Root.INPUT);
            assertThat(p.read(scope)).isEqualTo(json("\"input\""));
        }

        @Test
        void doubleDollarReadsTheContextObject() {
            JsonPath p = JsonPath.compile("$$.Execution.Id");
            assertThat(p.root()).isEqualTo(JsonPath.Root.CONTEXT);
            assertThat(p.read(scope)).isEqualTo(json("\"arn:exec\""));
            assertThat(JsonPath.compile("$$.Map.Item.Index").read(scope)).isEqualTo(json("3"));
            assertThat(JsonPath.compile("$$").read(scope)).isSameAs(context);
        }

        @Test
        void dollarNameReadsAVariable() {
            JsonPath p = JsonPath.compile("$myVar.field[1]");
            assertThat(p.root()).isEqualTo(JsonPath.Root.VARIABLE);
            assertThat(p.variableName()).isEqualTo("myVar");
            assertThat(p.read(scope)).isEqualTo(json("20"));
            assertThat(JsonPath.compile("$v_2").read(scope)).isEqualTo(json("\"plain\""));
        }

        @Test
        void unknownVariableReadsNullOrAnEmptyArray() {
            assertThat(JsonPath.compile("$nope.x").read(scope)).isNull();
            assertThat(JsonPath.compile("$nope[*]").read(scope)).isEqualTo(json("[]"));
        }

        @Test
        void inputRootHasNoVariableName() {
            assertThat(JsonPath.compile("$.x").variableName()).isNull();
        }
    }

    @Nested
    class IndefinitePaths {
        @Test
        void wildcardOnAnArrayReadsEveryElement() {
            assertThat(read("$.store.book[*].author", STORE)).isEqualTo(json(
                    "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]"));
        }

        @Test
        void dotWildcardOnAnObjectReadsEveryValueInOrder() {
            assertThat(read("$.*", "{\"a\": 1, \"b\": [2], \"c\": {\"d\": 3}}")).isEqualTo(json("[1,[2],{\"d\":3}]"));
        }

        @Test
        void missingMatchesAreSkippedNotNull() {
            assertThat(read("$.store.book[*].isbn", STORE)).isEqualTo(json("[\"0-553-21311-3\",\"0-395-19395-8\"]"));
        }

        @Test
        void indefinitePathWithNoMatchReadsAnEmptyArray() {
            assertThat(read("$.nothing[*]", STORE)).isEqualTo(json("[]"));
            assertThat(JsonPath.compile("$[*]").isDefinite()).isFalse();
        }

        @Test
        void deepScanFindsEveryNamedValueInDocumentOrder() {
            assertThat(read("$..price", STORE)).isEqualTo(json("[8.95,12.99,8.99,22.99,19.95]"));
            assertThat(read("$.store..price", STORE)).isEqualTo(json("[8.95,12.99,8.99,22.99,19.95]"));
        }

        @Test
        void deepScanVisitsParentsBeforeChildren() {
            assertThat(read("$..a", "{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}]}")).isEqualTo(json("[{\"a\":1},1,2]"));
        }

        @Test
        void deepScanWildcardReadsEveryDescendant() {
            assertThat(read("$..*", "{\"a\": {\"x\": 1}, \"b\": [2, 3]}")).isEqualTo(json("[{\"x\":1},[2,3],1,2,3]"));
        }

        @Test
        void deepScanIndexAppliesToEveryArray() {
            assertThat(read("$..book[2].title", STORE)).isEqualTo(json("[\"Moby Dick\"]"));
            assertThat(read("$..[0]", "{\"a\": [1, [2, 3]], \"b\": [4]}")).isEqualTo(json("[1,2,4]"));
        }

        @Test
        void deepScanWithAnIndexThenMoreSegmentsVisitsEveryElementAsJaywayDoes() {
            // Jayway quirk pinned: $..[0].x continues with every element of each array, not just the first
            assertThat(read("$..[0].x", "{\"a\": [{\"x\": 1}, {\"x\": 2}]}")).isEqualTo(json("[1,2]"));
        }

        @Test
        void indexUnionReadsInTheGivenOrder() {
            assertThat(read("$[2,0,-1]", "[\"a\",\"b\",\"c\"]")).isEqualTo(json("[\"c\",\"a\",\"c\"]"));
            assertThat(read("$[0,9]", "[\"a\"]")).isEqualTo(json("[\"a\"]"));
        }

        @Test
        void nameUnionAsLastSegmentMergesPresentPropertiesIntoOneObject() {
            JsonPath p = JsonPath.compile("$['a','c','zz']");
            assertThat(p.isDefinite()).isTrue();
            assertThat(p.readFrom(json("{\"a\": 1, \"b\": 2, \"c\": 3}"))).isEqualTo(json("{\"a\":1,\"c\":3}"));
        }

        @Test
        void nameUnionInTheMiddleVisitsEachProperty() {
            assertThat(read("$['a','b'].x", "{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}")).isEqualTo(json("[1,2]"));
        }

        @Test
        void nameUnionAfterAWildcardMergesPerMatch() {
            assertThat(read("$.store.book[*]['author','price']", STORE).get(0))
                    .isEqualTo(json("{\"author\":\"Nigel Rees\",\"price\":8.95}"));
        }
    }

    @Nested
    class Slices {
        private final JsonNode five = json("[0,1,2,3,4]");

        @Test
        void startToEndIsHalfOpen() {
            assertThat(read("$[1:3]", five)).isEqualTo(json("[1,2]"));
        }

        @Test
        void openEndsReachTheArrayBounds() {
            assertThat(read("$[:2]", five)).isEqualTo(json("[0,1]"));
            assertThat(read("$[3:]", five)).isEqualTo(json("[3,4]"));
            assertThat(read("$[1:99]", five)).isEqualTo(json("[1,2,3,4]"));
        }

        @Test
        void negativeStartOrEndCountsFromTheEnd() {
            assertThat(read("$[-2:]", five)).isEqualTo(json("[3,4]"));
            assertThat(read("$[:-2]", five)).isEqualTo(json("[0,1,2]"));
            assertThat(read("$[-9:]", five)).isEqualTo(json("[0,1,2,3,4]"));
        }

        @Test
        void negativeBoundsInAStartEndSliceFollowJayway() {
            // Jayway pinned: [from:to] does not normalize negatives; [-2:2] wraps, [1:-1] is empty
            assertThat(read("$[-2:2]", five)).isEqualTo(json("[3,4,0,1]"));
            assertThat(read("$[1:-1]", five)).isEqualTo(json("[]"));
        }

        @Test
        void aStepIsAcceptedButIgnoredAsJaywayDoes() {
            assertThat(read("$[0:5:2]", five)).isEqualTo(json("[0,1,2,3,4]"));
        }

        @Test
        void slicesAreIndefinite() {
            assertThat(JsonPath.compile("$[0:1]").isDefinite()).isFalse();
            assertThat(read("$[0:1]", five)).isEqualTo(json("[0]"));
        }

        @Test
        void sliceOfANonArrayIsEmpty() {
            assertThat(read("$[0:2]", "{\"a\": 1}")).isEqualTo(json("[]"));
        }
    }

    @Nested
    class Filters {
        @Test
        void numericComparison() {
            assertThat(read("$.store.book[?(@.price < 10)].title", STORE))
                    .isEqualTo(json("[\"Sayings of the Century\",\"Moby Dick\"]"));
            assertThat(read("$.store.book[?(@.price >= 22.99)].title", STORE)).isEqualTo(json("[\"The Lord of the Rings\"]"));
            assertThat(read("$.store.book[?(@.price<=8.95)].title", STORE)).isEqualTo(json("[\"Sayings of the Century\"]"));
            assertThat(read("$.store.book[?(@.price > 20)].title", STORE)).isEqualTo(json("[\"The Lord of the Rings\"]"));
        }

        @Test
        void numbersCompareByValueWhateverTheirScale() {
            assertThat(read("$[?(@.n == 1)]", "[{\"n\": 1.0}, {\"n\": 1}, {\"n\": 2}]")).isEqualTo(json("[{\"n\":1.0},{\"n\":1}]"));
        }

        @Test
        void stringEqualityWithEitherQuote() {
            assertThat(read("$.store.book[?(@.category == 'reference')].author", STORE)).isEqualTo(json("[\"Nigel Rees\"]"));
            assertThat(read("$.store.book[?(@.category != \"fiction\")].author", STORE)).isEqualTo(json("[\"Nigel Rees\"]"));
        }

        @Test
        void stringsOrderLexicographically() {
            assertThat(read("$[?(@ > 'b')]", "[\"a\", \"b\", \"c\"]")).isEqualTo(json("[\"c\"]"));
        }

        @Test
        void mixedTypesNeverOrder() {
            assertThat(read("$[?(@.v < 5)]", "[{\"v\": \"1\"}, {\"v\": 1}]")).isEqualTo(json("[{\"v\":1}]"));
        }

        @Test
        void aNumberEqualsItsStringFormAsJaywayDoes() {
            assertThat(read("$[?(@.v == '1')]", "[{\"v\": 1}, {\"v\": 2}]")).isEqualTo(json("[{\"v\":1}]"));
            assertThat(read("$[?(@.v == 1)]", "[{\"v\": \"1\"}, {\"v\": \"x\"}]")).isEqualTo(json("[{\"v\":\"1\"}]"));
        }

        @Test
        void booleanAndNullLiterals() {
            String doc = "[{\"ok\": true}, {\"ok\": false}, {\"ok\": null}, {}]";
            assertThat(read("$[?(@.ok == true)]", doc)).isEqualTo(json("[{\"ok\":true}]"));
            assertThat(read("$[?(@.ok == false)]", doc)).isEqualTo(json("[{\"ok\":false}]"));
            assertThat(read("$[?(@.ok == null)]", doc)).isEqualTo(json("[{\"ok\":null}]"));
        }

        @Test
        void notEqualsMatchesElementsWithoutTheProperty() {
            assertThat(read("$[?(@.a != 1)]", "[{\"a\": 1}, {\"a\": 2}, {}]")).isEqualTo(json("[{\"a\":2},{}]"));
        }

        @Test
        void existenceCheckKeepsElementsHavingTheProperty() {
            assertThat(read("$.store.book[?(@.isbn)].title", STORE)).isEqualTo(json("[\"Moby Dick\",\"The Lord of the Rings\"]"));
            assertThat(read("$[?(@.a)]", "[{\"a\": null}, {\"b\": 1}]")).isEqualTo(json("[{\"a\":null}]"));
        }

        @Test
        void negationOfExistenceAndOfGroups() {
            assertThat(read("$.store.book[?(!@.isbn)].title", STORE))
                    .isEqualTo(json("[\"Sayings of the Century\",\"Sword of Honour\"]"));
            assertThat(read("$.store.book[?(!(@.price < 10 || @.price > 20))].title", STORE)).isEqualTo(json("[\"Sword of Honour\"]"));
        }

        @Test
        void andBindsTighterThanOr() {
            String path = "$.store.book[?(@.category == 'reference' || @.price > 10 && @.isbn)].title";
            assertThat(read(path, STORE)).isEqualTo(json("[\"Sayings of the Century\",\"The Lord of the Rings\"]"));
            String grouped = "$.store.book[?((@.category == 'reference' || @.price > 10) && @.isbn)].title";
            assertThat(read(grouped, STORE)).isEqualTo(json("[\"The Lord of the Rings\"]"));
        }

        @Test
        void filterMayCompareAgainstTheDocumentRoot() {
            assertThat(read("$.store.book[?(@.price > $.expensive)].price", STORE)).isEqualTo(json("[12.99,22.99]"));
        }

        @Test
        void filterPathsMayUseBracketsAndIndexes() {
            String doc = "[{\"my key\": [5, 6]}, {\"my key\": [7]}]";
            assertThat(read("$[?(@['my key'][0] == 7)]", doc)).isEqualTo(json("[{\"my key\":[7]}]"));
        }

        @Test
        void filterOnAnObjectTestsTheObjectItself() {
            assertThat(read("$.bicycle[?(@.color == 'red')].price", "{\"bicycle\": {\"color\": \"red\", \"price\": 1}}"))
                    .isEqualTo(json("[1]"));
        }

        @Test
        void deepScanFilterKeepsEveryMatchingObject() {
            assertThat(read("$..[?(@.price > 19)].price", STORE)).isEqualTo(json("[22.99,19.95]"));
            assertThat(read("$..book[?(@.author =='Herman Melville')].price", STORE)).isEqualTo(json("[8.99]"));
        }
    }

    @Nested
    class CompileErrors {
        private void rejects(String path, String... fragments) {
            assertThatThrownBy(() -> JsonPath.compile(path))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll(fragments);
        }

        @Test
        void mustStartWithDollar() {
            rejects("a.b", "must start with '$'");
            rejects("", "must start with '$'");
        }

        @Test
        void unclosedBracketNamesItsPosition() {
            rejects("$.a[0", "unclosed '['", "position 3");
            rejects("$.a['b'", "unclosed '['", "position 3");
            rejects("$.a['b", "unclosed quote");
        }

        @Test
        void emptyNames() {
            rejects("$.a..", "must not end with '..'");
            rejects("$.a.", "must not end with '.'", "position 3");
            rejects("$['']", "empty name");
        }

        @Test
        void trailingGarbage() {
            rejects("$.a b", "blanks");
            rejects("$x-y", "unexpected '-'", "position 2");
            rejects("$['a']x", "unexpected 'x'", "position 6");
        }

        @Test
        void badBracketContents() {
            rejects("$[abc]", "unexpected 'a'");
            rejects("$[1x]", "not an integer");
            rejects("$[:]", "start or an end");
            rejects("$[1:2:3:4]", "at most");
        }

        @Test
        void badFilters() {
            rejects("$[?(@.a ~ 1)]", "unsupported filter operator");
            rejects("$[?(@.a == )]", "unexpected ')'");
            rejects("$[?(@.a == 1]", "expected ')'");
            rejects("$[?@.a]", "expected '('");
            rejects("$[?(@.a == 1)", "unclosed '['");
        }

        @Test
        void functionsAreRefused() {
            rejects("$.a.length()", "functions are not supported");
        }
    }

    @Nested
    class Writes {
        @Test
        void dollarReplacesTheDocument() {
            JsonNode value = json("{\"r\": 1}");
            assertThat(JsonPath.compile("$").write(json("{\"a\": 1}"), value)).isSameAs(value);
        }

        @Test
        void writesIntoAnExistingObject() {
            assertThat(JsonPath.compile("$.b").write(json("{\"a\": 1}"), json("2"))).isEqualTo(json("{\"a\":1,\"b\":2}"));
        }

        @Test
        void replacesAnExistingValue() {
            assertThat(JsonPath.compile("$.a").write(json("{\"a\": {\"old\": 1}}"), json("2"))).isEqualTo(json("{\"a\":2}"));
        }

        @Test
        void createsMissingIntermediateObjects() {
            assertThat(JsonPath.compile("$.x.y['z z']").write(json("{}"), json("true")))
                    .isEqualTo(json("{\"x\":{\"y\":{\"z z\":true}}}"));
        }

        @Test
        void indexSetsAnExistingArrayElement() {
            assertThat(JsonPath.compile("$.list[1]").write(json("{\"list\": [1, 2, 3]}"), json("\"two\"")))
                    .isEqualTo(json("{\"list\":[1,\"two\",3]}"));
            assertThat(JsonPath.compile("$.list[0].a").write(json("{\"list\": [{}]}"), json("1")))
                    .isEqualTo(json("{\"list\":[{\"a\":1}]}"));
        }

        @Test
        void indexPastTheEndIsAMatchFailure() {
            assertThatThrownBy(() -> JsonPath.compile("$.list[3]").write(json("{\"list\": [1]}"), json("1")))
                    .isInstanceOfSatisfying(StatesError.class,
                            e -> assertThat(e.error()).isEqualTo(StatesError.RESULT_PATH_MATCH_FAILURE));
        }

        @Test
        void writingIntoAStringInputFailsLikeAws() {
            assertThatThrownBy(() -> JsonPath.compile("$.x").write(json("\"hello\""), json("1")))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure");
                        assertThat(e.cause()).isEqualTo("Unable to apply ResultPath \"$.x\" to input \"\"hello\"\"");
                    });
        }

        @Test
        void walkingThroughANonObjectIsAMatchFailure() {
            assertThatThrownBy(() -> JsonPath.compile("$.a.b").write(json("{\"a\": 5}"), json("1")))
                    .isInstanceOf(StatesError.class)
                    .hasMessageContaining("Unable to apply ResultPath \"$.a.b\"");
        }

        @Test
        void indefinitePathsCannotBeWritten() {
            assertThat(JsonPath.compile("$.a[*]").isReference()).isFalse();
            assertThatThrownBy(() -> JsonPath.compile("$.a[*]").write(json("{}"), json("1")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
