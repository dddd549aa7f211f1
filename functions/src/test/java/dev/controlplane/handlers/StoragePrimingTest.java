package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.PrimingHttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The storage functions' SnapStart priming: through the handler and the SDK clients' whole path, nothing sent. */
class StoragePrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> UNREACHABLE = PrimingEnvironments.unreachable(Map.of("REGISTRY_TABLE", "registry"));
    private static final Map<String, String> LAMBDA = PrimingEnvironments.lambda(Map.of("REGISTRY_TABLE", "registry"));

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
        assertThat(answered).extracting(PrimingEnvironments::call).containsExactly(
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

    static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
