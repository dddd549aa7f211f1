package dev.controlplane.domain.launch;

/**
 * The Databricks workspace refused a request (a 4xx other than 429): an invalid spec, a policy violation, an
 * unknown run, a token without the permission. Retrying gives the same answer, so the workflow fails with it.
 */
public final class WorkspaceRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was asked, e.g. {@code jobs/runs/submit}
     * @param problem   Databricks' status, error code and message
     */
    public WorkspaceRefusedException(String operation, String problem, Throwable cause) {
        super("Databricks refused " + operation + ": " + problem, cause);
    }
}
