package dev.controlplane.domain;

/** A file the manifest lists that was not uploaded beside it. */
public final class FileMissingException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public FileMissingException(String input, String field, String problem, String expected) {
        super(input, field, problem, expected);
    }
}
