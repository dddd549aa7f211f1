package dev.controlplane.domain;

/**
 * A build or artifact name that breaks the naming or manifest rules. The message names the input,
 * the field and what was expected, so CI can show it to the data team as is.
 */
public final class InvalidArtifactException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String field;

    public InvalidArtifactException(String input, String field, String problem, String expected) {
        super(input + ": " + field + " " + problem + "; expected " + expected);
        this.input = input;
        this.field = field;
    }

    /** What was being read, e.g. {@code manifest.json} or {@code artifact name}. */
    public String input() {
        return input;
    }

    /** The offending field, e.g. {@code team} or {@code files[2].sha256}. */
    public String field() {
        return field;
    }
}
