package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.services.s3.S3Client;

/** Clients of a plain-HTTP endpoint without the TLS set-up, and with the SDK's timeouts. */
class PlainHttpTest {

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    @Test
    void aConnectionHasTheSdksDefaultTimeoutsAndIsOnlyForHttp() {
        HttpURLConnection connection = PlainHttp.open(URI.create("http://127.0.0.1:9/bucket/"),
                SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS.get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT),
                SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS.get(SdkHttpConfigurationOption.READ_TIMEOUT));

        assertThat(connection.getConnectTimeout()).isEqualTo(2_000);
        assertThat(connection.getReadTimeout()).isEqualTo(30_000);
        assertThatThrownBy(() -> PlainHttp.open(URI.create("https://prod.s3.amazonaws.com/"), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an http:// URL");
    }

    @Test
    void onlyAnHttpEndpointGetsThePlainClient() {
        assertThat(PlainHttp.isPlain(URI.create("http://127.0.0.1:4566"))).isTrue();
        assertThat(PlainHttp.isPlain(URI.create("HTTP://localhost"))).isTrue();
        assertThat(PlainHttp.isPlain(URI.create("https://s3.eu-west-1.amazonaws.com"))).isFalse();
        assertThat(PlainHttp.isPlain(null)).isFalse();
        assertThat(AwsClientConfig.httpClientBuilder(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).getClass())
                .isEqualTo(PlainHttp.builder().getClass());
        assertThat(AwsClientConfig.httpClientBuilder(Map.of()).getClass()).isNotEqualTo(PlainHttp.builder().getClass());
        assertThat(AwsClientConfig.httpClientBuilder(Map.of("AWS_ENDPOINT_URL", "https://s3.example.test")).getClass())
                .isNotEqualTo(PlainHttp.builder().getClass());
    }

    @Test
    void aClientOfAnHttpEndpointWritesAndReadsThroughIt() {
        try (S3Client s3 = S3ArtifactStore.client(Map.of("AWS_ENDPOINT_URL", MOTO.endpoint().endpoint().toString(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"))) {
            s3.createBucket(b -> b.bucket("plain-http"));
            s3.putObject(p -> p.bucket("plain-http").key("a/b.txt"), RequestBody.fromString("over plain HTTP"));

            assertThat(s3.getObjectAsBytes(g -> g.bucket("plain-http").key("a/b.txt")).asUtf8String())
                    .isEqualTo("over plain HTTP");
        }
    }
}
