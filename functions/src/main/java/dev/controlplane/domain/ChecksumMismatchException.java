package dev.controlplane.domain;

/** An uploaded file whose size or SHA-256 differs from what the manifest says: the upload is incomplete or the manifest stale. */
public final class ChecksumMismatchException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String input, String field, String problem, String expected) {
        super(input, field, problem, expected);
    }
}
