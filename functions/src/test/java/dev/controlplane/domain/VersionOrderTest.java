package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void finalReleaseIsPaddedNumbersAndRankNine() {
        assertThat(VersionOrder.of("1.4.0")).isEqualTo("000000001.000000004.000000000.9");
    }

    @Test
    void preReleasesCarryTheirRankAndNumber() {
        assertThat(VersionOrder.of("2.0.0rc1")).isEqualTo("000000002.000000000.000000000.3.000000001.9");
        assertThat(VersionOrder.of("1.4.1.dev3")).isEqualTo("000000001.000000004.000000001.0.000000003");
        assertThat(VersionOrder.of("1.4.0a1.dev2")).isEqualTo("000000001.000000004.000000000.1.000000001.0.000000002");
    }

    @Test
    void stringOrderIsVersionOrder() {
        List<String> ordered = List.of("0.9.9", "1.4.0.dev1", "1.4.0.dev2", "1.4.0a1.dev1", "1.4.0a1", "1.4.0a2",
                "1.4.0b2", "1.4.0rc1.dev5", "1.4.0rc1", "1.4.0rc10", "1.4.0", "1.4.1", "1.10.0", "2.0.0", "10.0.0");
        List<String> byOrderString = new ArrayList<>(ordered);
        Collections.reverse(byOrderString);
        byOrderString.sort((a, b) -> VersionOrder.of(a).compareTo(VersionOrder.of(b)));

        assertThat(byOrderString).containsExactlyElementsOf(ordered);
    }

    @Test
    void comparatorOrdersVersionsNotText() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "1.4.0", "1.4.0rc1", "1.9.0"));
        versions.sort(VersionOrder.comparator());

        assertThat(versions).containsExactly("1.4.0rc1", "1.4.0", "1.9.0", "1.10.0");
    }

    @Test
    void versionWithBranchSuffixIsRefused() {
        assertThatThrownBy(() -> VersionOrder.of("1.4.0-feature-login"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("version is '1.4.0-feature-login'");
    }
}
