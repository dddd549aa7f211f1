package dev.controlplane.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.launch.PublishedVersion;
import dev.controlplane.domain.launch.RunArtifacts;
import dev.controlplane.domain.registry.LatestVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What resolving a run reads from the registry table, with the promote-artifact item schema: {@code latest} from
 * the LATEST#{environment} item (through {@link DynamoDbArtifactRegistry}), and a version's environments (SS) and
 * file keys (the {@code files} JSON array) from its VERSION# item.
 */
public final class DynamoDbRunArtifacts implements RunArtifacts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbArtifactRegistry registry;

    public DynamoDbRunArtifacts(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = DynamoDbArtifactRegistry.requireTable(table);
        this.registry = new DynamoDbArtifactRegistry(dynamoDb, this.table);
    }

    @Override
    public Optional<String> latest(String artifact, String environment) {
        return registry.latest(artifact, environment).map(LatestVersion::version);
    }

    @Override
    public Optional<PublishedVersion> version(String artifact, String publishedVersion) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of(DynamoDbArtifactRegistry.PK, AttributeValue.fromS(DynamoDbArtifactRegistry.ARTIFACT_PREFIX + artifact),
                        DynamoDbArtifactRegistry.SK, AttributeValue.fromS(DynamoDbArtifactRegistry.VERSION_PREFIX + publishedVersion))))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> environments = new TreeSet<>();
        AttributeValue published = item.get("environments");
        if (published != null && published.hasSs()) {
            environments.addAll(published.ss());
        } else if (published != null && published.hasL()) {
            published.l().stream().map(AttributeValue::s).filter(Objects::nonNull).forEach(environments::add);
        }
        return Optional.of(new PublishedVersion(artifact, publishedVersion, environments, keys(artifact, item.get("files"))));
    }

    private static List<String> keys(String artifact, AttributeValue files) {
        List<String> keys = new ArrayList<>();
        if (files == null || files.s() == null) {
            return keys;
        }
        try {
            for (JsonNode file : JSON.readTree(files.s())) {
                if (file.hasNonNull("key")) {
                    keys.add(file.get("key").asText());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registry item " + artifact + " has files that are not a JSON array;"
                    + " expected the item schema of the promote-artifact contract", e);
        }
        return keys;
    }
}
