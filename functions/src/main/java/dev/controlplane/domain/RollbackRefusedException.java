package dev.controlplane.domain;

/** A rollback of {@code latest} that may not be done; the message names the version or environment and why. */
public final class RollbackRefusedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public RollbackRefusedException(String artifact, String environment, String field, String problem, String expected) {
        super("rollback of " + artifact + " in " + environment, field, problem, expected);
    }
}
