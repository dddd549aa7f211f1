package dev.controlplane.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Retries S3 calls that the service throttled or failed on its side (503 SlowDown, 500, 503), on top of the SDK's
 * own few retries: a replication sends thousands of requests to one prefix, and S3 answers a burst with SlowDown
 * until it has scaled the prefix. Waits are exponential with full jitter (a random wait between 0 and
 * {@code min(cap, base * 2^attempt)}), so throttled workers do not retry in step.
 *
 * <p>Also retried: the {@link UncheckedIOException} the SDK's URL-connection client throws when the server closed
 * a kept-alive connection while a request body was about to be sent (its 100-continue handling), which the SDK's
 * own retries do not catch.
 */
public final class S3Backoff {

    /** Waits between attempts; a test passes one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final S3Backoff DEFAULT = new S3Backoff(8, Duration.ofMillis(100), Duration.ofSeconds(20),
            duration -> Thread.sleep(duration));

    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout");

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final Sleeper sleeper;

    /** @param maxAttempts attempts in all, each of them already including the SDK's own retries */
    public S3Backoff(int maxAttempts, Duration base, Duration cap, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + "; expected 1 or more");
        }
        this.maxAttempts = maxAttempts;
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The call's result; a retryable failure on the last attempt, or any other failure, is thrown. */
    public <T> T call(Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!retryable(e) || attempt + 1 >= maxAttempts) {
                    throw e;
                }
                pause(attempt, e);
            } catch (UncheckedIOException e) {
                if (attempt + 1 >= maxAttempts) {
                    throw e;
                }
                pause(attempt, e);
            } catch (SdkClientException e) {
                // The SDK's own attempts all ended on a dropped or refused connection; other client failures (no
                // credentials, a request it will not send) are not tried again.
                if (!dueToConnection(e) || attempt + 1 >= maxAttempts) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    private void pause(int attempt, RuntimeException failure) {
        try {
            sleeper.sleep(delay(attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(interrupted);
            throw failure;
        }
    }

    /** Full jitter: uniformly between 0 and the capped exponential. */
    Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 30));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    static boolean dueToConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean retryable(AwsServiceException e) {
        if (e.statusCode() == 500 || e.statusCode() == 503) {
            return true;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && RETRYABLE_CODES.contains(code);
    }
}
