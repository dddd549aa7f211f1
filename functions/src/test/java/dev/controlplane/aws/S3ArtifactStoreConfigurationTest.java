package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

class S3ArtifactStoreConfigurationTest {

    @Test
    void localEndpointMeansPathStyle() {
        assertThat(S3ArtifactStore.forcePathStyle(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"))).isTrue();
    }

    @Test
    void awsItselfKeepsVirtualHostedStyle() {
        assertThat(S3ArtifactStore.forcePathStyle(Map.of("AWS_REGION", "eu-west-1"))).isFalse();
    }

    @Test
    void explicitSettingWinsEitherWay() {
        assertThat(S3ArtifactStore.forcePathStyle(Map.of("AWS_ENDPOINT_URL", "http://s3.local", "S3_FORCE_PATH_STYLE", "false")))
                .isFalse();
        assertThat(S3ArtifactStore.forcePathStyle(Map.of("S3_FORCE_PATH_STYLE", "TRUE"))).isTrue();
    }

    @Test
    void unreadableSettingIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> S3ArtifactStore.forcePathStyle(Map.of("S3_FORCE_PATH_STYLE", "yes")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable S3_FORCE_PATH_STYLE is 'yes'; expected true or false");
    }

    @Test
    void partsSmallerThanS3AllowsAreRefused() {
        try (S3Client s3 = S3ArtifactStore.client(Map.of("AWS_REGION", "eu-west-1"))) {
            assertThatThrownBy(() -> new S3ArtifactStore(s3, 1024, 1024))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("partSize is 1024");
        }
    }

    @Test
    void functionsClientRetriesThrottlingEightTimesWithoutACircuitBreaker() {
        try (S3Client s3 = S3ArtifactStore.client(Map.of("AWS_REGION", "eu-west-1"))) {
            RetryStrategy retries = s3.serviceClientConfiguration().overrideConfiguration().retryStrategy()
                    .orElseThrow();
            assertThat(retries.maxAttempts()).isEqualTo(8);
            assertThat(retries).isInstanceOf(StandardRetryStrategy.class);
        }
    }

    @Test
    void retryWaitsAreJitteredUpToACappedExponential() {
        for (int retry = 1; retry <= 12; retry++) {
            long ceiling = Math.min(20_000, 100L << (retry - 1));
            for (int draw = 0; draw < 50; draw++) {
                assertThat(S3ArtifactStore.RETRY_BACKOFF.computeDelay(retry).toMillis()).isBetween(0L, ceiling);
            }
        }
    }
}
