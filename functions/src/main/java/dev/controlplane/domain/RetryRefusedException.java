package dev.controlplane.domain;

/** A retry of a promotion that has nothing to do, or may not start now; the message says which and why. */
public final class RetryRefusedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public RetryRefusedException(String artifact, String version, String problem, String expected) {
        super("retry of " + artifact + " " + version, "version", problem, expected);
    }
}
