package dev.controlplane.domain.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.InvalidArtifactException;
import org.junit.jupiter.api.Test;

class FeatureBranchArtifactsTest {

    private final FeatureBranchArtifacts featureLogin =
            FeatureBranchArtifacts.of("data-eng", "churn", "churn", "feature/login");

    @Test
    void ownsTheBranchScriptOfAnyVersion() {
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0-feature-login.py")).isTrue();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-2.0.0rc1-feature-login.py")).isTrue();
    }

    @Test
    void ownsTheBranchWheelWhoseVersionCarriesTheSlugAsLocalLabel() {
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0+feature.login-py3-none-any.whl")).isTrue();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn_lib-1.4.0.dev2+feature.login-1-py3-none-any.whl")).isTrue();
    }

    @Test
    void agreesWithTheKeysArtifactNameGivesTheBranch() {
        ArtifactName name = ArtifactName.featureBranchBuild("data-eng", "churn", "churn", "1.4.1", "feature/login");

        assertThat(featureLogin.owns(name.scriptKey())).isTrue();
        assertThat(featureLogin.owns(name.wheelKey("churn-" + name.wheelVersion() + "-py3-none-any.whl"))).isTrue();
    }

    @Test
    void ownsTheBranchVersionRecordsInTheIndexButNotLatestNorOthersRecords() {
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/versions/1.4.0-feature-login.json")).isTrue();
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/versions/2.0.0rc1-feature-login.json")).isTrue();
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/versions/1.4.0.json")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/versions/1.4.0-other-feature-login.json")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/versions/-feature-login.json")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/_index/latest.json")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/score/_index/versions/1.4.0-feature-login.json")).isFalse();
    }

    @Test
    void neverOwnsTheDefaultBranchBuild() {
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0-py3-none-any.whl")).isFalse();
    }

    @Test
    void neverOwnsABranchWhoseSlugEndsOrStartsLikeThisOne() {
        FeatureBranchArtifacts login = FeatureBranchArtifacts.of("data-eng", "churn", "churn", "login");

        assertThat(login.owns("data-eng/churn/churn/churn-1.4.0-feature-login.py")).isFalse();
        assertThat(login.owns("data-eng/churn/churn/churn-1.4.0+feature.login-py3-none-any.whl")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0-login.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0-feature-login-2.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0+feature.login.2-py3-none-any.whl")).isFalse();
    }

    @Test
    void neverOwnsAnotherScriptsFolderOrOtherFiles() {
        assertThat(featureLogin.owns("data-eng/churn/score/score-1.4.0-feature-login.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/nested/churn-1.4.0-feature-login.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/manifest-feature-login.json")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-notaversion-feature-login.py")).isFalse();
        assertThat(featureLogin.owns("data-eng/churn/churn/churn-1.4.0+feature.login.whl")).isFalse();
    }

    @Test
    void aScriptWhoseNameHasHyphensStillParses() {
        FeatureBranchArtifacts scoring = FeatureBranchArtifacts.of("data-eng", "churn", "churn-score", "feature/login");

        assertThat(scoring.owns("data-eng/churn/churn-score/churn-score-1.4.0-feature-login.py")).isTrue();
        assertThat(scoring.owns("data-eng/churn/churn-score/churn-score-1.4.0.py")).isFalse();
    }

    @Test
    void branchRefIsReadAsItsBranchName() {
        assertThat(FeatureBranchArtifacts.of("data-eng", "churn", "churn", "refs/heads/feature/login").branchSlug())
                .isEqualTo("feature-login");
        assertThat(featureLogin.artifact()).isEqualTo("data-eng/churn/churn");
        assertThat(featureLogin.folderPrefix()).isEqualTo("data-eng/churn/churn/");
    }

    @Test
    void branchWithoutLettersOrDigitsIsRefused() {
        assertThatThrownBy(() -> FeatureBranchArtifacts.of("data-eng", "churn", "churn", "///"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("branch");
    }
}
