package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3PrimingAnswers;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Function environments for the priming tests, and a request the priming answered told in one line. */
final class PrimingEnvironments {

    private PrimingEnvironments() {
    }

    /** A function's environment pointing at a port nothing listens on: a request that left the process would fail. */
    static Map<String, String> unreachable(Map<String, String> function) {
        Map<String, String> environment = new HashMap<>(function);
        environment.putAll(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "S3_FORCE_PATH_STYLE", "true"));
        return environment;
    }

    /** A function's environment as in Lambda: no endpoint override, the function's own credentials. */
    static Map<String, String> lambda(Map<String, String> function) {
        Map<String, String> environment = new HashMap<>(function);
        environment.putAll(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "ASIAREALKEY",
                "AWS_SECRET_ACCESS_KEY", "real-secret", "AWS_SESSION_TOKEN", "real-token"));
        return environment;
    }

    /** Asserts that every request {@code http} answered was signed with priming's made-up credentials. */
    static void assertSignedWithMadeUpCredentials(PrimingHttpClient http) {
        assertThat(http.answered()).allSatisfy(request -> assertThat(request.firstMatchingHeader("Authorization"))
                .as("signed with the made-up credentials, not the function's")
                .hasValueSatisfying(v -> assertThat(v).startsWith("AWS4-HMAC-SHA256 Credential=AKIASNAPSTARTPRIMING/")));
    }

    /** {@code METHOD host operation}: the S3 operation, or DynamoDB's target. */
    static String call(SdkHttpRequest request) {
        String operation = request.firstMatchingHeader("X-Amz-Target")
                .orElseGet(() -> S3PrimingAnswers.operation(request).name());
        return request.method() + " " + request.host() + " " + operation;
    }
}
