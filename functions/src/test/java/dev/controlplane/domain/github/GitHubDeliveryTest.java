package dev.controlplane.domain.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitHubDeliveryTest {

    private static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";
    private static final String ZERO = "0".repeat(40);

    private static String push(String ref, String after, boolean deleted) {
        return """
                {"ref": "%s", "before": "9b2a4d1c0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b", "after": "%s",
                 "created": false, "deleted": %s, "forced": false,
                 "repository": {"full_name": "acme-data/churn", "name": "churn", "default_branch": "main"},
                 "sender": {"login": "jdoe"}}
                """.formatted(ref, after, deleted);
    }

    private static String release(String action, String tag, boolean prerelease) {
        return """
                {"action": "%s",
                 "release": {"tag_name": "%s", "draft": false, "prerelease": %s, "target_commitish": "main"},
                 "repository": {"full_name": "acme-data/churn", "default_branch": "main"}}
                """.formatted(action, tag, prerelease);
    }

    private static WebhookIntent classify(String event, String json) {
        return GitHubDelivery.classify(event, json.getBytes(UTF_8));
    }

    private static MalformedDeliveryException refusal(String event, String json) {
        try {
            classify(event, json);
        } catch (MalformedDeliveryException e) {
            return e;
        }
        throw new AssertionError("expected " + event + " delivery to be refused: " + json);
    }

    @Test
    void pingIsAnsweredWithPong() {
        assertThat(classify("ping", "{\"zen\": \"Design for failure.\", \"hook_id\": 1}"))
                .isEqualTo(new WebhookIntent.Pong("Design for failure."));
    }

    @Test
    void pushToTheDefaultBranchPromotesTheCommitPushed() {
        assertThat(classify("push", push("refs/heads/main", COMMIT, false)))
                .isEqualTo(new WorkflowAction.Promote("acme-data/churn", COMMIT, "main"));
    }

    @Test
    void defaultBranchIsTheRepositorysNotAlwaysMain() {
        String json = push("refs/heads/main", COMMIT, false).replace("\"default_branch\": \"main\"",
                "\"default_branch\": \"trunk\"");
        assertThat(classify("push", json)).isInstanceOf(WebhookIntent.Ignored.class);
        assertThat(classify("push", json.replace("refs/heads/main", "refs/heads/trunk")))
                .isEqualTo(new WorkflowAction.Promote("acme-data/churn", COMMIT, "trunk"));
    }

    @Test
    void pushToAFeatureBranchIsIgnoredBecauseItBuildsViaTheUpload() {
        assertThat(classify("push", push("refs/heads/feature/login", COMMIT, false)))
                .isEqualTo(new WebhookIntent.Ignored(
                        "push to feature branch 'feature/login' builds via the S3 upload, nothing to promote"));
    }

    @Test
    void deletedFeatureBranchIsRetired() {
        assertThat(classify("push", push("refs/heads/feature/login", ZERO, true)))
                .isEqualTo(new WorkflowAction.Retire("acme-data/churn", "feature/login"));
    }

    @Test
    void deletedDefaultBranchRetiresNothing() {
        WebhookIntent intent = classify("push", push("refs/heads/main", ZERO, true));
        assertThat(intent).isInstanceOf(WebhookIntent.Ignored.class);
        assertThat(((WebhookIntent.Ignored) intent).reason()).contains("default branch 'main' was deleted");
    }

    @Test
    void pushOfATagIsIgnoredInFavourOfTheRelease() {
        WebhookIntent intent = classify("push", push("refs/tags/v1.4.0", COMMIT, false));
        assertThat(((WebhookIntent.Ignored) intent).reason()).contains("tag 'v1.4.0'", "release is published");
    }

    @Test
    void publishedReleaseMovesLatestToTheTagWithoutItsLeadingV() {
        assertThat(classify("release", release("published", "v1.4.0", false)))
                .isEqualTo(new WorkflowAction.MoveLatest("acme-data/churn", "1.4.0", "v1.4.0"));
        assertThat(classify("release", release("published", "2.0.0", false)))
                .isEqualTo(new WorkflowAction.MoveLatest("acme-data/churn", "2.0.0", "2.0.0"));
    }

    @Test
    void releaseActionsOtherThanPublishedAreIgnored() {
        for (String action : new String[] {"created", "edited", "released", "prereleased", "deleted", "unpublished"}) {
            assertThat(classify("release", release(action, "v1.4.0", false)))
                    .isEqualTo(new WebhookIntent.Ignored("release action '" + action
                            + "' is ignored; latest moves only when a release is published"));
        }
    }

    @Test
    void publishedPreReleaseDoesNotMoveLatest() {
        WebhookIntent intent = classify("release", release("published", "v2.0.0rc1", true));
        assertThat(((WebhookIntent.Ignored) intent).reason()).contains("pre-release");
    }

    @Test
    void releaseWhoseTagIsNoVersionIsIgnoredWithTheVersionRule() {
        WebhookIntent intent = classify("release", release("published", "nightly", false));
        assertThat(((WebhookIntent.Ignored) intent).reason())
                .contains("release tag 'nightly' is not an artifact version", "MAJOR.MINOR.PATCH");
    }

    @Test
    void otherEventsAreIgnoredWithTheEventNamed() {
        assertThat(classify("issues", "{\"action\": \"opened\"}"))
                .isEqualTo(new WebhookIntent.Ignored(
                        "event 'issues' is not one the control plane acts on (it acts on push, release and ping)"));
    }

    @Test
    void otherEventsAreIgnoredWithoutReadingTheirBody() {
        assertThat(classify("workflow_run", "not json")).isInstanceOf(WebhookIntent.Ignored.class);
    }

    @Test
    void missingEventHeaderIsRefused() {
        assertThatThrownBy(() -> classify(null, "{}"))
                .isInstanceOf(MalformedDeliveryException.class)
                .hasMessageContaining("X-GitHub-Event is missing");
    }

    @Test
    void bodyThatIsNotJsonIsRefused() {
        assertThat(refusal("push", "{\"ref\":").getMessage())
                .isEqualTo("push event body: document is not valid JSON; expected a JSON object as GitHub sends it");
        assertThat(refusal("push", "[]").getMessage()).contains("is not a JSON object");
        assertThat(refusal("release", "").getMessage()).contains("release event body: document is empty");
    }

    @Test
    void pushWithoutDefaultBranchNamesTheField() {
        MalformedDeliveryException e = refusal("push", push("refs/heads/main", COMMIT, false)
                .replace(", \"default_branch\": \"main\"", ""));
        assertThat(e.field()).isEqualTo("repository.default_branch");
        assertThat(e.getMessage()).isEqualTo(
                "push event body: repository.default_branch is missing; expected a non-empty string");
    }

    @Test
    void pushWithARefOfTheWrongTypeNamesTheField() {
        MalformedDeliveryException e = refusal("push", push("refs/heads/main", COMMIT, false)
                .replace("\"ref\": \"refs/heads/main\"", "\"ref\": 42"));
        assertThat(e.getMessage()).isEqualTo("push event body: ref is number; expected a non-empty string");
    }

    @Test
    void pushWithDeletedNotABooleanIsRefused() {
        MalformedDeliveryException e = refusal("push", push("refs/heads/main", COMMIT, false)
                .replace("\"deleted\": false", "\"deleted\": \"no\""));
        assertThat(e.field()).isEqualTo("deleted");
    }

    @Test
    void defaultBranchPushWithACommitThatIsNoCommitIdIsRefused() {
        MalformedDeliveryException e = refusal("push", push("refs/heads/main", "HEAD", false));
        assertThat(e.getMessage()).contains("after is 'HEAD'", "40 (SHA-1) or 64 (SHA-256) hex digits");
    }

    @Test
    void releaseWithoutTagNameNamesTheField() {
        MalformedDeliveryException e = refusal("release", release("published", "v1.4.0", false)
                .replace("\"tag_name\": \"v1.4.0\", ", ""));
        assertThat(e.field()).isEqualTo("release.tag_name");
    }

    @Test
    void executionInputCarriesActionRepositoryFieldsAndDelivery() {
        assertThat(new WorkflowAction.Promote("acme-data/churn", COMMIT, "main").executionInput("d-1"))
                .containsExactly(
                        java.util.Map.entry("action", "promote"),
                        java.util.Map.entry("repository", "acme-data/churn"),
                        java.util.Map.entry("commit", COMMIT),
                        java.util.Map.entry("branch", "main"),
                        java.util.Map.entry("delivery", "d-1"));
        assertThat(new WorkflowAction.MoveLatest("acme-data/churn", "1.4.0", "v1.4.0").executionInput("d-2"))
                .containsEntry("action", "move-latest").containsEntry("version", "1.4.0").containsEntry("tag", "v1.4.0");
        assertThat(new WorkflowAction.Retire("acme-data/churn", "feature/login").executionInput("d-3"))
                .containsEntry("action", "retire").containsEntry("branch", "feature/login");
    }
}
