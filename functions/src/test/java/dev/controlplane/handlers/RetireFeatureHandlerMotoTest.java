package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** RetireFeature built from its environment as in Lambda, against a dev bucket and registry in moto. */
@IntegrationTest
class RetireFeatureHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_1_4_0 = "000000001.000000004.000000000.9";
    private static final String ORDER_1_5_0 = "000000001.000000005.000000000.9";
    private static final List<String> FEATURE_LOGIN_KEYS = List.of(
            "data-eng/churn/churn/churn-1.4.0-feature-login.py",
            "data-eng/churn/churn/churn-1.4.0+feature.login-py3-none-any.whl",
            "data-eng/churn/churn/churn-1.5.0-feature-login.py",
            "data-eng/churn/score/score-1.4.0-feature-login.py");
    private static final List<String> OTHER_KEYS = List.of(
            "data-eng/churn/churn/churn-1.4.0.py",
            "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl",
            "data-eng/churn/churn/churn-1.4.0-login.py",
            "data-eng/churn/churn/churn-1.4.0+login-py3-none-any.whl",
            "data-eng/churn/score/score-1.4.0.py",
            "data-eng/other/churn/churn-1.4.0-feature-login.py");

    private static MotoEndpoint aws;
    private static S3Client s3;
    private static DynamoDbClient dynamoDb;

    private String table;
    private String devBucket;
    private String stagingBucket;
    private RetireFeatureHandler handler;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        s3 = ArtifactsMoto.s3(aws);
        dynamoDb = aws.dynamoDb();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) {
            s3.close();
            dynamoDb.close();
            aws.close();
        }
    }

    @BeforeEach
    void publishedBuilds() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        table = "controlplane-registry-" + suffix;
        devBucket = "artifacts-dev-" + suffix;
        stagingBucket = "artifacts-staging-" + suffix;
        ArtifactsMoto.createRegistryTable(dynamoDb, table);
        s3.createBucket(request -> request.bucket(devBucket));
        s3.createBucket(request -> request.bucket(stagingBucket));
        FEATURE_LOGIN_KEYS.forEach(key -> ArtifactsMoto.put(s3, devBucket, key, "bytes of " + key));
        OTHER_KEYS.forEach(key -> ArtifactsMoto.put(s3, devBucket, key, "bytes of " + key));
        ArtifactsMoto.put(s3, stagingBucket, "data-eng/churn/churn/churn-1.4.0.py", "released");
        register("churn", "1.4.0", ORDER_1_4_0, null);
        register("churn", "1.4.0", ORDER_1_4_0, "feature-login");
        register("churn", "1.5.0", ORDER_1_5_0, "feature-login");
        register("churn", "1.4.0", ORDER_1_4_0, "login");
        register("score", "1.4.0", ORDER_1_4_0, "feature-login");
        handler = new RetireFeatureHandler(ArtifactsMoto.environment(aws, table));
    }

    private void register(String script, String version, String order, String branchSlug) {
        ArtifactsMoto.registerVersion(dynamoDb, table, "data-eng", "churn", script, version, order, branchSlug, List.of("dev"));
    }

    private ObjectNode input(String branch) {
        ObjectNode input = JSON.createObjectNode();
        input.put("team", "data-eng").put("project", "churn").put("branch", branch).put("defaultBranch", "main");
        input.putArray("scripts").add("churn").add("score");
        input.putArray("environments")
                .add(JSON.createObjectNode().put("name", "dev").put("bucket", devBucket).put("approvalRequired", false))
                .add(JSON.createObjectNode().put("name", "staging").put("bucket", stagingBucket).put("approvalRequired", false));
        return input;
    }

    private JsonNode retire(ObjectNode input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private List<String> keys(String bucket) {
        return s3.listObjectsV2(request -> request.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private boolean registered(String script, String publishedVersion) {
        return !ArtifactsMoto.item(dynamoDb, table, "ARTIFACT#data-eng/churn/" + script, "VERSION#" + publishedVersion)
                .isEmpty();
    }

    @Test
    void retireDeletesOnlyThatBranchsObjectsAndVersions() throws IOException {
        JsonNode output = retire(input("refs/heads/feature/login"));

        assertThat(output.path("environment").asText()).isEqualTo("dev");
        assertThat(JSON.convertValue(output.path("deleted"), List.class))
                .containsExactlyInAnyOrderElementsOf(FEATURE_LOGIN_KEYS);
        assertThat(JSON.convertValue(output.path("versions"), List.class))
                .containsExactlyInAnyOrder("1.4.0-feature-login", "1.5.0-feature-login");
        assertThat(keys(devBucket)).containsExactlyInAnyOrderElementsOf(OTHER_KEYS);
        assertThat(keys(stagingBucket)).containsExactly("data-eng/churn/churn/churn-1.4.0.py");
        assertThat(registered("churn", "1.4.0-feature-login")).isFalse();
        assertThat(registered("churn", "1.5.0-feature-login")).isFalse();
        assertThat(registered("score", "1.4.0-feature-login")).isFalse();
        assertThat(registered("churn", "1.4.0")).isTrue();
        assertThat(registered("churn", "1.4.0-login")).isTrue();
    }

    @Test
    void unknownBranchDeletesNothing() throws IOException {
        JsonNode output = retire(input("feature/never-built"));

        assertThat(output).isEqualTo(JSON.readTree("{\"environment\":\"dev\",\"deleted\":[],\"versions\":[]}"));
        assertThat(keys(devBucket)).hasSize(FEATURE_LOGIN_KEYS.size() + OTHER_KEYS.size());
        assertThat(registered("churn", "1.4.0-feature-login")).isTrue();
    }

    @Test
    void retiringTwiceFindsNothingTheSecondTime() throws IOException {
        retire(input("feature/login"));

        JsonNode again = retire(input("feature/login"));

        assertThat(again.path("deleted")).isEmpty();
        assertThat(again.path("versions")).isEmpty();
    }
}
