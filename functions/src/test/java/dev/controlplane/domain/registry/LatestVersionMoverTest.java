package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.InvalidArtifactException;
import dev.controlplane.domain.VersionNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LatestVersionMoverTest {

    private static final String ORDER_1_4_0 = "000000001.000000004.000000000.9";
    private static final String ORDER_1_5_0 = "000000001.000000005.000000000.9";

    /** A registry in memory; {@code overtakeOnMove} plays a concurrent release that wins the conditional write. */
    private static final class MemoryRegistry implements ArtifactRegistry {
        final Map<String, RegisteredVersion> versions = new HashMap<>();
        final Map<String, LatestVersion> latest = new HashMap<>();
        final List<String> released = new ArrayList<>();
        LatestVersion overtakeOnMove;

        void register(String artifact, String version, String order, String... environments) {
            versions.put(artifact + " " + version, new RegisteredVersion(artifact, version, version, order, Optional.empty(),
                    false, new TreeSet<>(Set.of(environments))));
        }

        @Override
        public Optional<RegisteredVersion> version(String artifact, String publishedVersion) {
            return Optional.ofNullable(versions.get(artifact + " " + publishedVersion));
        }

        @Override
        public void markReleased(String artifact, String publishedVersion) {
            released.add(artifact + " " + publishedVersion);
        }

        @Override
        public Optional<LatestVersion> latest(String artifact, String environment) {
            return Optional.ofNullable(latest.get(artifact + " " + environment));
        }

        @Override
        public boolean moveLatest(String artifact, String environment, LatestVersion candidate, String movedBy) {
            if (overtakeOnMove != null) {
                latest.put(artifact + " " + environment, overtakeOnMove);
            }
            if (!LatestVersion.moves(latest(artifact, environment), candidate)) {
                return false;
            }
            latest.put(artifact + " " + environment, candidate);
            return true;
        }

        @Override
        public List<RegisteredVersion> versionsOfBranch(String artifact, String branchSlug) {
            return List.of();
        }

        @Override
        public void deleteVersion(String artifact, String publishedVersion) {
        }
    }

    private static Release release(String version) {
        return new Release("data-eng", "churn", List.of("churn", "score"), version, "acme-data/churn");
    }

    @Test
    void releaseMovesLatestWhereTheVersionIsPublishedAndMarksItReleased() {
        MemoryRegistry registry = new MemoryRegistry();
        registry.register("data-eng/churn/churn", "1.5.0", ORDER_1_5_0, "dev", "staging");

        LatestMoves moves = new LatestVersionMover(registry).release(release("1.5.0"), "execution");

        assertThat(moves.moved()).containsExactly(new LatestMoves.Moved("churn", "dev", "1.5.0"),
                new LatestMoves.Moved("churn", "staging", "1.5.0"));
        assertThat(moves.kept()).isEmpty();
        assertThat(registry.released).containsExactly("data-eng/churn/churn 1.5.0");
        assertThat(registry.latest).doesNotContainKey("data-eng/churn/churn prod");
    }

    @Test
    void concurrentNewerReleaseIsKeptAndReported() {
        MemoryRegistry registry = new MemoryRegistry();
        registry.register("data-eng/churn/churn", "1.4.0", ORDER_1_4_0, "prod");
        registry.overtakeOnMove = new LatestVersion("1.5.0", ORDER_1_5_0);

        LatestMoves moves = new LatestVersionMover(registry).release(release("1.4.0"), "execution");

        assertThat(moves.moved()).isEmpty();
        assertThat(moves.kept()).containsExactly(new LatestMoves.Kept("churn", "prod", "1.4.0", "1.5.0"));
    }

    @Test
    void versionNoScriptRegisteredIsNotFoundNamingRepositoryVersionAndScripts() {
        assertThatThrownBy(() -> new LatestVersionMover(new MemoryRegistry()).release(release("9.9.9"), "execution"))
                .isInstanceOfSatisfying(VersionNotFoundException.class, e -> {
                    assertThat(e.repository()).isEqualTo("acme-data/churn");
                    assertThat(e.version()).isEqualTo("9.9.9");
                })
                .hasMessageContaining("release of acme-data/churn: version is '9.9.9'")
                .hasMessageContaining("data-eng/churn/churn, data-eng/churn/score");
    }

    @Test
    void releaseTagThatIsNoVersionIsRefusedWithTheNamingRule() {
        assertThatThrownBy(() -> release("v1.4.0"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("drop the leading 'v'");
    }
}
