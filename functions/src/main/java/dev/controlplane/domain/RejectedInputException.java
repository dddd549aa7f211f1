package dev.controlplane.domain;

/**
 * Input the control plane refuses, with a message that names the input, the field and what was expected,
 * so it can be shown to the person who sent it as is.
 */
public abstract class RejectedInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String field;

    protected RejectedInputException(String input, String field, String problem, String expected) {
        super(input + ": " + field + " " + problem + "; expected " + expected);
        this.input = input;
        this.field = field;
    }

    /** What was being read, e.g. {@code manifest.json} or {@code push event body}. */
    public String input() {
        return input;
    }

    /** The offending field, e.g. {@code files[2].sha256} or {@code repository.default_branch}. */
    public String field() {
        return field;
    }
}
