package dev.aslengine.integration.aws;

import dev.aslengine.integration.DistributedMapStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The S3 side of a Distributed Map: reads the items an ItemReader names ({@code arn:aws:states:::s3:getObject} with a
 * JSON, JSONL or CSV object; {@code arn:aws:states:::s3:listObjectsV2} over a bucket and prefix) and writes the
 * results a ResultWriter asks for (manifest.json, SUCCEEDED_0.json, FAILED_0.json), in the shapes Step Functions uses.
 * Shares the clients of the {@link AwsServiceIntegration} it is built from.
 */
public final class S3ItemSource implements DistributedMapStore {

    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    public static final String LIST_OBJECTS_V2 = "arn:aws:states:::s3:listObjectsV2";
    /** What the SDK throws for a call that failed before S3 answered in full: a stale, reset or cut connection. */
    private static final Set<String> CONNECTION_ERRORS = Set.of("S3.SdkClientException", "S3.RetryableException");
    private static final int ATTEMPTS = 3;

    private final AwsServiceIntegration aws;

    public S3ItemSource(AwsServiceIntegration aws) {
        if (aws == null) throw new IllegalArgumentException("S3ItemSource needs an AwsServiceIntegration, got null");
        this.aws = aws;
    }

    /** As {@link #readItems(String, JsonNode, JsonNode)}: every execution's items are read with the one integration. */
    @Override
    public ArrayNode readItems(String executionArn, String readerResource, JsonNode readerConfig, JsonNode arguments) {
        return readItems(readerResource, readerConfig, arguments);
    }

    /** As {@link #writeResults(JsonNode, String, List, List)}: every execution's results go with the one integration. */
    @Override
    public JsonNode writeResults(String executionArn, JsonNode resultWriterArguments, String mapRunId,
            List<JsonNode> succeeded, List<JsonNode> failed) {
        return writeResults(resultWriterArguments, mapRunId, succeeded, failed);
    }

    /**
     * The items of a Distributed Map's ItemReader. {@code readerConfig} may be null (JSON for getObject);
     * {@code arguments} are the evaluated Parameters / Arguments (Bucket, Key, VersionId; or Bucket, Prefix).
     * Any failure is States.ItemReaderFailed.
     */
    public ArrayNode readItems(String readerResource, JsonNode readerConfig, JsonNode arguments) {
        JsonNode config = readerConfig == null || readerConfig.isNull() ? Json.object() : readerConfig;
        long maxItems = maxItems(config);
        if (arguments == null || !arguments.isObject()) {
            throw readerFailed("the ItemReader's Parameters / Arguments must be an object with Bucket and Key or Prefix, got "
                    + (arguments == null ? "nothing" : Json.write(arguments)));
        }
        if (GET_OBJECT.equals(readerResource)) return readObject(config, arguments, maxItems);
        if (LIST_OBJECTS_V2.equals(readerResource)) return listObjects(arguments, maxItems);
        throw readerFailed("ItemReader.Resource must be " + GET_OBJECT + " or " + LIST_OBJECTS_V2 + ", got \"" + readerResource + "\"");
    }

    private static long maxItems(JsonNode config) {
        JsonNode max = config.get("MaxItems");
        if (max == null || max.isNull()) return Long.MAX_VALUE;
        if (!max.isIntegralNumber() || max.longValue() < 0) {
            throw readerFailed("ReaderConfig.MaxItems must be a non-negative integer, got " + max);
        }
        // 0 means no limit, as in Step Functions.
        return max.longValue() == 0 ? Long.MAX_VALUE : max.longValue();
    }

    private ArrayNode readObject(JsonNode config, JsonNode arguments, long maxItems) {
        String inputType = text(config, "InputType", "JSON");
        String body = call("getObject", arguments).path("Body").asText("");
        String where = "s3://" + arguments.path("Bucket").asText() + "/" + arguments.path("Key").asText();
        return switch (inputType) {
            case "JSON" -> readJsonArray(body, where, maxItems);
            case "JSONL" -> readJsonLines(body, where, maxItems);
            case "CSV" -> CsvItems.read(body, config, where, maxItems);
            case "MANIFEST" -> throw readerFailed("ReaderConfig.InputType MANIFEST (S3 inventory) is not supported by the local engine");
            default -> throw readerFailed("ReaderConfig.InputType must be JSON, JSONL, CSV or MANIFEST, got \"" + inputType + "\"");
        };
    }

