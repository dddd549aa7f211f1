package dev.controlplane.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.domain.ArtifactIndexKeys;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts per environment, from the registry's {@code ARTIFACT#} items (one {@code VERSION#} per published
 * version with the environments it is in, one {@code LATEST#{environment}} pointer) and, for one artifact, the files
 * its environment's artifact bucket holds.
 */
final class ArtifactCatalog {

    /** {team}/{project}/{script}, each part as the naming rules allow. */
    private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*){2}");
    private static final int MAX_FILES = 1000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final S3Client s3;
    private final Map<String, String> buckets;

    ArtifactCatalog(DynamoDbClient dynamoDb, String table, S3Client s3, Map<String, String> buckets) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.s3 = s3;
        this.buckets = buckets;
    }

    /** {@code {environments: [...], artifacts: [{artifact, latest: {env: version}, versions: [...]}]}}, by name. */
    ObjectNode list() {
        Map<String, ObjectNode> artifacts = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(scan -> scan.tableName(table)
                .filterExpression("begins_with(pk, :artifact)")
                .expressionAttributeValues(Map.of(":artifact",
                        AttributeValue.fromS(DynamoDbArtifactRegistry.ARTIFACT_PREFIX)))
                .consistentRead(true)).items()) {
            String name = s(item, "pk").substring(DynamoDbArtifactRegistry.ARTIFACT_PREFIX.length());
            ObjectNode artifact = artifacts.computeIfAbsent(name, ArtifactCatalog::emptyArtifact);
            String sk = s(item, "sk");
            if (sk.startsWith(DynamoDbArtifactRegistry.VERSION_PREFIX)) {
                ((ArrayNode) artifact.get("versions")).add(version(sk, item));
            } else if (sk.startsWith(DynamoDbArtifactRegistry.LATEST_PREFIX)) {
                ((ObjectNode) artifact.get("latest")).put(sk.substring(DynamoDbArtifactRegistry.LATEST_PREFIX.length()),
                        s(item, "version"));
            }
        }
        ObjectNode answer = ConsoleJson.object();
        ArrayNode environments = answer.putArray("environments");
        buckets.keySet().forEach(environments::add);
        ArrayNode list = answer.putArray("artifacts");
        for (ObjectNode artifact : artifacts.values()) {
            sortNewestFirst((ArrayNode) artifact.get("versions"));
            list.add(artifact);
        }
        return answer;
    }

    /** The objects under {@code {artifact}/} in the environment's artifact bucket. */
    ObjectNode files(String artifact, String environment) {
        if (artifact == null || !ARTIFACT.matcher(artifact).matches()) {
            throw ApiException.badRequest("artifact is " + (artifact == null ? "missing" : "'" + artifact + "'")
                    + "; expected {team}/{project}/{script}, e.g. data-eng/churn/churn");
        }
        String bucket = environment == null ? null : buckets.get(environment);
        if (bucket == null) {
            throw ApiException.badRequest("environment is " + (environment == null ? "missing" : "'" + environment + "'")
                    + "; expected one of " + buckets.keySet());
        }
        ObjectNode answer = ConsoleJson.object().put("artifact", artifact).put("environment", environment)
                .put("bucket", bucket);
        ArrayNode files = answer.putArray("files");
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(artifact + "/")).contents()) {
            if (ArtifactIndexKeys.isIndexKey(object.key())) {
                continue; // the bucket's version records and latest pointer, not files of the artifact
            }
            if (files.size() == MAX_FILES) {
                answer.put("truncated", true);
                break;
            }
            files.addObject().put("key", object.key()).put("size", object.size())
                    .put("lastModified", String.valueOf(object.lastModified()));
        }
        return answer;
    }

    private static ObjectNode emptyArtifact(String name) {
        ObjectNode artifact = ConsoleJson.object().put("artifact", name);
        artifact.putObject("latest");
        artifact.putArray("versions");
        return artifact;
    }

    private static ObjectNode version(String sk, Map<String, AttributeValue> item) {
        String publishedVersion = sk.substring(DynamoDbArtifactRegistry.VERSION_PREFIX.length());
        ObjectNode version = ConsoleJson.object().put("publishedVersion", publishedVersion)
                .put("version", item.containsKey("version") ? s(item, "version") : publishedVersion);
        for (String field : List.of("versionOrder", "branchSlug", "branch", "commit", "repository", "digest",
                "registeredAt")) {
            String value = s(item, field);
            if (value != null) {
                version.put(field, value);
            }
        }
        AttributeValue released = item.get("released");
        version.put("released", released != null && Boolean.TRUE.equals(released.bool()));
        ArrayNode environments = version.putArray("environments");
        AttributeValue in = item.get("environments");
        if (in != null && in.hasSs()) {
            in.ss().stream().sorted().forEach(environments::add);
        } else if (in != null && in.hasL()) {
            in.l().stream().map(AttributeValue::s).filter(java.util.Objects::nonNull).sorted().forEach(environments::add);
        }
        return version;
    }

    // versionOrder sorts as text in the registry's version order; versions without one go last
    private static void sortNewestFirst(ArrayNode versions) {
        List<ObjectNode> sorted = new java.util.ArrayList<>();
        versions.forEach(v -> sorted.add((ObjectNode) v));
        sorted.sort(Comparator.comparing((ObjectNode v) -> v.path("versionOrder").asText(""))
                .thenComparing(v -> v.path("publishedVersion").asText()).reversed());
        versions.removeAll();
        sorted.forEach(versions::add);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
