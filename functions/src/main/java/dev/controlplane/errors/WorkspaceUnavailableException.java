package dev.controlplane.errors;

/**
 * The Databricks workspace could not answer now: throttled (429, after the SDK's own retries), a server error
 * (5xx) or no connection. Worth retrying with backoff: launch-cluster's Retry names this class (see the package
 * comment: its name is a contract), and a launch that still fails reports {@code WorkspaceUnavailable}. The message
 * names the operation and what the workspace said, never the token. Thrown by the Databricks adapter.
 */
public final class WorkspaceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was asked, e.g. {@code jobs/runs/submit}
     * @param problem   what the workspace answered, e.g. {@code 500 INTERNAL_ERROR: ...}
     */
    public WorkspaceUnavailableException(String operation, String problem, Throwable cause) {
        super("Databricks workspace unavailable for " + operation + ": " + problem, cause);
    }
}
