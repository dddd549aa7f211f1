package dev.controlplane.databricks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A workspace token as its secret holds it, for a warm function's whole life: re-read when older than
 * {@link #MAX_AGE}, and after Databricks refused it (401/403), so a rotated token is picked up at once instead of
 * failing until the container is recycled. Refusals re-read at most once per {@link #MIN_REREAD}, so a token that is
 * simply not allowed cannot turn every call into a secret read. The token is never logged or put in a message.
 */
public final class RefreshingToken {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MIN_REREAD = Duration.ofSeconds(30);

    private final Supplier<String> secret;
    private final InstantSource clock;
    private String token;
    private Instant readAt;
    private Instant rereadAfterRefusalAt;

    /** @param secret reads the token from where it is kept (Secrets Manager) */
    public RefreshingToken(Supplier<String> secret, InstantSource clock) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The token, read first on use and again once it is {@link #MAX_AGE} old. */
    public synchronized String current() {
        if (token == null || !clock.instant().isBefore(readAt.plus(MAX_AGE))) {
            reread();
        }
        return token;
    }

    /**
     * After Databricks refused {@code refused}: re-reads the secret, unless a refusal did within {@link #MIN_REREAD}.
     *
     * @return whether the token is now another than the one refused (worth one more try)
     */
    public synchronized boolean refreshAfterRefusal(String refused) {
        if (token != null && !token.equals(refused)) {
            return true;
        }
        Instant now = clock.instant();
        if (rereadAfterRefusalAt != null && now.isBefore(rereadAfterRefusalAt.plus(MIN_REREAD))) {
            return false;
        }
        rereadAfterRefusalAt = now;
        reread();
        return !token.equals(refused);
    }

    private void reread() {
        token = Objects.requireNonNull(secret.get(), "token");
        readAt = clock.instant();
    }
}
