package dev.controlplane.domain;

/** A build's manifest that cannot be read: missing, larger than the limit, or not JSON. */
public final class ManifestUnreadableException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public ManifestUnreadableException(String input, String field, String problem, String expected) {
        super(input, field, problem, expected);
    }
}
