package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3PrimingAnswers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The storage functions' SnapStart priming: through the handler and the SDK clients' whole path, nothing sent. */
class StoragePrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A port nothing listens on: a request that left the process would fail the priming. */
    static final Map<String, String> UNREACHABLE = Map.of("AWS_REGION", "eu-west-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:1", "S3_FORCE_PATH_STYLE", "true", "REGISTRY_TABLE", "registry");
    /** As in Lambda: no endpoint override, the function's own credentials. */
    static final Map<String, String> LAMBDA = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "ASIAREALKEY",
            "AWS_SECRET_ACCESS_KEY", "real-secret", "AWS_SESSION_TOKEN", "real-token", "REGISTRY_TABLE", "registry");

    @RegisterExtension
    final CapturedStdout printed = new CapturedStdout();

    @Test
    void retireFeaturePrimingRetiresTheMadeUpBuildFromTheCannedAnswers() throws Exception {
        PrimingHttpClient http = StoragePriming.http();

        JsonNode answer = JSON.readTree(StoragePriming.retireFeature(UNREACHABLE, http));

        assertThat(answer.path("environment").asText()).isEqualTo("dev");
        assertThat(texts(answer.path("deleted"))).as("the version record first, then the files, as listed by S3")
                .containsExactlyElementsOf(StoragePriming.FEATURE_KEYS);
        assertThat(texts(answer.path("versions"))).as("the version the DynamoDB query answered")
                .containsExactly("0.0.0-feature-snapstart-priming");
    }

    @Test
    void retireFeaturePrimingSendsSignedMarshalledRequestsToTheCannedClientOnly() {
        PrimingHttpClient http = StoragePriming.http();

        StoragePriming.retireFeature(LAMBDA, http);

        List<SdkHttpRequest> answered = http.answered();
        assertThat(answered).extracting(StoragePrimingTest::call).containsExactly(
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com DELETE_OBJECTS",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com DELETE_OBJECTS",
                "POST dynamodb.eu-west-1.amazonaws.com DynamoDB_20120810.Query",
                "POST dynamodb.eu-west-1.amazonaws.com DynamoDB_20120810.DeleteItem");
        assertThat(answered).allSatisfy(request -> {
            assertThat(request.firstMatchingHeader("Authorization")).as("signed with the made-up credentials, not the function's")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("AWS4-HMAC-SHA256 Credential=AKIASNAPSTARTPRIMING/")
                            .contains("/eu-west-1/"));
            assertThat(request.firstMatchingHeader("X-Amz-Security-Token")).hasValue("snapstart-priming-made-up-session");
            assertThat(request.firstMatchingHeader("User-Agent")).hasValueSatisfying(v -> assertThat(v).contains("aws-sdk-java"));
        });
        assertThat(answered.get(1).firstMatchingHeader("x-amz-checksum-crc32")).as("S3's checksum interceptor ran").isPresent();
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void theHookPrimesWithoutTouchingTheHandlersOwnClientsAndWritesNothing() {
        // The handler's own clients point at a closed port: had priming used them, it would fail.
        RetireFeatureHandler handler = new RetireFeatureHandler(UNREACHABLE);

        assertThat(handler.priming().registered()).as("registered only for a SnapStart initialisation").isFalse();
        handler.priming().beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    static String call(SdkHttpRequest request) {
        String operation = request.firstMatchingHeader("X-Amz-Target")
                .orElseGet(() -> S3PrimingAnswers.operation(request).name());
        return request.method() + " " + request.host() + " " + operation;
    }

    static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
