package dev.controlplane.domain.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code latest} moved back in one environment by a person: who, when, why, from and to what.
 *
 * @param id the request's identity (the execution ARN), so that doing it again is harmless
 */
public record Rollback(String artifact, String environment, String from, String to, String requestedBy, String reason,
        Instant at, String id) {

    public Rollback {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
    }
}
