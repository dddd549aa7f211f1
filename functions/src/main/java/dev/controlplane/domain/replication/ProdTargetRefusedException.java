package dev.controlplane.domain.replication;

import dev.controlplane.domain.RejectedInputException;

/** A replication that would write to a bucket of a production environment: refused before anything is written. */
public final class ProdTargetRefusedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    /**
     * @param input       what named the bucket, e.g. {@code dataset sales-orders} or the plan batch's key
     * @param field       e.g. {@code target.bucket}
     * @param environment the production environment the bucket belongs to
     */
    public ProdTargetRefusedException(String input, String field, String bucket, String environment) {
        super(input, field, "is '" + bucket + "', a bucket of production environment " + environment
                        + " (config/environments.json)",
                "a staging bucket: replication never writes to production");
    }
}
