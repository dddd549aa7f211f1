package dev.controlplane.domain.replication;

import dev.controlplane.domain.RejectedInputException;

/**
 * A replication that would write to a bucket, or clone into a catalog, of a production environment: refused before
 * anything is written.
 */
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

    /**
     * @param table   the target table as named, {@code catalog.schema.table}
     * @param catalog its catalog, one of the production environment's
     */
    public ProdTargetRefusedException(String input, String field, String table, String catalog, String environment) {
        super(input, field, "is '" + table + "', a table in catalog '" + catalog + "' of production environment "
                        + environment + " (config/environments.json)",
                "a table in a staging catalog: replication never writes to production");
    }

    /** A clone target without a catalog lands in the SQL warehouse's default catalog, which may be production's. */
    public static ProdTargetRefusedException unqualifiedTable(String input, String field, String table) {
        return new ProdTargetRefusedException(input, field, "is '" + table + "', without a catalog (it would be"
                + " written in the SQL warehouse's default catalog, which may be production's)",
                "catalog.schema.table in a staging catalog: replication never writes to production", Unqualified.TABLE);
    }

    private enum Unqualified { TABLE }

    private ProdTargetRefusedException(String input, String field, String problem, String expected, Unqualified kind) {
        super(input, field, problem, expected);
    }
}
