package dev.controlplane.domain.github;

/** Remembers which deliveries were acted on: GitHub redelivers with the same {@code X-GitHub-Delivery} id. */
public interface DeliveryLedger {

    /**
     * Records the delivery unless it is already recorded.
     *
     * @return true the first time this id is recorded, false for a redelivery
     */
    boolean recordFirst(String deliveryId, String event, String repository);

    /** Removes the record after a failed start, so GitHub's retry of the same delivery is acted on. */
    void forget(String deliveryId);
}
