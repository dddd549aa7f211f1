package dev.controlplane.domain.registry;

import java.time.Duration;
import java.util.List;

/**
 * A promotion waiting for a person's approval before it goes into an environment. The task token resumes the
 * execution, so it is a secret: {@link #toString()} leaves it out.
 *
 * @param execution the waiting execution's ARN
 * @param artifact  {@code {team}/{project}/{script}}
 * @param digest    the build's digest, as registered when it was validated: what is approved
 * @param files     the files approved, each with its SHA-256; the promotion checks them again on arrival, so an
 *                  approval does not carry over to other bytes
 */
public record ApprovalRequest(String taskToken, String execution, String environment, String artifact,
        String publishedVersion, String commit, String digest, List<ApprovedFile> files) {

    /** A file of the approved build: its published key and the SHA-256 of its bytes. */
    public record ApprovedFile(String key, String sha256) {
        public ApprovedFile {
            requireText(key, "files[].key");
            requireText(sha256, "files[].sha256");
        }
    }

    /** How long the request is kept (DynamoDB TTL): a week to decide, as the contract says. */
    public static final Duration VALIDITY = Duration.ofDays(7);

    public ApprovalRequest {
        requireText(taskToken, "taskToken");
        requireText(execution, "execution");
        requireText(environment, "environment");
        requireText(artifact, "artifact");
        requireText(publishedVersion, "publishedVersion");
        requireText(digest, "digest");
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("approval request: files is missing; expected the files approved, each with its sha256");
        }
        files = List.copyOf(files);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("approval request: " + field + " is missing; expected text");
        }
    }

    @Override
    public String toString() {
        return "ApprovalRequest[execution=" + execution + ", environment=" + environment + ", artifact=" + artifact
                + ", publishedVersion=" + publishedVersion + ", commit=" + commit + ", digest=" + digest + ", files=" + files
                + ", taskToken=(secret)]";
    }
}
