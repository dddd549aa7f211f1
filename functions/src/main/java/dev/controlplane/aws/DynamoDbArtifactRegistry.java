package dev.controlplane.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.promotion.ArrivalClaims;
import dev.controlplane.domain.registry.ArtifactRegistry;
import dev.controlplane.domain.registry.RegisteredBuild;
import dev.controlplane.domain.registry.RegisteredBuilds;
import java.util.ArrayList;
import dev.controlplane.domain.registry.LatestVersion;
import dev.controlplane.domain.registry.RegisteredVersion;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The registry table ({@code REGISTRY_TABLE}, keys {@code pk} and {@code sk}), read and written with the item
 * schema the promote-artifact workflow's direct DynamoDB integrations use:
 * <ul>
 *   <li>version: pk {@code ARTIFACT#{team}/{project}/{script}}, sk {@code VERSION#{publishedVersion}};
 *       {@code versionOrder}, {@code branchSlug} (absent for the default branch), {@code environments} (SS),
 *       {@code released} (BOOL), and what registration wrote;</li>
 *   <li>latest: same pk, sk {@code LATEST#{environment}}; {@code version}, {@code versionOrder}, {@code movedAt},
 *       {@code movedBy}.</li>
 * </ul>
 */
public final class DynamoDbArtifactRegistry implements ArtifactRegistry, RegisteredBuilds, ArrivalClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String TABLE_VARIABLE = "REGISTRY_TABLE";
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String ARTIFACT_PREFIX = "ARTIFACT#";
    public static final String VERSION_PREFIX = "VERSION#";
    public static final String LATEST_PREFIX = "LATEST#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final InstantSource clock;

    public DynamoDbArtifactRegistry(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, InstantSource.system());
    }

    public DynamoDbArtifactRegistry(DynamoDbClient dynamoDb, String table, InstantSource clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = requireTable(table);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The table name from {@value #TABLE_VARIABLE}. */
    static String requireTable(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + TABLE_VARIABLE
                    + " is not set; expected the registry table's name, e.g. controlplane-registry-dev");
        }
        return table.strip();
    }

    @Override
    public Optional<RegisteredVersion> version(String artifact, String publishedVersion) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(key(artifact, VERSION_PREFIX + publishedVersion)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(version(artifact, item));
    }

    @Override
    public Optional<RegisteredBuild> build(String artifact, String publishedVersion) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(key(artifact, VERSION_PREFIX + publishedVersion)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue feature = item.get("feature");
        return Optional.of(new RegisteredBuild(text(item, "team"), text(item, "project"), text(item, "script"),
                optionalText(item, "version").orElse(publishedVersion), publishedVersion, text(item, "versionOrder"),
                optionalText(item, "branch").orElse(""), feature != null && Boolean.TRUE.equals(feature.bool()),
                text(item, "commit"), text(item, "repository"), text(item, "digest"), files(item),
                environments(item.get("environments")), textMap(item, "copies"), arrival(item)));
    }

    // Written by RegisterArrival in an environment that pulls: pulledFrom, sources (JSON {key: versionId}), claimedBy.
    private static RegisteredBuild.Arrival arrival(Map<String, AttributeValue> item) {
        Optional<String> from = optionalText(item, "pulledFrom");
        if (from.isEmpty()) {
            return null;
        }
        AttributeValue released = item.get("released");
        return new RegisteredBuild.Arrival(from.get(), textMap(item, "sources"),
                released != null && Boolean.TRUE.equals(released.bool()), optionalText(item, "claimedBy").orElse(null));
    }

    // A JSON object of strings kept as S (copies, sources); absent is empty.
    private static Map<String, String> textMap(Map<String, AttributeValue> item, String name) {
        Optional<String> text = optionalText(item, name);
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new java.util.LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(text.get());
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) map.put(e.getKey(), e.getValue().asText());
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registry item " + item.get(PK).s() + " " + item.get(SK).s() + " has " + name
                    + " that is not JSON; expected an object of key to object version");
        }
        return map;
    }

    /**
     * Takes back the claim a stopped execution holds on a version's arrival in this environment, if it still holds
     * it; false when another execution holds it now.
     */
    @Override
    public boolean releaseArrivalClaim(String artifact, String publishedVersion, String claimedBy) {
        try {
            dynamoDb.updateItem(request -> request.tableName(table)
                    .key(key(artifact, VERSION_PREFIX + publishedVersion))
                    .updateExpression("REMOVE claimedBy, claimedAt")
                    .conditionExpression("claimedBy = :claimedBy")
                    .expressionAttributeValues(Map.of(":claimedBy", AttributeValue.fromS(claimedBy))));
            return true;
        } catch (ConditionalCheckFailedException heldByAnother) {
            return false;
        }
    }

    // files: the JSON list RegisterBuild writes, [{name, key, sha256, size}]
    private static List<Build.PublishedFile> files(Map<String, AttributeValue> item) {
        String text = text(item, "files");
        List<Build.PublishedFile> files = new ArrayList<>();
        try {
            for (JsonNode file : JSON.readTree(text)) {
                files.add(new Build.PublishedFile(file.path("name").asText(), file.path("key").asText(),
                        file.path("sha256").asText(), file.path("size").asLong(), null));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registry item " + item.get(PK).s() + " " + item.get(SK).s()
                    + " has files that are not JSON; expected the list RegisterBuild writes");
        }
        return files;
    }

    @Override
    public void markReleased(String artifact, String publishedVersion) {
        try {
            dynamoDb.updateItem(request -> request.tableName(table)
                    .key(key(artifact, VERSION_PREFIX + publishedVersion))
                    .updateExpression("SET released = :released")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":released", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException notRegistered) {
            // Retired in the meantime: marking must not create a stub version item.
        }
    }

    @Override
    public Optional<LatestVersion> latest(String artifact, String environment) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(key(artifact, LATEST_PREFIX + environment)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LatestVersion(text(item, "version"), text(item, "versionOrder")));
    }

    @Override
    public boolean moveLatest(String artifact, String environment, LatestVersion candidate, String movedBy) {
        try {
            dynamoDb.updateItem(request -> request.tableName(table)
                    .key(key(artifact, LATEST_PREFIX + environment))
                    .updateExpression("SET #version = :version, #order = :order, movedAt = :at, movedBy = :by"
                            + " REMOVE rolledBackFrom, rollbackReason, rollbackId")
                    .conditionExpression("attribute_not_exists(pk) OR #order <= :order")
                    .expressionAttributeNames(Map.of("#version", "version", "#order", "versionOrder"))
                    .expressionAttributeValues(Map.of(
                            ":version", AttributeValue.fromS(candidate.version()),
                            ":order", AttributeValue.fromS(candidate.versionOrder()),
                            ":at", AttributeValue.fromS(clock.instant().toString()),
                            ":by", AttributeValue.fromS(movedBy))));
            return true;
        } catch (ConditionalCheckFailedException newerLatest) {
            return false;
        }
    }

    @Override
    public List<RegisteredVersion> versionsOfBranch(String artifact, String branchSlug) {
        return dynamoDb.queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :versions)")
                        .filterExpression("branchSlug = :slug")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(ARTIFACT_PREFIX + artifact),
                                ":versions", AttributeValue.fromS(VERSION_PREFIX),
                                ":slug", AttributeValue.fromS(branchSlug)))
                        .consistentRead(true))
                .items().stream()
                .map(item -> version(artifact, item))
                .toList();
    }

    @Override
    public void deleteVersion(String artifact, String publishedVersion) {
        dynamoDb.deleteItem(request -> request.tableName(table).key(key(artifact, VERSION_PREFIX + publishedVersion)));
    }

    private static Map<String, AttributeValue> key(String artifact, String sk) {
        return Map.of(PK, AttributeValue.fromS(ARTIFACT_PREFIX + artifact), SK, AttributeValue.fromS(sk));
    }

    private static RegisteredVersion version(String artifact, Map<String, AttributeValue> item) {
        String publishedVersion = item.get(SK).s().substring(VERSION_PREFIX.length());
        AttributeValue released = item.get("released");
        return new RegisteredVersion(artifact, publishedVersion, optionalText(item, "version").orElse(publishedVersion),
                text(item, "versionOrder"), optionalText(item, "branchSlug"),
                released != null && Boolean.TRUE.equals(released.bool()), environments(item.get("environments")));
    }

    // SS as the contract says; a list of strings is read too, since a JSONata integration may write one.
    private static TreeSet<String> environments(AttributeValue value) {
        TreeSet<String> names = new TreeSet<>();
        if (value == null) {
            return names;
        }
        if (value.hasSs()) {
            names.addAll(value.ss());
        } else if (value.hasL()) {
            value.l().stream().map(AttributeValue::s).filter(Objects::nonNull).forEach(names::add);
        }
        return names;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return optionalText(item, name).orElseThrow(() -> new IllegalStateException("registry item "
                + item.get(PK).s() + " " + item.get(SK).s() + " has no " + name + " (S); expected the item schema"
                + " of the promote-artifact contract"));
    }

    private static Optional<String> optionalText(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }
}
