package dev.controlplane.domain.launch;

import dev.controlplane.domain.RejectedInputException;

/** Run parameters that are missing or malformed, before anything is looked up. */
public final class InvalidRunRequestException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public InvalidRunRequestException(String field, String problem, String expected) {
        super(RunRequest.INPUT, field, problem, expected);
    }
}
