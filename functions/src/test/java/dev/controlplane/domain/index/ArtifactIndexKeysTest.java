package dev.controlplane.domain.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.InvalidArtifactException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactIndexKeysTest {

    private static final String CHURN = "data-eng/churn/churn";

    @Test
    void indexKeysLieUnderTheScriptsFolder() {
        assertThat(ArtifactIndexKeys.latest(CHURN)).isEqualTo("data-eng/churn/churn/_index/latest.json");
        assertThat(ArtifactIndexKeys.versionRecord(CHURN, "1.4.0")).isEqualTo("data-eng/churn/churn/_index/versions/1.4.0.json");
        assertThat(ArtifactIndexKeys.versionRecord(CHURN, "1.4.0rc1-feature-login"))
                .isEqualTo("data-eng/churn/churn/_index/versions/1.4.0rc1-feature-login.json");
    }

    @Test
    void noArtifactKeyIsAnIndexKeyAndNoIndexKeyAnArtifactKey() {
        ArtifactName release = ArtifactName.defaultBranchBuild("data-eng", "churn", "churn", "1.4.0");
        ArtifactName feature = ArtifactName.featureBranchBuild("data-eng", "churn", "churn", "1.4.0", "feature/_index");
        List<String> artifactKeys = List.of(release.scriptKey(), release.wheelKey("churn-1.4.0-py3-none-any.whl"),
                feature.scriptKey(), feature.wheelKey("churn-1.4.0+feature.index-py3-none-any.whl"));
        List<String> indexKeys = List.of(ArtifactIndexKeys.latest(CHURN), ArtifactIndexKeys.versionRecord(CHURN, "1.4.0"),
                ArtifactIndexKeys.versionRecord(CHURN, feature.publishedVersion()));

        assertThat(artifactKeys).noneMatch(ArtifactIndexKeys::isIndexKey).doesNotContainAnyElementsOf(indexKeys);
        assertThat(indexKeys).allMatch(ArtifactIndexKeys::isIndexKey);
        // An artifact key has exactly four segments; every index key has more.
        assertThat(artifactKeys).allSatisfy(key -> assertThat(key.split("/")).hasSize(4));
        assertThat(indexKeys).allSatisfy(key -> assertThat(key.split("/").length).isGreaterThan(4));
        // A wheel file name with a '/' (which would reach into a folder) is refused by the naming rules.
        assertThatThrownBy(() -> release.wheelKey("_index/latest.json")).isInstanceOf(InvalidArtifactException.class);
    }

    @Test
    void onlyTheSegmentRightUnderAScriptFolderIsTheIndex() {
        assertThat(ArtifactIndexKeys.isIndexKey("data-eng/_index/latest.json")).isFalse();
        assertThat(ArtifactIndexKeys.isIndexKey("data-eng/churn/churn/x/_index/latest.json")).isFalse();
        assertThat(ArtifactIndexKeys.isIndexKey("data-eng/churn/churn/churn-1.4.0.py")).isFalse();
        assertThat(ArtifactIndexKeys.isIndexKey(null)).isFalse();
    }

    @Test
    void versionsThatCouldEscapeTheFolderAreRefused() {
        for (String version : List.of("../1.4.0", "1.4.0/../../x", "1.4.0-", "1.4.0-Feature", "1.4.0-a/b", "")) {
            assertThatThrownBy(() -> ArtifactIndexKeys.versionRecord(CHURN, version)).as(version)
                    .isInstanceOf(InvalidArtifactException.class)
                    .hasMessageStartingWith("artifact index: ");
        }
        assertThatThrownBy(() -> ArtifactIndexKeys.latest("data-eng/churn"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("artifact index: artifact is 'data-eng/churn'; expected {team}/{project}/{script}");
        assertThatThrownBy(() -> ArtifactIndexKeys.latest("data-eng/../churn")).isInstanceOf(InvalidArtifactException.class);
    }
}
