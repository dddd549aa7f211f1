package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatestVersionTest {

    private static final LatestVersion V1_4_0 = new LatestVersion("1.4.0", "000000001.000000004.000000000.9");
    private static final LatestVersion V1_10_0 = new LatestVersion("1.10.0", "000000001.000000010.000000000.9");

    @Test
    void firstReleaseBecomesLatest() {
        assertThat(LatestVersion.moves(Optional.empty(), V1_4_0)).isTrue();
    }

    @Test
    void newerReleaseMovesLatestForward() {
        assertThat(LatestVersion.moves(Optional.of(V1_4_0), V1_10_0)).isTrue();
    }

    @Test
    void sameReleaseAgainMovesLatestToItself() {
        assertThat(LatestVersion.moves(Optional.of(V1_4_0), V1_4_0)).isTrue();
    }

    @Test
    void olderReleaseKeepsTheNewerLatest() {
        assertThat(LatestVersion.moves(Optional.of(V1_10_0), V1_4_0)).isFalse();
    }
}
