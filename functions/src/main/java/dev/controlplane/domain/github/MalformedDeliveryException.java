package dev.controlplane.domain.github;

import dev.controlplane.domain.RejectedInputException;

/** A webhook delivery whose headers or body cannot be read; the message becomes the 400 answer. */
public final class MalformedDeliveryException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public MalformedDeliveryException(String input, String field, String problem, String expected) {
        super(input, field, problem, expected);
    }
}
