package dev.controlplane.domain.github;

/**
 * A webhook delivery the control plane cannot read: a header or body field is missing or has the
 * wrong shape. The message names the input, the field and what was expected; it becomes the 400 answer.
 */
public final class MalformedDeliveryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String field;

    public MalformedDeliveryException(String input, String field, String problem, String expected) {
        super(input + ": " + field + " " + problem + "; expected " + expected);
        this.input = input;
        this.field = field;
    }

    /** What was being read, e.g. {@code push event body} or {@code headers}. */
    public String input() {
        return input;
    }

    /** The header or JSON field at fault, e.g. {@code repository.default_branch}. */
    public String field() {
        return field;
    }
}
