package dev.aslengine.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.testsupport.IntegrationTest;
import dev.testsupport.MotoServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed Map items from S3 and results written back, against moto's server. */
@IntegrationTest
class S3ItemSourceTest {
    static MotoServer moto;
    static AwsServiceIntegration aws;
    static S3ItemSource source;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.startOrSkip();
        aws = new AwsServiceIntegration(AwsEndpoints.local(moto.endpoint()));
        source = new S3ItemSource(aws);
        aws.invoke(AwsService.S3_SDK, "createBucket", Json.parse("{\"Bucket\":\"items\"}"));
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (aws != null) aws.close();
        if (moto != null) moto.close();
    }

    static void put(String key, String body) {
        aws.invoke(AwsService.S3_SDK, "putObject", Json.object().put("Bucket", "items").put("Key", key).put("Body", body));
    }

    static JsonNode get(String key) {
        return Json.parse(aws.invoke(AwsService.S3_SDK, "getObject", Json.object().put("Bucket", "items").put("Key", key))
                .get("Body").asText());
    }

    static JsonNode object(String key) {
        return Json.object().put("Bucket", "items").put("Key", key);
    }

    @Test
    void jsonObjectGivesTheItemsOfItsArray() {
        put("in/items.json", "[{\"id\":1},{\"id\":2},\"three\"]");

        JsonNode items = source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"JSON\"}"), object("in/items.json"));

        assertThat(items).isEqualTo(Json.parse("[{\"id\":1},{\"id\":2},\"three\"]"));
    }

    @Test
    void jsonObjectThatIsNoArrayIsItemReaderFailed() {
        put("in/object.json", "{\"id\":1}");

        assertThatThrownBy(() -> source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"JSON\"}"), object("in/object.json")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.ITEM_READER_FAILED);
                    assertThat(e.cause()).contains("s3://items/in/object.json").contains("JSON array");
                });
    }

    @Test
    void jsonLinesGiveOneItemPerLineSkippingBlankLines() {
        put("in/items.jsonl", "{\"id\":1}\n\n{\"id\":2}\r\n[3]\n");

        JsonNode items = source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"JSONL\"}"), object("in/items.jsonl"));

        assertThat(items).isEqualTo(Json.parse("[{\"id\":1},{\"id\":2},[3]]"));
    }

    @Test
    void csvWithHeaderRowGivesObjectsOfStrings() {
        put("in/ratings.csv", "userId,movie,rating\n1,\"Heat, 1995\",4.5\n2,\"Say \"\"hi\"\"\",3\n");

        JsonNode items = source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"CSV\",\"CSVHeaderLocation\":\"FIRST_ROW\"}"),
                object("in/ratings.csv"));

        assertThat(items).isEqualTo(Json.parse("[{\"userId\":\"1\",\"movie\":\"Heat, 1995\",\"rating\":\"4.5\"},"
                + "{\"userId\":\"2\",\"movie\":\"Say \\\"hi\\\"\",\"rating\":\"3\"}]"));
    }

    @Test
    void csvWithGivenHeadersAndPipeDelimiterReadsEveryRowAndPadsShortRows() {
        put("in/pipes.csv", "a|b|c\nd|e\n");

        JsonNode items = source.readItems(S3ItemSource.GET_OBJECT,
                Json.parse("{\"InputType\":\"CSV\",\"CSVHeaderLocation\":\"GIVEN\",\"CSVHeaders\":[\"x\",\"y\",\"z\"],\"CSVDelimiter\":\"PIPE\"}"),
                object("in/pipes.csv"));

        assertThat(items).isEqualTo(Json.parse("[{\"x\":\"a\",\"y\":\"b\",\"z\":\"c\"},{\"x\":\"d\",\"y\":\"e\",\"z\":\"\"}]"));
    }

    @Test
    void csvHeadersMustBeUnique() {
        put("in/dupes.csv", "a,a\n1,2\n");

        assertThatThrownBy(() -> source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"CSV\"}"), object("in/dupes.csv")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.ITEM_READER_FAILED);
                    assertThat(e.cause()).isEqualTo("CSV headers cannot contain duplicates.");
                });
    }

    @Test
    void maxItemsLimitsTheItemsRead() {
        put("in/many.csv", "n\n1\n2\n3\n4\n");

        JsonNode items = source.readItems(S3ItemSource.GET_OBJECT, Json.parse("{\"InputType\":\"CSV\",\"MaxItems\":2}"), object("in/many.csv"));

        assertThat(items).isEqualTo(Json.parse("[{\"n\":\"1\"},{\"n\":\"2\"}]"));
    }

    @Test
    void missingObjectIsItemReaderFailedNamingTheS3Error() {
        assertThatThrownBy(() -> source.readItems(S3ItemSource.GET_OBJECT, null, object("in/absent.json")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.ITEM_READER_FAILED);
                    assertThat(e.cause()).startsWith("S3.NoSuchKeyException: ");
                });
    }

    @Test
    void listingGivesEveryObjectUnderThePrefixAcrossPagesInTheMapItemShape() {
        for (int i = 0; i < 5; i++) put("listing/f" + i + ".txt", "x".repeat(i + 1));
        put("other/skip.txt", "no");

        // MaxKeys 2 forces three pages.
        JsonNode items = source.readItems(S3ItemSource.LIST_OBJECTS_V2, null,
                Json.parse("{\"Bucket\":\"items\",\"Prefix\":\"listing/\",\"MaxKeys\":2}"));

        assertThat(items).hasSize(5);
        JsonNode last = items.get(4);
        assertThat(last.get("Key").asText()).isEqualTo("listing/f4.txt");
        assertThat(last.get("Size").intValue()).isEqualTo(5);
        assertThat(last.get("Etag").asText()).startsWith("\"");
        assertThat(last.get("LastModified").isIntegralNumber()).as("epoch seconds").isTrue();
        assertThat(last.get("LastModified").longValue()).isBetween(Instant.now().getEpochSecond() - 3600, Instant.now().getEpochSecond() + 3600);
        assertThat(last.get("StorageClass").asText()).isEqualTo("STANDARD");
        assertThat(fieldNames(last)).containsExactly("Etag", "Key", "LastModified", "Size", "StorageClass");
    }

    @Test
    void listingHonoursMaxItems() {
        for (int i = 0; i < 3; i++) put("capped/f" + i, "x");

        JsonNode items = source.readItems(S3ItemSource.LIST_OBJECTS_V2, Json.parse("{\"MaxItems\":2}"),
                Json.parse("{\"Bucket\":\"items\",\"Prefix\":\"capped/\"}"));

        assertThat(items).hasSize(2);
    }

    @Test
    void anotherResourceIsItemReaderFailed() {
        assertThatThrownBy(() -> source.readItems("arn:aws:states:::s3:headObject", null, object("x")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo(StatesError.ITEM_READER_FAILED));
    }

    @Test
    void resultWriterWritesTheResultFilesAndAManifestUnderPrefixAndMapRunId() {
        String mapRun = "arn:aws:states:us-east-1:123456789012:mapRun:Copy/Map:0f1e2d3c";
        JsonNode ok = dev.aslengine.integration.MapRunResult.childExecution(mapRun.replace("mapRun", "execution") + "-1", "1", "arn:sm",
                Json.parse("{\"k\":1}"), Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:01Z"),
                Json.parse("{\"done\":true}"), null, null);
        JsonNode bad = dev.aslengine.integration.MapRunResult.childExecution(mapRun.replace("mapRun", "execution") + "-2", "2", "arn:sm",
                Json.parse("{\"k\":2}"), Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:02Z"),
                null, "States.TaskFailed", "boom");

        JsonNode details = source.writeResults(Json.parse("{\"Bucket\":\"items\",\"Prefix\":\"results\"}"), mapRun, List.of(ok), List.of(bad));

        assertThat(details).isEqualTo(Json.parse("{\"Bucket\":\"items\",\"Key\":\"results/0f1e2d3c/manifest.json\"}"));
        JsonNode manifest = get("results/0f1e2d3c/manifest.json");
        assertThat(manifest.get("DestinationBucket").asText()).isEqualTo("items");
        assertThat(manifest.get("MapRunArn").asText()).isEqualTo(mapRun);
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText()).isEqualTo("results/0f1e2d3c/SUCCEEDED_0.json");
        assertThat(manifest.at("/ResultFiles/FAILED/0/Key").asText()).isEqualTo("results/0f1e2d3c/FAILED_0.json");
        assertThat(manifest.at("/ResultFiles/PENDING")).isEmpty();
        JsonNode succeeded = get("results/0f1e2d3c/SUCCEEDED_0.json");
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Size").intValue()).isEqualTo(Json.write(succeeded).length());
        assertThat(succeeded.at("/0/Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.at("/0/Output").asText()).as("Output is a JSON string").isEqualTo("{\"done\":true}");
        assertThat(succeeded.at("/0/Input").asText()).isEqualTo("{\"k\":1}");
        JsonNode failed = get("results/0f1e2d3c/FAILED_0.json");
        assertThat(failed.at("/0/Status").asText()).isEqualTo("FAILED");
        assertThat(failed.at("/0/Error").asText()).isEqualTo("States.TaskFailed");
        assertThat(failed.at("/0/Cause").asText()).isEqualTo("boom");
        assertThat(failed.get(0).has("Output")).isFalse();
    }

    @Test
    void resultWriterWritesNoFileForAnEmptyOutcome() {
        JsonNode details = source.writeResults(Json.parse("{\"Bucket\":\"items\"}"), "run-42", List.of(Json.parse("{\"a\":1}")), List.of());

        assertThat(details.get("Key").asText()).isEqualTo("run-42/manifest.json");
        JsonNode manifest = get("run-42/manifest.json");
        assertThat(manifest.at("/ResultFiles/FAILED")).isEmpty();
        assertThatThrownBy(() -> get("run-42/FAILED_0.json")).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.error()).isEqualTo("S3.NoSuchKeyException"));
    }

    @Test
    void resultWriterToAMissingBucketIsResultWriterFailed() {
        assertThatThrownBy(() -> source.writeResults(Json.parse("{\"Bucket\":\"no-such-bucket\"}"), "r", List.of(Json.object()), List.of()))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.RESULT_WRITER_FAILED);
                    assertThat(e.cause()).contains("S3.NoSuchBucketException");
                });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
