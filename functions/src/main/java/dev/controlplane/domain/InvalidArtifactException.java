package dev.controlplane.domain;

/** A build or artifact name that breaks the naming or manifest rules; CI shows the message to the data team. */
public final class InvalidArtifactException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public InvalidArtifactException(String input, String field, String problem, String expected) {
        super(input, field, problem, expected);
    }
}
