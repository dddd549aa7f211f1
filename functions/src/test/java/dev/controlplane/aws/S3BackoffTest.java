package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which failures the replication's S3 calls wait and try again on. */
class S3BackoffTest {

    private final List<Duration> waits = new ArrayList<>();
    private final S3Backoff backoff = new S3Backoff(4, Duration.ofMillis(100), Duration.ofSeconds(1), waits::add);

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void slowDownIsRetriedWithWaitsUnderTheCappedExponential() {
        AtomicInteger calls = new AtomicInteger();

        String result = backoff.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw error(503, "SlowDown");
            }
            return "copied";
        });

        assertThat(result).isEqualTo("copied");
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(waits.get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aConnectionClosedUnderARequestBodyIsRetried() {
        AtomicInteger calls = new AtomicInteger();

        String result = backoff.call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new UncheckedIOException(new SocketException("Unexpected end of file from server"));
            }
            return "put";
        });

        assertThat(result).isEqualTo("put");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aClientMistakeIsNotRetriedAndTheLastRetryableFailureIsThrown() {
        assertThatThrownBy(() -> backoff.call(() -> {
            throw error(403, "AccessDenied");
        })).isInstanceOf(S3Exception.class);
        assertThat(waits).isEmpty();

        assertThatThrownBy(() -> backoff.call(() -> {
            throw new UncheckedIOException(new IOException("reset"));
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(waits).hasSize(3);
    }

    @Test
    void aClientExceptionIsRetriedOnlyWhenAConnectionFailedUnderIt() {
        AtomicInteger calls = new AtomicInteger();

        String result = backoff.call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection reset",
                        new SocketException("Connection reset"));
            }
            return "listed";
        });

        assertThat(result).isEqualTo("listed");
        assertThat(calls).hasValue(2);
        assertThatThrownBy(() -> backoff.call(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        })).isInstanceOf(SdkClientException.class);
        assertThat(waits).hasSize(1);
    }
}
