package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** RequestApproval built from its environment as in Lambda, writing to a registry table in moto. */
@IntegrationTest
class RequestApprovalHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAZ2b-task-token-" + UUID.randomUUID();
    private static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:promote-artifact:github-7d1e5a40";

    private static MotoEndpoint aws;
    private static DynamoDbClient dynamoDb;

    private String table;
    private RequestApprovalHandler handler;

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
        handler = new RequestApprovalHandler(ArtifactsMoto.environment(aws, table));
    }

    private static ObjectNode input() {
        ObjectNode input = JSON.createObjectNode();
        input.put("taskToken", TOKEN).put("execution", EXECUTION).put("environment", "prod")
                .put("artifact", "data-eng/churn/churn").put("publishedVersion", "1.4.0")
                .put("commit", "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3").put("digest", "d".repeat(64));
        input.putArray("files").addObject().put("key", "data-eng/churn/churn/churn-1.4.0.py").put("sha256", "a".repeat(64));
        return input;
    }

    private JsonNode request(ObjectNode input, RecordingContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), output, context);
        return JSON.readTree(output.toByteArray());
    }

    @Test
    void requestWritesTheApprovalItemWithTheTokenAndAnswersPending() throws IOException {
        Instant before = Instant.now();

        JsonNode output = request(input(), new RecordingContext("req-1"));

        assertThat(output).isEqualTo(JSON.readTree("{\"approval\":\"pending\"}"));
        Map<String, AttributeValue> item = ArtifactsMoto.item(dynamoDb, table, "APPROVAL", "prod#" + EXECUTION);
        assertThat(item).containsEntry("taskToken", AttributeValue.fromS(TOKEN))
                .containsEntry("environment", AttributeValue.fromS("prod"))
                .containsEntry("artifact", AttributeValue.fromS("data-eng/churn/churn"))
                .containsEntry("publishedVersion", AttributeValue.fromS("1.4.0"))
                .containsEntry("commit", AttributeValue.fromS("9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3"))
                .containsEntry("execution", AttributeValue.fromS(EXECUTION))
                .as("what is approved: the build's digest and each file's sha256")
                .containsEntry("digest", AttributeValue.fromS("d".repeat(64)))
                .containsEntry("files", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "key", AttributeValue.fromS("data-eng/churn/churn/churn-1.4.0.py"),
                        "sha256", AttributeValue.fromS("a".repeat(64)))))));
        Instant requestedAt = Instant.parse(item.get("requestedAt").s());
        assertThat(requestedAt).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(requestedAt.plus(Duration.ofDays(7)).getEpochSecond());
    }

    @Test
    void tokenIsNeverLoggedThroughTheLambdaLogger() throws IOException {
        RecordingContext context = new RecordingContext("req-2");

        request(input(), context);

        assertThat(context.logged()).contains("approval requested", "prod", EXECUTION).doesNotContain(TOKEN);
    }

    @Test
    void tokenIsNeverLoggedToStandardOutput() throws IOException {
        PrintStream standardOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            request(input(), null);
        } finally {
            System.setOut(standardOut);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("approval requested").doesNotContain(TOKEN);
    }

    @Test
    void inputWithoutTokenIsRefusedAndNothingIsWritten() {
        ObjectNode input = input();
        input.remove("taskToken");

        assertThatThrownBy(() -> request(input, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RequestApproval input: taskToken is missing");
        assertThat(ArtifactsMoto.item(dynamoDb, table, "APPROVAL", "prod#" + EXECUTION)).isEmpty();
    }

    @Test
    void aRequestThatDoesNotNameTheBytesApprovedIsRefused() throws IOException {
        ObjectNode input = input();
        input.remove("files");
        assertThatThrownBy(() -> request(input, new RecordingContext("req-9"))).hasMessageContaining("files")
                .hasMessageContaining("[{key, sha256}]");
        assertThat(ArtifactsMoto.item(dynamoDb, table, "APPROVAL", "prod#" + EXECUTION)).isEmpty();
    }
}
