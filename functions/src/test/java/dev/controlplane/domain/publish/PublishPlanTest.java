package dev.controlplane.domain.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.ReleasedVersionChangedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishPlanTest {

    private static final String SCRIPT_SHA = "a".repeat(64);
    private static final String WHEEL_SHA = "b".repeat(64);
    private static final String OTHER_SHA = "c".repeat(64);
    private static final PublishFile SCRIPT = new PublishFile("churn.py", "data-eng/churn/churn/churn-1.4.0.py", SCRIPT_SHA,
            5120, new SourceObject("inbox", "data-eng/churn/9f2c/churn.py", "v1"));
    private static final PublishFile WHEEL = new PublishFile("dist/churn-1.4.0-py3-none-any.whl",
            "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl", WHEEL_SHA, 20480,
            new SourceObject("inbox", "data-eng/churn/9f2c/dist/churn-1.4.0-py3-none-any.whl", null));

    private static PublishRequest request(boolean immutable) {
        return new PublishRequest(List.of(SCRIPT, WHEEL), "prod", "artifacts-prod", immutable, "data-eng/churn/churn",
                "1.4.0", "9f2c");
    }

    private static StoredObject stored(String sha256) {
        return new StoredObject(1, sha256, "text/x-python", null);
    }

    @Test
    void filesNotYetPublishedAreCopied() {
        PublishPlan plan = PublishPlan.decide(request(true), file -> Optional.empty());

        assertThat(plan.copies()).containsExactly(SCRIPT, WHEEL);
        assertThat(plan.unchanged()).isEmpty();
    }

    @Test
    void filesPublishedWithTheSameSha256AreUnchanged() {
        PublishPlan plan = PublishPlan.decide(request(true),
                file -> Optional.of(stored(file == SCRIPT ? SCRIPT_SHA : WHEEL_SHA)));

        assertThat(plan.copies()).isEmpty();
        assertThat(plan.unchanged()).containsExactly(SCRIPT, WHEEL);
    }

    @Test
    void releasedVersionWithOtherBytesIsRefusedNamingVersionEnvironmentAndFile() {
        assertThatThrownBy(() -> PublishPlan.decide(request(true),
                file -> Optional.of(stored(file == WHEEL ? OTHER_SHA : SCRIPT_SHA))))
                .isInstanceOfSatisfying(ReleasedVersionChangedException.class, e -> {
                    assertThat(e.publishedVersion()).isEqualTo("1.4.0");
                    assertThat(e.environment()).isEqualTo("prod");
                    assertThat(e.fileName()).isEqualTo("churn-1.4.0-py3-none-any.whl");
                    assertThat(e.artifact()).isEqualTo("data-eng/churn/churn");
                })
                .hasMessageContaining("data-eng/churn/churn 1.4.0 in prod")
                .hasMessageContaining("churn-1.4.0-py3-none-any.whl has sha256 " + OTHER_SHA + " there and " + WHEEL_SHA)
                .hasMessageContaining("new version");
    }

    @Test
    void releasedObjectWithoutSha256MetadataIsRefusedAsUnknownBytes() {
        assertThatThrownBy(() -> PublishPlan.decide(request(true), file -> Optional.of(stored(null))))
                .isInstanceOf(ReleasedVersionChangedException.class)
                .hasMessageContaining("churn-1.4.0.py is published there without a sha256");
    }

    @Test
    void featureBuildWithOtherBytesIsCopiedOverItsEarlierBuild() {
        PublishPlan plan = PublishPlan.decide(request(false), file -> Optional.of(stored(OTHER_SHA)));

        assertThat(plan.copies()).containsExactly(SCRIPT, WHEEL);
    }

    @Test
    void refusedBuildCopiesNothingEvenBeforeTheConflictingFile() {
        Map<String, StoredObject> bucket = new HashMap<>();
        bucket.put(WHEEL.key(), stored(OTHER_SHA));
        List<CopyOrder> copies = new ArrayList<>();
        ArtifactPublisher publisher = new ArtifactPublisher(new ArtifactStore() {
            @Override
            public Optional<StoredObject> describe(String b, String key) {
                return Optional.ofNullable(bucket.get(key));
            }

            @Override
            public String copy(CopyOrder order) {
                copies.add(order);
                return null;
            }

            @Override
            public String sha256(SourceObject source) {
                return WHEEL.sha256();
            }

            @Override
            public List<String> keysUnder(String b, String prefix) {
                return List.of();
            }

            @Override
            public void delete(String b, List<String> keys) {
            }
        });

        assertThatThrownBy(() -> publisher.publish(request(true))).isInstanceOf(ReleasedVersionChangedException.class);
        assertThat(copies).isEmpty();
    }
}
