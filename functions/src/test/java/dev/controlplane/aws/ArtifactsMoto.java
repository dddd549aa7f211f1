package dev.controlplane.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.index.ArtifactIndex.StoredLatest;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.index.LatestRecord;
import dev.controlplane.domain.index.VersionRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** What the artifact and registry tests need from moto: buckets, the registry table and its items as the workflow writes them. */
public final class ArtifactsMoto {

    private ArtifactsMoto() {
    }

    /** A function's environment pointing at moto, as the template sets it. */
    public static Map<String, String> environment(MotoEndpoint aws, String registryTable) {
        return Map.of("AWS_REGION", MotoEndpoint.REGION, "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                DynamoDbArtifactRegistry.TABLE_VARIABLE, registryTable);
    }

    /** The S3 client a function builds from that environment. */
    public static S3Client s3(MotoEndpoint aws) {
        return S3ArtifactStore.client(environment(aws, "unused"));
    }

    public static void createVersionedBucket(S3Client s3, String bucket) {
        s3.createBucket(request -> request.bucket(bucket));
        s3.putBucketVersioning(request -> request.bucket(bucket)
                .versioningConfiguration(versioning -> versioning.status("Enabled")));
    }

    /** @return the new object version's id */
    public static String put(S3Client s3, String bucket, String key, byte[] bytes, String contentType) {
        return s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)).versionId();
    }

    public static String put(S3Client s3, String bucket, String key, String text) {
        return put(s3, bucket, key, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** The registry table as template.yaml declares it: pk (S) and sk (S). */
    public static void createRegistryTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(request -> request.tableName(table)
                .attributeDefinitions(
                        a -> a.attributeName(DynamoDbArtifactRegistry.PK).attributeType("S"),
                        a -> a.attributeName(DynamoDbArtifactRegistry.SK).attributeType("S"))
                .keySchema(
                        k -> k.attributeName(DynamoDbArtifactRegistry.PK).keyType("HASH"),
                        k -> k.attributeName(DynamoDbArtifactRegistry.SK).keyType("RANGE"))
                .billingMode("PAY_PER_REQUEST"));
    }

    /**
     * A version item exactly as the workflow's registration writes it (contract item schema).
     *
     * @param branchSlug null for a default-branch build
     */
    public static void registerVersion(DynamoDbClient dynamoDb, String table, String team, String project, String script,
            String version, String versionOrder, String branchSlug, List<String> environments) {
        String publishedVersion = branchSlug == null ? version : version + "-" + branchSlug;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ARTIFACT#" + team + "/" + project + "/" + script));
        item.put("sk", AttributeValue.fromS("VERSION#" + publishedVersion));
        item.put("team", AttributeValue.fromS(team));
        item.put("project", AttributeValue.fromS(project));
        item.put("script", AttributeValue.fromS(script));
        item.put("version", AttributeValue.fromS(version));
        item.put("publishedVersion", AttributeValue.fromS(publishedVersion));
        item.put("versionOrder", AttributeValue.fromS(versionOrder));
        item.put("branch", AttributeValue.fromS(branchSlug == null ? "main" : "feature/" + branchSlug));
        if (branchSlug != null) {
            item.put("branchSlug", AttributeValue.fromS(branchSlug));
        }
        item.put("feature", AttributeValue.fromBool(branchSlug != null));
        item.put("commit", AttributeValue.fromS("9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3"));
        item.put("repository", AttributeValue.fromS("acme-data/" + project));
        item.put("digest", AttributeValue.fromS(sha256("digest of " + publishedVersion)));
        item.put("files", AttributeValue.fromS("[]"));
        item.put("environments", AttributeValue.fromSs(environments));
        item.put("registeredAt", AttributeValue.fromS("2025-05-12T09:30:00Z"));
        item.put("registeredBy", AttributeValue.fromS("arn:aws:states:us-east-1:123456789012:execution:promote-artifact:upload"));
        dynamoDb.putItem(request -> request.tableName(table).item(item));
    }

    /** A latest item as MoveLatest or the workflow writes it. */
    public static void setLatest(DynamoDbClient dynamoDb, String table, String artifact, String environment,
            String version, String versionOrder) {
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("ARTIFACT#" + artifact),
                "sk", AttributeValue.fromS("LATEST#" + environment),
                "version", AttributeValue.fromS(version),
                "versionOrder", AttributeValue.fromS(versionOrder),
                "movedAt", AttributeValue.fromS("2025-05-01T00:00:00Z"),
                "movedBy", AttributeValue.fromS("earlier release"))));
    }

    /**
     * A version as PublishArtifact indexes it in an environment's artifact bucket (made when missing): its record,
     * listing these file keys.
     */
    public static void indexVersion(S3Client s3, String bucket, String environment, String artifact, String version,
            List<String> fileKeys) {
        ensureBucket(s3, bucket);
        List<VersionRecord.IndexedFile> files = fileKeys.stream()
                .map(key -> new VersionRecord.IndexedFile(key.substring(key.lastIndexOf('/') + 1), key, sha256(key), key.length()))
                .toList();
        new S3ArtifactIndex(s3).putVersion(bucket, new VersionRecord(artifact, version,
                VersionOrder.of(ArtifactIndexKeys.plainVersion(version)), environment, null, Instant.parse("2025-05-12T09:30:00Z"), files));
    }

    /** latest.json in the bucket pointing at the version, whatever it pointed at before. */
    public static void indexLatest(S3Client s3, String bucket, String artifact, String version) {
        S3ArtifactIndex index = new S3ArtifactIndex(s3);
        String tag = index.latest(bucket, artifact).map(StoredLatest::tag).orElse(null);
        if (!index.replaceLatest(bucket, new LatestRecord(artifact, version, VersionOrder.of(version),
                Instant.parse("2025-05-12T09:30:00Z"), "earlier release"), tag)) {
            throw new IllegalStateException("latest.json of " + artifact + " in " + bucket + " changed while the test set it");
        }
    }

    public static void ensureBucket(S3Client s3, String bucket) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(request -> request.bucket(bucket));
        }
    }

    public static Map<String, AttributeValue> item(DynamoDbClient dynamoDb, String table, String pk, String sk) {
        return dynamoDb.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
