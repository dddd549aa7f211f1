package dev.controlplane.domain.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.publish.PublishFile;
import dev.controlplane.domain.publish.PublishRequest;
import dev.controlplane.domain.publish.SourceObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactIndexerTest {

    private static final String CHURN = "data-eng/churn/churn";
    private static final String BUCKET = "artifacts-prod";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    /** Index objects in memory, tagged as S3 tags them; {@code beforeReplace} plays a concurrent writer. */
    static final class MemoryIndex implements ArtifactIndex {
        final Map<String, VersionRecord> versions = new HashMap<>();
        final Map<String, ArtifactIndex.StoredLatest> latest = new HashMap<>();
        final List<String> writes = new ArrayList<>();
        Runnable beforeReplace = () -> { };
        boolean interfereEveryTime;
        private int tags;

        @Override
        public void putVersion(String bucket, VersionRecord record) {
            versions.put(bucket + "/" + ArtifactIndexKeys.versionRecord(record.artifact(), record.publishedVersion()), record);
            writes.add("version " + record.publishedVersion());
        }

        @Override
        public Optional<VersionRecord> version(String bucket, String artifact, String publishedVersion) {
            return Optional.ofNullable(versions.get(bucket + "/" + ArtifactIndexKeys.versionRecord(artifact, publishedVersion)));
        }

        @Override
        public Optional<StoredLatest> latest(String bucket, String artifact) {
            return Optional.ofNullable(latest.get(bucket + "/" + artifact));
        }

        @Override
        public boolean replaceLatest(String bucket, LatestRecord record, String expectedTag) {
            Runnable writer = beforeReplace;
            if (!interfereEveryTime) {
                beforeReplace = () -> { };
            }
            writer.run();
            StoredLatest current = latest.get(bucket + "/" + record.artifact());
            if (current == null ? expectedTag != null : !current.tag().equals(expectedTag)) {
                return false;
            }
            latest.put(bucket + "/" + record.artifact(), new StoredLatest(record, "tag" + (++tags)));
            writes.add("latest " + record.version());
            return true;
        }

        void recorded(String version) {
            putVersion(BUCKET, new VersionRecord(CHURN, version, VersionOrder.of(version), "prod", null, NOW, List.of()));
            writes.clear();
        }

        void latestIs(String version) {
            latest.put(BUCKET + "/" + CHURN, new StoredLatest(new LatestRecord(CHURN, version, VersionOrder.of(version),
                    NOW, "earlier"), "tag" + (++tags)));
        }

        String latestVersion() {
            return latest.get(BUCKET + "/" + CHURN).record().version();
        }
    }

    private final MemoryIndex index = new MemoryIndex();
    private final ArtifactIndexer indexer = new ArtifactIndexer(index, Clock.fixed(NOW, ZoneOffset.UTC));

    private static PublishRequest publish(String publishedVersion, String sha256) {
        PublishFile script = new PublishFile("churn.py", CHURN + "/churn-" + publishedVersion + ".py", sha256, 17,
                new SourceObject("artifacts-staging", CHURN + "/churn-" + publishedVersion + ".py", null));
        return new PublishRequest(List.of(script), "prod", BUCKET, true, CHURN, publishedVersion, "9f2c");
    }

    private static LatestMove move(String version) {
        return new LatestMove(CHURN, version, "prod", BUCKET);
    }

    @Test
    void aPublishedVersionIsRecordedWithItsFilesOrderAndCommit() {
        assertThat(indexer.recordVersion(publish("1.4.0", "a".repeat(64)))).isTrue();

        VersionRecord record = index.version(BUCKET, CHURN, "1.4.0").orElseThrow();
        assertThat(record.versionOrder()).isEqualTo("000000001.000000004.000000000.9");
        assertThat(record.environment()).isEqualTo("prod");
        assertThat(record.commit()).isEqualTo("9f2c");
        assertThat(record.publishedAt()).isEqualTo(NOW);
        assertThat(record.files()).containsExactly(new VersionRecord.IndexedFile("churn.py",
                CHURN + "/churn-1.4.0.py", "a".repeat(64), 17));
    }

    @Test
    void theSameFilesAgainWriteNothingOtherFilesReplaceAFeatureRecord() {
        indexer.recordVersion(publish("1.4.0-feature-x", "a".repeat(64)));

        assertThat(indexer.recordVersion(publish("1.4.0-feature-x", "a".repeat(64)))).isFalse();
        assertThat(indexer.recordVersion(publish("1.4.0-feature-x", "b".repeat(64)))).isTrue();
        assertThat(index.writes).containsExactly("version 1.4.0-feature-x", "version 1.4.0-feature-x");
        assertThat(index.version(BUCKET, CHURN, "1.4.0-feature-x").orElseThrow().versionOrder())
                .as("a feature build sorts as its version").isEqualTo(VersionOrder.of("1.4.0"));
    }

    @Test
    void latestMovesForwardAndNeverBack() {
        index.recorded("1.4.0");
        index.recorded("1.5.0");

        assertThat(indexer.moveLatest(move("1.4.0"), "exec-1")).isEqualTo(new LatestIndexed(CHURN, "prod", "1.4.0", true, "1.4.0"));
        assertThat(indexer.moveLatest(move("1.5.0"), "exec-2")).isEqualTo(new LatestIndexed(CHURN, "prod", "1.5.0", true, "1.5.0"));
        assertThat(indexer.moveLatest(move("1.4.0"), "exec-3")).isEqualTo(new LatestIndexed(CHURN, "prod", "1.4.0", false, "1.5.0"));

        assertThat(index.writes).containsExactly("latest 1.4.0", "latest 1.5.0");
        LatestRecord latest = index.latest(BUCKET, CHURN).orElseThrow().record();
        assertThat(latest.movedBy()).isEqualTo("exec-2");
        assertThat(latest.versionOrder()).isEqualTo(VersionOrder.of("1.5.0"));
    }

    @Test
    void aRollbackMovesLatestBackToARecordedVersionOnly() {
        index.recorded("1.4.0");
        index.recorded("1.5.0");
        indexer.moveLatest(move("1.5.0"), "exec-1");

        assertThat(indexer.rollBackLatest(move("1.4.0"), "lead (rollback)")).isEqualTo(new LatestIndexed(CHURN, "prod", "1.4.0", true, "1.4.0"));
        assertThat(index.latest(BUCKET, CHURN).orElseThrow().record().movedBy()).isEqualTo("lead (rollback)");
        assertThatThrownBy(() -> indexer.rollBackLatest(move("1.3.0"), "lead")).hasMessageContaining("does not exist");
        assertThat(index.latestVersion()).isEqualTo("1.4.0");
    }

    @Test
    void theSameVersionAgainIsMovedWithoutAWrite() {
        index.recorded("1.5.0");
        index.latestIs("1.5.0");

        assertThat(indexer.moveLatest(move("1.5.0"), "exec").moved()).isTrue();
        assertThat(index.writes).isEmpty();
    }

    @Test
    void aNewerVersionWrittenConcurrentlyIsKeptNotOverwritten() {
        index.recorded("1.4.0");
        index.latestIs("1.3.0");
        // Between this mover's read and its write, another release moves latest to 2.0.0.
        index.beforeReplace = () -> index.latestIs("2.0.0");

        LatestIndexed result = indexer.moveLatest(move("1.4.0"), "exec");

        assertThat(result).isEqualTo(new LatestIndexed(CHURN, "prod", "1.4.0", false, "2.0.0"));
        assertThat(index.latestVersion()).isEqualTo("2.0.0");
    }

    @Test
    void anOlderVersionWrittenConcurrentlyIsOvertakenOnTheNextAttempt() {
        index.recorded("1.5.0");
        // latest.json appears (1.4.0) between this mover's read (none) and its create-if-absent.
        index.beforeReplace = () -> index.latestIs("1.4.0");

        assertThat(indexer.moveLatest(move("1.5.0"), "exec").moved()).isTrue();
        assertThat(index.latestVersion()).isEqualTo("1.5.0");
    }

    @Test
    void writersThatNeverLetUpEndInAnErrorNamingTheObject() {
        index.recorded("1.5.0");
        index.latestIs("1.4.0");
        index.interfereEveryTime = true;
        index.beforeReplace = () -> index.latestIs("1.4.0");

        assertThatThrownBy(() -> indexer.moveLatest(move("1.5.0"), "exec"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("latest of data-eng/churn/churn in prod (s3://artifacts-prod/data-eng/churn/churn/_index/latest.json)"
                        + " changed under each of 8 attempts to move it to 1.5.0; retry the step");
        assertThat(index.latestVersion()).isEqualTo("1.4.0");
    }

    @Test
    void aVersionTheBucketDoesNotRecordIsNeverMadeLatest() {
        assertThatThrownBy(() -> indexer.moveLatest(move("1.4.0"), "exec"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("latest of data-eng/churn/churn in prod cannot move to 1.4.0:"
                        + " s3://artifacts-prod/data-eng/churn/churn/_index/versions/1.4.0.json does not exist");
        assertThat(index.latest).isEmpty();
    }

    @Test
    void aFeatureVersionCannotBeLatest() {
        assertThatThrownBy(() -> indexer.moveLatest(move("1.4.0-feature-x"), "exec"))
                .isInstanceOf(dev.controlplane.domain.InvalidArtifactException.class)
                .hasMessageContaining("1.4.0-feature-x");
    }
}
