package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/** The addressing made from an environment is the one of the client built from the same environment. */
class S3AddressingTest {

    private static final List<Map<String, String>> ENVIRONMENTS = List.of(
            Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:5201",
                    "AWS_ACCESS_KEY_ID", "AKIDLOCAL", "AWS_SECRET_ACCESS_KEY", "local-secret"),
            Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDPROD", "AWS_SECRET_ACCESS_KEY", "prod-secret",
                    "AWS_SESSION_TOKEN", "session-token"),
            Map.of("AWS_REGION", "ap-southeast-2", "AWS_ENDPOINT_URL", "https://s3.example.test:8443",
                    "S3_FORCE_PATH_STYLE", "false", "AWS_ACCESS_KEY_ID", "AKIDX", "AWS_SECRET_ACCESS_KEY", "x"),
            Map.of("AWS_REGION", "us-west-2", "S3_FORCE_PATH_STYLE", "true", "AWS_ACCESS_KEY_ID", "AKIDY",
                    "AWS_SECRET_ACCESS_KEY", "y"));

    @Test
    void fromTheEnvironmentBucketsAreAddressedSignedForAndAuthenticatedAsByTheClientOfThatEnvironment() {
        for (Map<String, String> environment : ENVIRONMENTS) {
            S3Addressing made = S3Addressing.fromEnvironment(environment);
            try (S3Client client = S3ArtifactStore.client(environment)) {
                S3Addressing ofClient = S3Addressing.of(client);
                assertThat(made.region()).as(environment.toString()).isEqualTo(ofClient.region());
                for (String bucket : List.of("prod", "staging-data", "with.dots")) {
                    assertThat(made.bucketUrl(bucket)).as(environment + " " + bucket)
                            .isEqualTo(ofClient.bucketUrl(bucket));
                    assertThat(made.bucketUrl(bucket).toString()).endsWith("/");
                }
                assertThat(made.credentials().accessKeyId()).isEqualTo(ofClient.credentials().accessKeyId());
                assertThat(made.credentials().secretAccessKey()).isEqualTo(ofClient.credentials().secretAccessKey());
                assertThat(made.credentials() instanceof AwsSessionCredentialsIdentity)
                        .isEqualTo(environment.containsKey("AWS_SESSION_TOKEN"));
            }
        }
    }

    @Test
    void anEndpointMeansPathStyleAndNoneMeansVirtualHostedInTheRegion() {
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(0)).bucketUrl("prod"))
                .hasToString("http://127.0.0.1:5201/prod/");
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(1)).bucketUrl("prod"))
                .hasToString("https://prod.s3.eu-west-1.amazonaws.com/");
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(2)).bucketUrl("prod"))
                .hasToString("https://prod.s3.example.test:8443/");
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(0)).plainHttp()).isTrue();
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(1)).plainHttp()).isFalse();
        assertThat(S3Addressing.fromEnvironment(ENVIRONMENTS.get(2)).plainHttp()).isFalse();
    }
}
