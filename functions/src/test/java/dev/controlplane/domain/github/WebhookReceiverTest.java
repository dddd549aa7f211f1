package dev.controlplane.domain.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.PromoteArtifactStarter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private static final byte[] SECRET = "s3cret".getBytes(UTF_8);
    private static final String MERGE = """
            {"ref": "refs/heads/main", "after": "3f786850e387550fdab836ed7e6dc881de23001b", "deleted": false,
             "repository": {"full_name": "acme-data/churn", "default_branch": "main"}}""";

    /** A secret store whose value can be rotated; re-reads are allowed once. */
    private static final class RotatingSecret implements WebhookSecretSource {
        byte[] cached;
        byte[] stored;
        int rereads;

        RotatingSecret(byte[] value) {
            cached = value;
            stored = value;
        }

        @Override
        public byte[] current() {
            return cached;
        }

        @Override
        public Optional<byte[]> rereadAfterMismatch() {
            rereads++;
            boolean changed = !java.util.Arrays.equals(cached, stored);
            cached = stored;
            return changed ? Optional.of(stored) : Optional.empty();
        }
    }

    private static final class MemoryLedger implements DeliveryLedger {
        final Set<String> recorded = new HashSet<>();
        final List<String> calls;

        MemoryLedger(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public boolean seen(DeliveryIdentity delivery) {
            calls.add("seen " + delivery.deliveryId());
            return recorded.contains(delivery.deliveryId()) || recorded.contains(delivery.payloadDigest());
        }

        @Override
        public void record(DeliveryIdentity delivery, String repository) {
            calls.add("record " + delivery.deliveryId());
            recorded.add(delivery.deliveryId());
            recorded.add(delivery.payloadDigest());
        }
    }

    /** Starts as Step Functions does: one execution per name, a second start of a name finds it. */
    private static final class RecordingStarter implements PromoteArtifactStarter {
        final List<Map<String, Object>> inputs = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final List<String> calls;
        RuntimeException failure;

        RecordingStarter(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public StartedExecution start(String name, String input) {
            Map<String, Object> fields = read(input);
            calls.add("start " + fields.get("delivery"));
            if (failure != null) {
                throw failure;
            }
            boolean again = !names.add(name);
            if (!again) {
                inputs.add(fields);
            }
            return new StartedExecution(name, "arn:aws:states:eu-west-1:123456789012:execution:promote:" + name, again);
        }
    }

    private static Map<String, Object> read(String input) {
        try {
            return new ObjectMapper().readValue(input, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new AssertionError("the execution input is not JSON: " + input, e);
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final RotatingSecret secret = new RotatingSecret(SECRET);
    private final MemoryLedger ledger = new MemoryLedger(calls);
    private final RecordingStarter starter = new RecordingStarter(calls);
    private final WebhookReceiver receiver = new WebhookReceiver(secret, ledger, starter);

    private static WebhookRequest delivery(String event, String id, String body, String signature) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("x-github-event", event, "x-github-delivery", id));
        if (signature != null) {
            headers.put("x-hub-signature-256", signature);
        }
        return WebhookRequest.of(headers, body, false);
    }

    private static WebhookRequest signed(String event, String id, String body) {
        return delivery(event, id, body, WebhookSignature.sign(SECRET, body.getBytes(UTF_8)));
    }

    @Test
    void signedMergeStartsOnePromotion() {
        WebhookReply reply = receiver.receive(signed("push", "d-1", MERGE));
        assertThat(reply).isInstanceOf(WebhookReply.Started.class);
        assertThat(starter.inputs).singleElement().satisfies(input -> assertThat(input)
                .containsEntry("action", "promote").containsEntry("delivery", "d-1"));
    }

    @Test
    void redeliveryIsAlreadyProcessedAndStartsNothingMore() {
        receiver.receive(signed("push", "d-1", MERGE));
        assertThat(receiver.receive(signed("push", "d-1", MERGE))).isEqualTo(new WebhookReply.AlreadyProcessed("d-1"));
        assertThat(starter.inputs).hasSize(1);
    }

    @Test
    void badSignatureRecordsAndStartsNothing() {
        WebhookReply reply = receiver.receive(delivery("push", "d-1", MERGE, "sha256=" + "0".repeat(64)));
        assertThat(reply).isInstanceOf(WebhookReply.Unauthorized.class);
        assertThat(ledger.recorded).isEmpty();
        assertThat(starter.inputs).isEmpty();
    }

    @Test
    void missingSignatureIsUnauthorizedWithoutRereadingTheSecret() {
        WebhookReply reply = receiver.receive(delivery("push", "d-1", MERGE, null));
        assertThat(((WebhookReply.Unauthorized) reply).problem()).contains("X-Hub-Signature-256 is missing");
        assertThat(secret.rereads).isZero();
    }

    @Test
    void rotatedSecretIsPickedUpOnTheFirstMismatch() {
        byte[] rotated = "rotated".getBytes(UTF_8);
        secret.stored = rotated;
        String signature = WebhookSignature.sign(rotated, MERGE.getBytes(UTF_8));
        assertThat(receiver.receive(delivery("push", "d-1", MERGE, signature))).isInstanceOf(WebhookReply.Started.class);
        assertThat(secret.rereads).isEqualTo(1);
    }

    @Test
    void signatureIsCheckedBeforeTheBodyIsRead() {
        assertThat(receiver.receive(delivery("push", "d-1", "not json", null))).isInstanceOf(WebhookReply.Unauthorized.class);
    }

    @Test
    void signedButUnreadableDeliveryIsABadRequest() {
        WebhookReply reply = receiver.receive(signed("push", "d-1", "{\"ref\": \"refs/heads/main\"}"));
        assertThat(((WebhookReply.BadRequest) reply).problem()).contains("repository.full_name is missing");
        assertThat(ledger.recorded).isEmpty();
    }

    @Test
    void actionWithoutDeliveryIdIsABadRequest() {
        String body = MERGE;
        WebhookRequest request = WebhookRequest.of(Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", WebhookSignature.sign(SECRET, body.getBytes(UTF_8))), body, false);
        assertThat(((WebhookReply.BadRequest) receiver.receive(request)).problem()).contains("X-GitHub-Delivery is missing");
    }

    @Test
    void ignoredEventsAreNotRecorded() {
        String feature = MERGE.replace("refs/heads/main", "refs/heads/feature/x");
        assertThat(receiver.receive(signed("push", "d-1", feature))).isInstanceOf(WebhookReply.Ignored.class);
        assertThat(ledger.recorded).isEmpty();
    }

    @Test
    void replayedBodyUnderANewDeliveryIdStartsNothing() {
        assertThat(receiver.receive(signed("push", "d-1", MERGE))).isInstanceOf(WebhookReply.Started.class);
        assertThat(receiver.receive(signed("push", "d-replayed", MERGE))).isEqualTo(new WebhookReply.AlreadyProcessed("d-replayed"));
        assertThat(starter.inputs).hasSize(1);
    }

    @Test
    void replayedBodyIsNamedAsTheFirstEvenWhenTheLedgerMissedIt() {
        receiver.receive(signed("push", "d-1", MERGE));
        ledger.recorded.clear();
        WebhookReply replay = receiver.receive(signed("push", "d-replayed", MERGE));
        assertThat(((WebhookReply.Started) replay).execution().alreadyStarted()).isTrue();
        assertThat(starter.inputs).hasSize(1);
    }

    @Test
    void anotherPayloadOfTheSameCommitIsANewDelivery() {
        receiver.receive(signed("push", "d-1", MERGE));
        String pushedAgain = MERGE.replace("\"deleted\": false", "\"deleted\": false, \"before\": \"" + "1".repeat(40) + "\"");
        assertThat(receiver.receive(signed("push", "d-2", pushedAgain))).isInstanceOf(WebhookReply.Started.class);
        assertThat(starter.inputs).hasSize(2);
    }

    @Test
    void executionIsStartedBeforeTheDeliveryIsRecorded() {
        receiver.receive(signed("push", "d-1", MERGE));
        assertThat(calls).containsExactly("seen d-1", "start d-1", "record d-1");
    }

    @Test
    void failedStartRecordsNothingSoTheRedeliveryIsActedOn() {
        starter.failure = new IllegalStateException("throttled");
        assertThatThrownBy(() -> receiver.receive(signed("push", "d-1", MERGE))).hasMessage("throttled");
        assertThat(ledger.recorded).isEmpty();
        starter.failure = null;
        assertThat(receiver.receive(signed("push", "d-1", MERGE))).isInstanceOf(WebhookReply.Started.class);
    }

    @Test
    void missingSignatureIsRefusedBeforeTheSecretIsRead() {
        WebhookSecretSource unreadable = new WebhookSecretSource() {
            @Override
            public byte[] current() {
                throw new AssertionError("the secret was read for an unsigned delivery");
            }

            @Override
            public Optional<byte[]> rereadAfterMismatch() {
                throw new AssertionError("the secret was re-read for an unsigned delivery");
            }
        };
        WebhookReceiver guarded = new WebhookReceiver(unreadable, ledger, starter);
        assertThat(guarded.receive(delivery("push", "d-1", MERGE, null))).isInstanceOf(WebhookReply.Unauthorized.class);
        assertThat(guarded.receive(delivery("push", "d-1", MERGE, "sha256=short"))).isInstanceOf(WebhookReply.Unauthorized.class);
    }

    @Test
    void deliveryIdOver2048BytesIsABadRequest() {
        WebhookReply reply = receiver.receive(signed("push", "d".repeat(2049), MERGE));
        assertThat(((WebhookReply.BadRequest) reply).problem())
                .isEqualTo("headers: X-GitHub-Delivery is 2049 bytes long; expected at most 2048 bytes (GitHub sends a GUID of 36 characters)");
        assertThat(calls).isEmpty();
    }

    @Test
    void signedFormBodyWithABadPercentEscapeIsABadRequest() {
        String form = "payload=%7B%ZZ";
        Map<String, String> headers = Map.of("x-github-event", "push", "x-github-delivery", "d-1",
                "content-type", "application/x-www-form-urlencoded",
                "x-hub-signature-256", WebhookSignature.sign(SECRET, form.getBytes(UTF_8)));
        WebhookReply reply = receiver.receive(WebhookRequest.of(headers, form, false));
        assertThat(((WebhookReply.BadRequest) reply).problem()).startsWith("form body: payload has a malformed %-escape");
    }
}
