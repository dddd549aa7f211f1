package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.RollbackRefusedException;
import dev.controlplane.domain.VersionOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LatestRollbackTest {

    static final String ARTIFACT = "data-eng/churn/churn";
    static final Instant AT = Instant.parse("2026-12-06T23:00:00Z");

    final Map<String, RegisteredVersion> versions = new HashMap<>();
    final Map<String, LatestVersion> latest = new HashMap<>();
    final List<Rollback> recorded = new ArrayList<>();

    final ArtifactRegistry registry = new ArtifactRegistry() {
        public Optional<RegisteredVersion> version(String artifact, String version) {
            return Optional.ofNullable(versions.get(version));
        }
        public void markReleased(String artifact, String version) {}
        public Optional<LatestVersion> latest(String artifact, String environment) {
            return Optional.ofNullable(latest.get(environment));
        }
        public boolean moveLatest(String artifact, String environment, LatestVersion candidate, String movedBy) {
            if (!LatestVersion.moves(latest(artifact, environment), candidate)) return false;
            latest.put(environment, candidate);
            return true;
        }
        public List<RegisteredVersion> versionsOfBranch(String artifact, String slug) {
            return List.of();
        }
        public void deleteVersion(String artifact, String version) {}
    };

    final LatestRollbacks rollbacks = new LatestRollbacks() {
        public boolean rollBack(Rollback rollback, LatestVersion to) {
            if (!latest.get(rollback.environment()).version().equals(rollback.from())) return false;
            latest.put(rollback.environment(), to);
            recorded.add(rollback);
            return true;
        }
        public Optional<Rollback> made(String artifact, String environment, String id) {
            return recorded.stream().filter(r -> r.id().equals(id) && r.environment().equals(environment)).findFirst();
        }
    };

    final LatestRollback rollback = new LatestRollback(registry, rollbacks, List.of("dev", "staging", "prod"));

    void version(String version, boolean released, String... environments) {
        versions.put(version, new RegisteredVersion(ARTIFACT, version, version, VersionOrder.of(version), Optional.empty(),
                released, new TreeSet<>(Set.of(environments))));
    }

    void latest(String environment, String version) {
        latest.put(environment, new LatestVersion(version, VersionOrder.of(version)));
    }

    @Test
    void latestMovesBackToAnEarlierReleaseRecordingWhoWhenAndWhy() {
        version("1.4.0", true, "dev", "staging", "prod");
        version("1.10.0", true, "dev", "staging", "prod");
        latest("prod", "1.10.0");

        Rollback done = rollback.rollBack(ARTIFACT, "prod", "1.4.0", "lead", "1.10.0 breaks the close", AT, "exec-1");

        assertThat(done).isEqualTo(new Rollback(ARTIFACT, "prod", "1.10.0", "1.4.0", "lead", "1.10.0 breaks the close", AT, "exec-1"));
        assertThat(latest.get("prod").version()).isEqualTo("1.4.0");
        assertThat(rollback.rollBack(ARTIFACT, "prod", "1.4.0", "lead", "1.10.0 breaks the close", AT, "exec-1"))
                .as("the same request again").isEqualTo(done);
        assertThat(recorded).hasSize(1);
        assertThat(registry.moveLatest(ARTIFACT, "prod", new LatestVersion("1.3.0", VersionOrder.of("1.3.0")), "x"))
                .as("a release still never moves it back").isFalse();
    }

    @Test
    void aVersionNotReleasedInTheEnvironmentIsRefusedNamingIt() {
        version("1.4.0", true, "dev", "staging");
        version("1.5.0", false, "dev", "staging", "prod");
        latest("prod", "1.6.0");

        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "prod", "1.4.0", "lead", "r", AT, "e"))
                .isInstanceOf(RollbackRefusedException.class)
                .hasMessage("rollback of data-eng/churn/churn in prod: version is 1.4.0, which is not released in prod"
                        + " (not published there); expected a version released in prod");
        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "prod", "1.5.0", "lead", "r", AT, "e"))
                .hasMessageContaining("is 1.5.0, which is not released in prod (published, never released)");
        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "prod", "0.9.0", "lead", "r", AT, "e"))
                .hasMessageContaining("is 0.9.0, which is not registered");
        assertThat(latest.get("prod").version()).isEqualTo("1.6.0");
    }

    @Test
    void onlyBackwardToAnOlderVersionInAKnownEnvironmentWithALatest() {
        version("1.4.0", true, "prod");
        version("1.5.0", true, "prod");
        latest("prod", "1.4.0");

        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "prod", "1.5.0", "lead", "r", AT, "e"))
                .hasMessageContaining("is 1.5.0, newer than latest 1.4.0 in prod; expected an older version");
        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "prod", "1.4.0", "lead", "r", AT, "e"))
                .hasMessageContaining("is 1.4.0, which is latest in prod already");
        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "qa", "1.4.0", "lead", "r", AT, "e"))
                .hasMessage("rollback of data-eng/churn/churn in qa: environment is 'qa'; expected one of dev, staging, prod");
        assertThatThrownBy(() -> rollback.rollBack(ARTIFACT, "staging", "1.4.0", "lead", "r", AT, "e"))
                .hasMessageContaining("is 1.4.0, which is not released in staging");
    }
}
