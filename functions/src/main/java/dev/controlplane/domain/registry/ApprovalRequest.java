package dev.controlplane.domain.registry;

import java.time.Duration;

/**
 * A promotion waiting for a person's approval before it goes into an environment. The task token resumes the
 * execution, so it is a secret: {@link #toString()} leaves it out.
 *
 * @param execution the waiting execution's ARN
 * @param artifact  {@code {team}/{project}/{script}}
 */
public record ApprovalRequest(String taskToken, String execution, String environment, String artifact,
        String publishedVersion, String commit) {

    /** How long the request is kept (DynamoDB TTL): a week to decide, as the contract says. */
    public static final Duration VALIDITY = Duration.ofDays(7);

    public ApprovalRequest {
        requireText(taskToken, "taskToken");
        requireText(execution, "execution");
        requireText(environment, "environment");
        requireText(artifact, "artifact");
        requireText(publishedVersion, "publishedVersion");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("approval request: " + field + " is missing; expected text");
        }
    }

    @Override
    public String toString() {
        return "ApprovalRequest[execution=" + execution + ", environment=" + environment + ", artifact=" + artifact
                + ", publishedVersion=" + publishedVersion + ", commit=" + commit + ", taskToken=(secret)]";
    }
}
