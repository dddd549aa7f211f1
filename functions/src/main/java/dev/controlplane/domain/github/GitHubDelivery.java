package dev.controlplane.domain.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.ArtifactNaming;
import dev.controlplane.domain.InvalidArtifactException;
import java.io.IOException;

/**
 * Classifies a GitHub delivery (its {@code X-GitHub-Event} and JSON body) into what the control
 * plane does with it. Only the fields a decision needs are read; unknown fields are ignored.
 *
 * <ul>
 *   <li>{@code ping} -> {@link WebhookIntent.Pong}</li>
 *   <li>{@code push} to {@code refs/heads/{repository.default_branch}}, not deleted -> {@link WorkflowAction.Promote}
 *       of {@code after}</li>
 *   <li>{@code push} with {@code deleted: true} of another branch -> {@link WorkflowAction.Retire}</li>
 *   <li>{@code release} with action {@code published}, not a pre-release, whose tag is a version (a leading
 *       {@code v} is dropped: tag {@code v1.4.0} is version {@code 1.4.0}) -> {@link WorkflowAction.MoveLatest}</li>
 *   <li>anything else -> {@link WebhookIntent.Ignored} with the reason</li>
 * </ul>
 */
public final class GitHubDelivery {

    private static final String REFS_HEADS = "refs/heads/";
    private static final String REFS_TAGS = "refs/tags/";

    private GitHubDelivery() {
    }

    /**
     * @param event the {@code X-GitHub-Event} header
     * @param json the delivery's JSON document
     * @throws MalformedDeliveryException naming the header or field that is missing or wrong
     */
    public static WebhookIntent classify(String event, byte[] json) {
        if (event == null || event.isBlank()) {
            throw new MalformedDeliveryException("headers", WebhookRequest.EVENT_HEADER, "is missing",
                    "the GitHub event name, e.g. push, release or ping");
        }
        return switch (event.strip()) {
            case "ping" -> new WebhookIntent.Pong(parse("ping event body", json).path("zen").asText(""));
            case "push" -> classifyPush(parse("push event body", json));
            case "release" -> classifyRelease(parse("release event body", json));
            default -> new WebhookIntent.Ignored("event '" + event.strip()
                    + "' is not one the control plane acts on (it acts on push, release and ping)");
        };
    }

    private static WebhookIntent classifyPush(JsonNode body) {
        String input = "push event body";
        String repository = requireText(input, body, "repository", "full_name");
        String defaultBranch = requireText(input, body, "repository", "default_branch");
        String ref = requireText(input, body, null, "ref");
        boolean deleted = requireBoolean(input, body, "deleted");
        if (ref.startsWith(REFS_TAGS)) {
            return new WebhookIntent.Ignored("push of tag '" + ref.substring(REFS_TAGS.length())
                    + "' is ignored; latest moves when a release is published");
        }
        if (!ref.startsWith(REFS_HEADS)) {
            return new WebhookIntent.Ignored("push to ref '" + ref + "' is neither a branch nor a tag");
        }
        String branch = ref.substring(REFS_HEADS.length());
        boolean defaultBranchPush = branch.equals(defaultBranch);
        if (deleted) {
            return defaultBranchPush
                    ? new WebhookIntent.Ignored("default branch '" + branch
                            + "' was deleted; its released artifacts are kept, nothing retired")
                    : new WorkflowAction.Retire(repository, branch);
        }
        if (!defaultBranchPush) {
            return new WebhookIntent.Ignored("push to feature branch '" + branch
                    + "' builds via the S3 upload, nothing to promote");
        }
        String commit = requireText(input, body, null, "after");
        if (!isCommitId(commit)) {
            throw new MalformedDeliveryException(input, "after", "is '" + commit + "'",
                    "the pushed commit id: 40 (SHA-1) or 64 (SHA-256) hex digits");
        }
        return new WorkflowAction.Promote(repository, commit.toLowerCase(java.util.Locale.ROOT), branch);
    }

    private static WebhookIntent classifyRelease(JsonNode body) {
        String input = "release event body";
        String action = requireText(input, body, null, "action");
        String repository = requireText(input, body, "repository", "full_name");
        if (!action.equals("published")) {
            return new WebhookIntent.Ignored("release action '" + action
                    + "' is ignored; latest moves only when a release is published");
        }
        String tag = requireText(input, body, "release", "tag_name");
        if (body.path("release").path("prerelease").asBoolean(false)) {
            return new WebhookIntent.Ignored("release '" + tag
                    + "' is a pre-release; latest moves only on a full release");
        }
        String version = tag.length() > 1 && (tag.charAt(0) == 'v' || tag.charAt(0) == 'V')
                && Character.isDigit(tag.charAt(1)) ? tag.substring(1) : tag;
        try {
            ArtifactNaming.requireVersion("release tag '" + tag + "'", version);
        } catch (InvalidArtifactException e) {
            // A tag that is no version (e.g. 'nightly') is a valid release the control plane has no artifact for.
            return new WebhookIntent.Ignored("release tag '" + tag + "' is not an artifact version, latest not moved: "
                    + e.getMessage());
        }
        return new WorkflowAction.MoveLatest(repository, version, tag);
    }

    private static JsonNode parse(String input, byte[] json) {
        JsonNode root;
        try {
            root = json == null || json.length == 0 ? null : LeanJson.readTree(json);
        } catch (IOException e) {
            throw new MalformedDeliveryException(input, "document", "is not valid JSON", "a JSON object as GitHub sends it");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDeliveryException(input, "document", root == null ? "is empty" : "is not a JSON object",
                    "a JSON object as GitHub sends it");
        }
        return root;
    }

    private static String requireText(String input, JsonNode body, String parent, String name) {
        JsonNode node = parent == null ? body.get(name) : body.path(parent).get(name);
        String field = parent == null ? name : parent + "." + name;
        if (node == null || node.isNull()) {
            throw new MalformedDeliveryException(input, field, "is missing", "a non-empty string");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new MalformedDeliveryException(input, field, "is " + (node.isTextual() ? "empty" : node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT)), "a non-empty string");
        }
        return node.asText();
    }

    private static boolean requireBoolean(String input, JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new MalformedDeliveryException(input, name, "is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    "true or false");
        }
        return node.asBoolean();
    }

    private static boolean isCommitId(String s) {
        if (s.length() != 40 && s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