    private static ArrayNode readJsonArray(String body, String where, long maxItems) {
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw readerFailed("the object " + where + " is not valid JSON: " + e.getMessage());
        }
        if (!parsed.isArray()) {
            throw readerFailed("the object " + where + " must hold a JSON array for InputType JSON, got a " + parsed.getNodeType());
        }
        ArrayNode items = Json.NODES.arrayNode();
        for (JsonNode item : parsed) {
            if (items.size() >= maxItems) break;
            items.add(item);
        }
        return items;
    }

    private static ArrayNode readJsonLines(String body, String where, long maxItems) {
        ArrayNode items = Json.NODES.arrayNode();
        int lineNumber = 0;
        for (String line : body.split("\r?\n", -1)) {
            lineNumber++;
            if (items.size() >= maxItems) break;
            if (line.isBlank()) continue;
            try {
                items.add(Json.parse(line));
            } catch (IllegalArgumentException e) {
                throw readerFailed("line " + lineNumber + " of " + where + " is not valid JSON: " + e.getMessage());
            }
        }
        return items;
    }

    private ArrayNode listObjects(JsonNode arguments, long maxItems) {
        ArrayNode items = Json.NODES.arrayNode();
        ObjectNode request = ((ObjectNode) arguments).deepCopy();
        while (true) {
            JsonNode page = call("listObjectsV2", request);
            for (JsonNode object : page.path("Contents")) {
                if (items.size() >= maxItems) return items;
                items.add(listedItem(object));
            }
            String next = page.path("NextContinuationToken").asText(null);
            if (!page.path("IsTruncated").asBoolean(false) || next == null) return items;
            request.put("ContinuationToken", next);
        }
    }

    /** An object of a listing as the Distributed Map hands it over: Etag (so cased), LastModified in epoch seconds. */
    private static ObjectNode listedItem(JsonNode object) {
        ObjectNode item = Json.object();
        item.set("Etag", object.path("ETag"));
        item.set("Key", object.path("Key"));
        JsonNode modified = object.get("LastModified");
        if (modified != null && modified.isTextual()) {
            try {
                item.put("LastModified", OffsetDateTime.parse(modified.textValue()).toEpochSecond());
            } catch (DateTimeParseException e) {
                item.set("LastModified", modified);
            }
        }
        item.set("Size", object.path("Size"));
        item.set("StorageClass", object.path("StorageClass"));
        return item;
    }

    /**
     * Writes a Map Run's results under {@code Prefix/<map run id>/} of {@code Bucket}: SUCCEEDED_0.json and
     * FAILED_0.json (each a JSON array, written only when not empty; elements as given, see
     * {@link dev.aslengine.integration.MapRunResult#childExecution}) and manifest.json; returns the ResultWriterDetails {@code {"Bucket", "Key"}}
     * naming the manifest. {@code mapRunId} is the Map Run ARN (its last segment names the folder) or the bare id.
     * Any failure is States.ResultWriterFailed.
     */
    public JsonNode writeResults(JsonNode resultWriterArguments, String mapRunId, List<JsonNode> succeeded, List<JsonNode> failed) {
        if (resultWriterArguments == null || !resultWriterArguments.path("Bucket").isTextual()) {
            throw writerFailed("ResultWriter Parameters / Arguments must name a Bucket (string), got "
                    + (resultWriterArguments == null ? "nothing" : Json.write(resultWriterArguments)));
        }
        if (mapRunId == null || mapRunId.isBlank()) throw writerFailed("the Map Run id must not be empty");
        String bucket = resultWriterArguments.get("Bucket").textValue();
        String prefix = resultWriterArguments.path("Prefix").asText("");
        String folder = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/")
                + mapRunId.substring(mapRunId.lastIndexOf(':') + 1) + "/";

        ObjectNode manifest = Json.object();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunId);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.set("FAILED", writeResultFile(bucket, folder + "FAILED_0.json", failed));
        files.putArray("PENDING");
        files.set("SUCCEEDED", writeResultFile(bucket, folder + "SUCCEEDED_0.json", succeeded));
        String manifestKey = folder + "manifest.json";
        put(bucket, manifestKey, Json.write(manifest));

        ObjectNode details = Json.object();
        details.put("Bucket", bucket);
        details.put("Key", manifestKey);
        return details;
    }

    private ArrayNode writeResultFile(String bucket, String key, List<JsonNode> results) {
        ArrayNode listed = Json.NODES.arrayNode();
        if (results == null || results.isEmpty()) return listed;
        ArrayNode array = Json.NODES.arrayNode(results.size());
        results.forEach(array::add);
        String text = Json.write(array);
        put(bucket, key, text);
        ObjectNode entry = listed.addObject();
        entry.put("Key", key);
        entry.put("Size", text.getBytes(StandardCharsets.UTF_8).length);
        return listed;
    }

    private void put(String bucket, String key, String body) {
        ObjectNode request = Json.object();
        request.put("Bucket", bucket);
        request.put("Key", key);
        request.put("Body", body);
        request.put("ContentType", "application/json");
        try {
            withRetries(() -> aws.invoke(AwsService.S3_SDK, "putObject", request));
        } catch (StatesError e) {
            throw writerFailed("cannot write s3://" + bucket + "/" + key + ": " + e.error() + ": " + e.cause());
        }
    }

    private JsonNode call(String action, JsonNode arguments) {
        try {
            return withRetries(() -> aws.invoke(AwsService.S3_SDK, action, arguments));
        } catch (StatesError e) {
            throw readerFailed(e.error() + ": " + e.cause());
        }
    }

    /**
     * The Map's own reads and writes, unlike a Task's calls, are retried by Step Functions itself: here a call that
     * failed before S3 answered in full (a reset, stale or cut connection) is tried again, up to {@value #ATTEMPTS}
     * times.
     */
    private static JsonNode withRetries(java.util.function.Supplier<JsonNode> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StatesError e) {
                if (!CONNECTION_ERRORS.contains(e.error()) || attempt >= ATTEMPTS) throw e;
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String text(JsonNode config, String field, String fallback) {
        JsonNode v = config.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw readerFailed("ReaderConfig." + field + " must be a string, got " + v);
        return v.textValue();
    }

    static StatesError readerFailed(String cause) {
        return new StatesError(StatesError.ITEM_READER_FAILED, cause);
    }

    private static StatesError writerFailed(String cause) {
        return new StatesError(StatesError.RESULT_WRITER_FAILED, cause);
    }

    /** CSV per RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes); every value a string. */
    static final class CsvItems {
        private CsvItems() {}

        static ArrayNode read(String body, JsonNode config, String where, long maxItems) {
            char delimiter = delimiter(text(config, "CSVDelimiter", "COMMA"));
            String headerLocation = text(config, "CSVHeaderLocation", "FIRST_ROW");
            List<List<String>> rows = parse(body, delimiter, where);
            List<String> headers;
            int first;
            switch (headerLocation) {
                case "FIRST_ROW" -> {
                    if (rows.isEmpty()) throw readerFailed("the CSV object " + where + " has no header row");
                    headers = rows.get(0);
                    first = 1;
                }
                case "GIVEN" -> {
                    JsonNode given = config.get("CSVHeaders");
                    if (given == null || !given.isArray() || given.isEmpty()) {
                        throw readerFailed("ReaderConfig.CSVHeaders must be a non-empty array of strings when CSVHeaderLocation is GIVEN");
                    }
                    headers = new ArrayList<>();
                    for (JsonNode h : given) headers.add(h.asText());
                    first = 0;
                }
                default -> throw readerFailed("ReaderConfig.CSVHeaderLocation must be FIRST_ROW or GIVEN, got \"" + headerLocation + "\"");
            }
            if (new HashSet<>(headers).size() < headers.size()) throw readerFailed("CSV headers cannot contain duplicates.");
            ArrayNode items = Json.NODES.arrayNode();
            for (int r = first; r < rows.size() && items.size() < maxItems; r++) {
                List<String> row = rows.get(r);
                ObjectNode item = items.addObject();
                for (int c = 0; c < headers.size(); c++) item.put(headers.get(c), c < row.size() ? row.get(c) : "");
            }
            return items;
        }

        private static char delimiter(String name) {
            return switch (name) {
                case "COMMA" -> ',';
                case "PIPE" -> '|';
                case "SEMICOLON" -> ';';
                case "SPACE" -> ' ';
                case "TAB" -> '\t';
                default -> throw readerFailed("ReaderConfig.CSVDelimiter must be COMMA, PIPE, SEMICOLON, SPACE or TAB, got \"" + name + "\"");
            };
        }

        static List<List<String>> parse(String text, char delimiter, String where) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean rowHasContent = false;
            int n = text.length();
            int start = n > 0 && text.charAt(0) == '\uFEFF' ? 1 : 0; // a UTF-8 byte order mark is not data
            for (int i = start; i < n; i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"' && field.isEmpty()) {
                    quoted = true;
                    rowHasContent = true;
                } else if (ch == delimiter) {
                    row.add(field.toString());
                    field.setLength(0);
                    rowHasContent = true;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                    if (rowHasContent || !field.isEmpty()) {
                        row.add(field.toString());
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                    field.setLength(0);
                    rowHasContent = false;
                } else {
                    field.append(ch);
                    rowHasContent = true;
                }
            }
            if (quoted) throw readerFailed("the CSV object " + where + " ends inside a quoted field");
            if (rowHasContent || !field.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
