package dev.controlplane.domain.github;

import java.util.Optional;

/** Where the webhook secret comes from; implementations cache it, since it is needed on every delivery. */
public interface WebhookSecretSource {

    /** The secret as last read (read on first use). */
    byte[] current();

    /**
     * Reads the secret again after a signature mismatch, so a rotated secret is picked up without a
     * redeploy. Rate-limited by the implementation, so forged deliveries cannot hammer the secret store.
     *
     * @return the secret as re-read when it differs from {@link #current()}; empty when not re-read or unchanged
     */
    Optional<byte[]> rereadAfterMismatch();
}
