package dev.controlplane.aws;

import dev.controlplane.domain.github.WebhookSecretSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The webhook secret from Secrets Manager (by name or ARN), cached across invocations for a TTL. After
 * a signature mismatch it is re-read at most once per TTL, so a rotation is picked up within one
 * delivery while forged deliveries cannot turn into a GetSecretValue per request.
 */
public final class SecretsManagerWebhookSecret implements WebhookSecretSource {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final InstantSource clock;

    private byte[] cached;
    private Instant readAt;
    private Instant lastMismatchReread;

    public SecretsManagerWebhookSecret(SecretsManagerClient client, String secretId) {
        this(client, secretId, DEFAULT_TTL, InstantSource.system());
    }

    public SecretsManagerWebhookSecret(SecretsManagerClient client, String secretId, Duration ttl, InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("webhook secret id is missing; expected the name or ARN of the"
                    + " Secrets Manager secret holding the GitHub webhook secret (env WEBHOOK_SECRET_ID)");
        }
        this.secretId = secretId;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized byte[] current() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(readAt.plus(ttl))) {
            cached = read();
            readAt = now;
        }
        return cached;
    }

    @Override
    public synchronized Optional<byte[]> rereadAfterMismatch() {
        Instant now = clock.instant();
        if (lastMismatchReread != null && now.isBefore(lastMismatchReread.plus(ttl))) {
            return Optional.empty();
        }
        lastMismatchReread = now;
        byte[] fresh = read();
        boolean changed = !Arrays.equals(fresh, cached);
        cached = fresh;
        readAt = now;
        return changed ? Optional.of(fresh) : Optional.empty();
    }

    private byte[] read() {
        GetSecretValueResponse response = client.getSecretValue(request -> request.secretId(secretId));
        if (response.secretString() != null && !response.secretString().isEmpty()) {
            return response.secretString().getBytes(StandardCharsets.UTF_8);
        }
        if (response.secretBinary() != null && response.secretBinary().asByteArrayUnsafe().length > 0) {
            return response.secretBinary().asByteArray();
        }
        throw new IllegalStateException("secret '" + secretId + "' has no value; expected the GitHub webhook secret"
                + " as its SecretString");
    }
}
