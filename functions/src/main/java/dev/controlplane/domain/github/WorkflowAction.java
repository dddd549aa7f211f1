package dev.controlplane.domain.github;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery that starts the promote-artifact workflow. The execution input carries the repository's
 * {@code full_name}, not a team or project: the workflow's validate step resolves the repository to its
 * team and project from the declarative config, so the mapping lives in one place.
 */
public sealed interface WorkflowAction extends WebhookIntent
        permits WorkflowAction.Promote, WorkflowAction.MoveLatest, WorkflowAction.Retire {

    /** The {@code action} field of the execution input: {@code promote}, {@code move-latest} or {@code retire}. */
    String action();

    /** {@code owner/name} as GitHub reports it in {@code repository.full_name}. */
    String repository();

    /**
     * The execution input, always the same for the same delivery (StartExecution is idempotent only
     * for an identical input): {@code {action, repository, ..., delivery}}.
     */
    default Map<String, String> executionInput(String deliveryId) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("action", action());
        input.put("repository", repository());
        putFields(input);
        input.put("delivery", Objects.requireNonNull(deliveryId, "deliveryId"));
        return input;
    }

    void putFields(Map<String, String> input);

    /** A push to the default branch: promote that commit's artifact dev -> staging -> prod. */
    record Promote(String repository, String commit, String branch) implements WorkflowAction {
        public Promote {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(branch, "branch");
        }

        @Override
        public String action() {
            return "promote";
        }

        @Override
        public void putFields(Map<String, String> input) {
            input.put("commit", commit);
            input.put("branch", branch);
        }
    }

    /**
     * A published release: move {@code latest} to {@code version}.
     *
     * @param tag the git tag as written ({@code v1.4.0}); {@code version} is it without the leading 'v'
     */
    record MoveLatest(String repository, String version, String tag) implements WorkflowAction {
        public MoveLatest {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public String action() {
            return "move-latest";
        }

        @Override
        public void putFields(Map<String, String> input) {
            input.put("version", version);
            input.put("tag", tag);
        }
    }

    /** A feature branch deleted: retire its feature artifacts in dev. */
    record Retire(String repository, String branch) implements WorkflowAction {
        public Retire {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(branch, "branch");
        }

        @Override
        public String action() {
            return "retire";
        }

        @Override
        public void putFields(Map<String, String> input) {
            input.put("branch", branch);
        }
    }
}
