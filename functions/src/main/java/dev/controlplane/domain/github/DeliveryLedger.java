package dev.controlplane.domain.github;

/**
 * Remembers which deliveries were acted on, by GitHub's delivery id (a redelivery keeps it) and by the digest of
 * the signed payload (a replay of a captured body under a new id keeps that). Read before the workflow is started
 * and written after it started: a crash in between loses nothing, since the start is idempotent by the
 * execution's name ({@link DeliveryIdentity#executionName()}).
 */
public interface DeliveryLedger {

    /** Whether this delivery id, or this payload under any delivery id, was acted on. */
    boolean seen(DeliveryIdentity delivery);

    /** Records the delivery id and the payload digest as acted on. */
    void record(DeliveryIdentity delivery, String repository);
}
