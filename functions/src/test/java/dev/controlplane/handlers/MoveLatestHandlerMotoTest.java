package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.domain.VersionNotFoundException;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** MoveLatest built from its environment as in Lambda, on registry items written as the workflow writes them. */
@IntegrationTest
class MoveLatestHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:promote-artifact:github-e91f3c70";
    private static final String ORDER_1_4_0 = "000000001.000000004.000000000.9";
    private static final String ORDER_1_5_0 = "000000001.000000005.000000000.9";
    private static final String ORDER_1_5_1 = "000000001.000000005.000000001.9";
    private static final String ORDER_2_0_0 = "000000002.000000000.000000000.9";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;

    private String table;
    private MoveLatestHandler handler;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        dynamoDb = aws.dynamoDb();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            dynamoDb.close();
            aws.close();
        }
    }

    @BeforeEach
    void freshTable() {
        table = "controlplane-registry-" + UUID.randomUUID().toString().substring(0, 8);
        ArtifactsMoto.createRegistryTable(dynamoDb, table);
        handler = new MoveLatestHandler(ArtifactsMoto.environment(aws, table));
    }

    private void register(String script, String version, String order, List<String> environments) {
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", script, version, order, null, environments);
    }

    private static ObjectNode input(String version) {
        ObjectNode input = JSON.createObjectNode();
        input.put("team", "data-eng").put("project", "churn").put("version", version)
                .put("repository", "acme-data/churn").put("defaultBranch", "main").put("execution", EXECUTION);
        input.putArray("scripts").add("churn").add("score");
        return input;
    }

    private JsonNode release(ObjectNode input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private Map<String, AttributeValue> latest(String script, String environment) {
        return ArtifactsMoto.item(dynamoDb, table, "ARTIFACT#data-eng/churn/" + script, "LATEST#" + environment);
    }

    private Map<String, AttributeValue> version(String script, String version) {
        return ArtifactsMoto.item(dynamoDb, table, "ARTIFACT#data-eng/churn/" + script, "VERSION#" + version);
    }

    @Test
    void releaseMovesLatestForwardInEveryEnvironmentItIsPublishedIn() throws IOException {
        register("churn", "1.5.0", ORDER_1_5_0, List.of("dev", "staging", "prod"));
        register("score", "1.5.0", ORDER_1_5_0, List.of("dev"));
        ArtifactsMoto.setLatest(dynamoDb, table, "data-eng/churn/churn", "prod", "1.4.0", ORDER_1_4_0);

        JsonNode output = release(input("1.5.0"));

        assertThat(output).isEqualTo(JSON.readTree("""
                {"moved": [
                   {"script": "churn", "environment": "dev", "version": "1.5.0"},
                   {"script": "churn", "environment": "prod", "version": "1.5.0"},
                   {"script": "churn", "environment": "staging", "version": "1.5.0"},
                   {"script": "score", "environment": "dev", "version": "1.5.0"}],
                 "kept": []}"""));
        assertThat(latest("churn", "prod")).containsEntry("version", AttributeValue.fromS("1.5.0"))
                .containsEntry("versionOrder", AttributeValue.fromS(ORDER_1_5_0))
                .containsEntry("movedBy", AttributeValue.fromS(EXECUTION))
                .containsKey("movedAt");
        assertThat(latest("score", "prod")).isEmpty();
    }

    @Test
    void releaseIsMarkedReleasedOnEveryScriptThatHasIt() throws IOException {
        register("churn", "1.5.0", ORDER_1_5_0, List.of("dev"));
        register("score", "1.5.0", ORDER_1_5_0, List.of("dev"));
        register("churn", "1.4.0", ORDER_1_4_0, List.of("dev"));

        release(input("1.5.0"));

        assertThat(version("churn", "1.5.0")).containsEntry("released", AttributeValue.fromBool(true))
                .containsEntry("digest", AttributeValue.fromS(ArtifactsMoto.sha256("digest of 1.5.0")));
        assertThat(version("score", "1.5.0")).containsEntry("released", AttributeValue.fromBool(true));
        assertThat(version("churn", "1.4.0")).doesNotContainKey("released");
    }

    @Test
    void olderReleaseKeepsTheNewerLatest() throws IOException {
        register("churn", "1.5.1", ORDER_1_5_1, List.of("dev", "prod"));
        ArtifactsMoto.setLatest(dynamoDb, table, "data-eng/churn/churn", "prod", "2.0.0", ORDER_2_0_0);

        JsonNode output = release(input("1.5.1"));

        assertThat(output).isEqualTo(JSON.readTree("""
                {"moved": [{"script": "churn", "environment": "dev", "version": "1.5.1"}],
                 "kept": [{"script": "churn", "environment": "prod", "version": "1.5.1", "latest": "2.0.0"}]}"""));
        assertThat(latest("churn", "prod")).containsEntry("version", AttributeValue.fromS("2.0.0"))
                .containsEntry("movedBy", AttributeValue.fromS("earlier release"));
        assertThat(version("churn", "1.5.1")).containsEntry("released", AttributeValue.fromBool(true));
    }

    @Test
    void sameReleaseTwiceEndsTheSame() throws IOException {
        register("churn", "1.5.0", ORDER_1_5_0, List.of("dev"));

        JsonNode first = release(input("1.5.0"));
        JsonNode second = release(input("1.5.0"));

        assertThat(second).isEqualTo(first);
        assertThat(latest("churn", "dev")).containsEntry("version", AttributeValue.fromS("1.5.0"));
    }

    @Test
    void versionNoScriptHasIsNotFoundNamingRepositoryVersionAndScripts() {
        register("churn", "1.4.0", ORDER_1_4_0, List.of("dev"));
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", "churn", "1.5.0", ORDER_1_5_0, "feature-login",
                List.of("dev"));

        assertThatThrownBy(() -> release(input("1.5.0")))
                .isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("acme-data/churn")
                .hasMessageContaining("'1.5.0'")
                .hasMessageContaining("data-eng/churn/churn, data-eng/churn/score");
        assertThat(latest("churn", "dev")).isEmpty();
    }

    @Test
    void withoutExecutionTheRequestIdIsRecordedAsMover() throws IOException {
        register("churn", "1.5.0", ORDER_1_5_0, List.of("dev"));
        ObjectNode input = input("1.5.0");
        input.remove("execution");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, new RecordingContext("req-42"));

        assertThat(latest("churn", "dev")).containsEntry("movedBy", AttributeValue.fromS("MoveLatest request req-42"));
    }
}
