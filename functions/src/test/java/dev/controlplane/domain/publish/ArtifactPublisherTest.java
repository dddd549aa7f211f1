package dev.controlplane.domain.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactPublisherTest {

    /** A bucket in memory whose copies come out with the size the test chooses. */
    private static final class MemoryStore implements ArtifactStore {
        final Map<String, StoredObject> objects = new HashMap<>();
        final List<CopyOrder> copies = new ArrayList<>();
        long sizeOfCopies;
        /** The sha256 each source key's bytes hash to; the validated one when not set. */
        final Map<String, String> sourceDigests = new HashMap<>();

        @Override
        public Optional<StoredObject> describe(String bucket, String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public String copy(CopyOrder order) {
            copies.add(order);
            String version = "copy-" + copies.size();
            objects.put(order.key(), new StoredObject(sizeOfCopies, order.metadata().get(PublishedMetadata.SHA256), null, version));
            return version;
        }

        @Override
        public String sha256(SourceObject source) {
            return sourceDigests.getOrDefault(source.key(), "a".repeat(64));
        }

        @Override
        public List<String> keysUnder(String bucket, String prefix) {
            return List.of();
        }

        @Override
        public void delete(String bucket, List<String> keys) {
            keys.forEach(objects::remove);
        }
    }

    private static final PublishFile SCRIPT = new PublishFile("churn.py", "data-eng/churn/churn/churn-1.4.0.py",
            "a".repeat(64), 5120, new SourceObject("inbox", "data-eng/churn/9f2c/churn.py", "v1"));

    private static PublishRequest request(String commit) {
        return new PublishRequest(List.of(SCRIPT), "dev", "artifacts-dev", true, "data-eng/churn/churn", "1.4.0", commit);
    }

    @Test
    void copiesCarryTheSha256CommitAndPublishedVersion() {
        MemoryStore store = new MemoryStore();
        store.sizeOfCopies = 5120;

        PublishResult result = new ArtifactPublisher(store).publish(request("9f2c"));

        assertThat(result).isEqualTo(new PublishResult("dev", "artifacts-dev", List.of(SCRIPT.key()), List.of(),
                Map.of(SCRIPT.key(), "copy-1")));
        assertThat(store.copies).singleElement().satisfies(copy -> {
            assertThat(copy.source()).isEqualTo(SCRIPT.source());
            assertThat(copy.metadata()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("sha256", "a".repeat(64), "commit", "9f2c", "published-version", "1.4.0"));
        });
    }

    @Test
    void unknownCommitIsLeftOutOfTheMetadata() {
        MemoryStore store = new MemoryStore();
        store.sizeOfCopies = 5120;

        new ArtifactPublisher(store).publish(request(null));

        assertThat(store.copies.get(0).metadata()).doesNotContainKey("commit");
    }

    @Test
    void copyOfAnotherSizeIsDeletedAndFails() {
        MemoryStore store = new MemoryStore();
        store.sizeOfCopies = 99;

        assertThatThrownBy(() -> new ArtifactPublisher(store).publish(request("9f2c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 99 bytes; expected 5120 bytes");
        // Left in place, the wrong copy would carry the right sha256 and a retry would call it unchanged.
        assertThat(store.objects).doesNotContainKey(SCRIPT.key());
    }

    @Test
    void aSourceWhoseBytesAreNotTheValidatedOnesIsRefusedBeforeAnyCopy() {
        MemoryStore store = new MemoryStore();
        store.sizeOfCopies = 5120;
        store.sourceDigests.put(SCRIPT.source().key(), "b".repeat(64));

        assertThatThrownBy(() -> new ArtifactPublisher(store).publish(request("9f2c")))
                .isInstanceOf(dev.controlplane.domain.ChecksumMismatchException.class)
                .hasMessageContaining("s3://inbox/data-eng/churn/9f2c/churn.py version v1")
                .hasMessageContaining("is " + "b".repeat(64) + " on arrival in dev (file churn-1.4.0.py)")
                .hasMessageContaining("expected " + "a".repeat(64) + ", the digest registered when the build was validated");
        assertThat(store.copies).isEmpty();
    }

    @Test
    void filesFoundUnchangedAnswerTheirCurrentVersion() {
        MemoryStore store = new MemoryStore();
        store.objects.put(SCRIPT.key(), new StoredObject(5120, "a".repeat(64), null, "v7"));

        PublishResult result = new ArtifactPublisher(store).publish(request("9f2c"));

        assertThat(result.unchanged()).containsExactly(SCRIPT.key());
        assertThat(result.versions()).containsExactly(Map.entry(SCRIPT.key(), "v7"));
        assertThat(store.copies).isEmpty();
    }
}
