package dev.controlplane.domain.config;

/**
 * One thing wrong in the platform config.
 *
 * @param file    as shown to people, e.g. {@code config/teams/data-eng.json}
 * @param pointer the JSON pointer of the field (RFC 6901), e.g. {@code /projects/0/repository}; empty for the whole file
 */
public record ConfigProblem(String file, String pointer, String problem, String expected) {

    /** {@code config/teams/data-eng.json: /projects/0/repository: is 'churn'; expected owner/name, ...} */
    public String line() {
        return file + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + problem + "; expected " + expected;
    }
}
