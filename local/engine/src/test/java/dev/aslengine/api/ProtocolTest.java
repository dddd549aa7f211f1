package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.ForeignHost;
import dev.testsupport.IntegrationTest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The AWS JSON 1.0 protocol itself: targets, content type, error bodies, timestamps, and what is not served. */
@IntegrationTest
class ProtocolTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";

    private final SfnEndpoint api = new SfnEndpoint();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        http.close();
        api.close();
    }

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.server.url().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) b.header("X-Amz-Target", target);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anActionAnswersInTheJsonProtocolWithDatesAsEpochSecondsWithFractions() throws Exception {
        String arn = api.create("orders", PASS);
        HttpResponse<String> r = post("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\": \"" + arn + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("creationDate").isNumber()).isTrue();
        assertThat(body.get("creationDate").decimalValue().scale()).isEqualTo(3);
        assertThat(body.get("creationDate").decimalValue().longValue()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(3600L));
    }

    @Test
    void aRequestAddressedByAnotherNameThanLoopbackIsMisdirectedAndReadsNothing() throws Exception {
        api.create("orders", PASS);
        int port = api.server.url().getPort();

        String refused = ForeignHost.postJson(port, "rebound.example:" + port, "AWSStepFunctions.ListStateMachines", "{}");

        assertThat(refused).startsWith("HTTP/1.1 421").contains("\"__type\":\"MisdirectedRequest\"")
                .contains("'rebound.example:" + port + "'").doesNotContain("orders");
        assertThat(ForeignHost.postJson(port, "localhost:" + port, "AWSStepFunctions.ListStateMachines", "{}"))
                .startsWith("HTTP/1.1 200").contains("orders");
    }

    @Test
    void anErrorIsA400WithTheCodeInTypeAndAMessage() throws Exception {
        HttpResponse<String> r = post("AWSStepFunctions.DescribeExecution",
                "{\"executionArn\": \"arn:aws:states:us-east-1:123456789012:execution:m:nope\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("ExecutionDoesNotExist");
        assertThat(body.get("message").asText()).contains("arn:aws:states:us-east-1:123456789012:execution:m:nope");
    }

    @Test
    void anActionNotServedIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = post("AWSStepFunctions.ListWidgets", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(body.get("message").asText()).contains("ListWidgets").contains("ListActivities");
    }

    @Test
    void aRequestWithoutTargetIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = post(null, "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parse(r.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(Json.parse(r.body()).get("message").asText()).contains("X-Amz-Target");
    }

    @Test
    void aBodyThatIsNotJsonIsSerializationExceptionAndStartsNothing() throws Exception {
        String arn = api.create("orders", PASS);
        HttpResponse<String> r = post("AWSStepFunctions.StartExecution", "{\"stateMachineArn\": \"" + arn + "\",");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parse(r.body()).get("__type").asText()).isEqualTo("SerializationException");
        assertThat(api.engine.executions(arn)).isEmpty();
    }

    @Test
    void aMemberOfTheWrongJsonTypeIsSerializationException() throws Exception {
        String arn = api.create("orders", PASS);
        HttpResponse<String> r = post("AWSStepFunctions.StartExecution", "{\"stateMachineArn\": \"" + arn + "\", \"input\": {\"a\": 1}}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("SerializationException");
        assertThat(body.get("message").asText()).contains("'input'");
        assertThat(api.engine.executions(arn)).isEmpty();
    }

    @Test
    void aMissingRequiredMemberIsValidationExceptionNamingIt() throws Exception {
        HttpResponse<String> r = post("AWSStepFunctions.StartExecution", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.parse(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("ValidationException");
        assertThat(body.get("message").asText())
                .isEqualTo("1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void anySignatureIsAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.server.url().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=nobody/20200101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("stateMachines").isArray()).isTrue();
    }

    @Test
    void theServerListensOnTheGivenLoopbackPort() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (StepFunctionsApiServer server = StepFunctionsApiServer.start(api.engine, port)) {
            assertThat(server.url().toString()).isEqualTo("http://127.0.0.1:" + port);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/"))
                    .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsRefusedWithThePortInTheMessage() {
        int port = api.server.url().getPort();
        assertThatThrownBy(() -> StepFunctionsApiServer.start(api.engine, port))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }
}
