package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArtifactNamingTest {

    @Test
    void defaultBranchBuildIsPublishedUnderTeamProjectScriptAndVersion() {
        ArtifactName name = ArtifactName.defaultBranchBuild("data-eng", "churn", "score_customers", "1.4.0");

        assertThat(name.scriptKey()).isEqualTo("data-eng/churn/score_customers/score_customers-1.4.0.py");
        assertThat(name.isFeatureBranchBuild()).isFalse();
    }

    @Test
    void featureBranchBuildGetsBranchSuffix() {
        ArtifactName name = ArtifactName.featureBranchBuild("data-eng", "churn", "score", "1.4.0", "feature/Login-Form");

        assertThat(name.scriptKey()).isEqualTo("data-eng/churn/score/score-1.4.0-feature-login-form.py");
        assertThat(name.isFeatureBranchBuild()).isTrue();
        assertThat(name.branchSlug()).contains("feature-login-form");
    }

    @Test
    void branchSlugIsLowerCaseWithRunsOfOtherCharactersCollapsedAndTrimmed() {
        assertThat(ArtifactNaming.branchSlug("test", "__JIRA-123//Fix  the.Bug!!")).isEqualTo("jira-123-fix-the-bug");
    }

    @Test
    void branchSlugTurnsNonAsciiLettersIntoSeparators() {
        assertThat(ArtifactNaming.branchSlug("test", "café-İstanbul")).isEqualTo("caf-stanbul");
    }

    @Test
    void branchSlugIgnoresTheRefsHeadsPrefixWebhooksSend() {
        assertThat(ArtifactNaming.branchSlug("test", "refs/heads/feature/x")).isEqualTo("feature-x");
    }

    @Test
    void longBranchNamesAreBoundedAndStayDistinct() {
        String common = "feature/a-very-long-branch-name-that-goes-on-and-on-";
        String first = ArtifactNaming.branchSlug("test", common + "first");
        String second = ArtifactNaming.branchSlug("test", common + "second");

        assertThat(first).hasSizeLessThanOrEqualTo(ArtifactNaming.MAX_BRANCH_SLUG_LENGTH)
                .startsWith("feature-a-very-long-branch-name")
                .matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(second).hasSizeLessThanOrEqualTo(ArtifactNaming.MAX_BRANCH_SLUG_LENGTH);
        assertThat(first).isNotEqualTo(second);
        assertThat(ArtifactNaming.branchSlug("test", common + "first")).isEqualTo(first);
    }

    @Test
    void branchOfOnlySeparatorsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ArtifactNaming.branchSlug("test", "///"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("branch")
                .hasMessageContaining("'///'")
                .hasMessageContaining("at least one ASCII letter or digit");
    }

    @Test
    void teamWithUpperCaseIsRefusedNamingTheFieldAndTheRule() {
        assertThatThrownBy(() -> ArtifactName.defaultBranchBuild("DataEng", "churn", "score", "1.0.0"))
                .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("team"))
                .hasMessageContaining("team is 'DataEng'")
                .hasMessageContaining("lower-case letters, digits, '-' or '_'");
    }

    @Test
    void projectWithSlashIsRefusedBecauseItWouldAddAFolder() {
        assertThatThrownBy(() -> ArtifactName.defaultBranchBuild("data-eng", "churn/x", "score", "1.0.0"))
                .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("project"));
    }

    @Test
    void scriptEndingInHyphenIsRefused() {
        assertThatThrownBy(() -> ArtifactName.defaultBranchBuild("data-eng", "churn", "score-", "1.0.0"))
                .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("script"));
    }

    @Test
    void nameLongerThanTheLimitIsRefused() {
        String tooLong = "a".repeat(ArtifactNaming.MAX_NAME_LENGTH + 1);

        assertThat(ArtifactNaming.requireTeam("test", "a".repeat(ArtifactNaming.MAX_NAME_LENGTH))).hasSize(64);
        assertThatThrownBy(() -> ArtifactNaming.requireTeam("test", tooLong)).isInstanceOf(InvalidArtifactException.class);
    }

    @Test
    void semverLikeVersionsWithPep440SuffixesAreAccepted() {
        for (String version : new String[] {"0.0.1", "1.4.0", "10.20.30", "2.0.0rc1", "2.0.0a3", "2.0.0b1", "1.4.1.dev3",
                "2.0.0rc1.dev2"}) {
            assertThat(ArtifactNaming.requireVersion("test", version)).isEqualTo(version);
        }
    }

    @Test
    void versionMustBeSemverLike() {
        for (String version : new String[] {"1.4", "1.4.0.0", "01.4.0", "1.4.x", "latest", "1.4.0 "}) {
            assertThatThrownBy(() -> ArtifactNaming.requireVersion("test", version))
                    .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("version"))
                    .hasMessageContaining("semver-like version MAJOR.MINOR.PATCH");
        }
    }

    @Test
    void versionWithHyphenIsRefusedBecauseTheHyphenStartsTheBranchSuffix() {
        // Otherwise release 1.4.0-rc and a build of 1.4.0 on branch "rc" would share a key.
        assertThatThrownBy(() -> ArtifactNaming.requireVersion("test", "1.4.0-rc.1"))
                .hasMessageContaining("hyphen would read as a branch suffix");
    }

    @Test
    void versionFromAGitTagWithLeadingVIsRefusedWithAHint() {
        assertThatThrownBy(() -> ArtifactNaming.requireVersion("test", "v1.4.0"))
                .hasMessageContaining("drop the leading 'v'");
    }

    @Test
    void missingVersionIsReportedAsMissing() {
        assertThatThrownBy(() -> ArtifactName.defaultBranchBuild("data-eng", "churn", "score", null))
                .hasMessageStartingWith("artifact name: version is missing; expected a semver-like version");
    }

    @Test
    void wheelOfADefaultBranchBuildLivesBesideTheScript() {
        ArtifactName name = ArtifactName.defaultBranchBuild("data-eng", "churn", "score", "1.4.0");

        assertThat(name.wheelKey("churn_lib-1.4.0-py3-none-any.whl"))
                .isEqualTo("data-eng/churn/score/churn_lib-1.4.0-py3-none-any.whl");
    }

    @Test
    void wheelOfAFeatureBranchBuildMustCarryTheBranchAsLocalVersion() {
        ArtifactName name = ArtifactName.featureBranchBuild("data-eng", "churn", "score", "1.4.0", "feature/login");

        assertThat(name.wheelVersion()).isEqualTo("1.4.0+feature.login");
        assertThat(name.wheelKey("churn_lib-1.4.0+feature.login-py3-none-any.whl"))
                .isEqualTo("data-eng/churn/score/churn_lib-1.4.0+feature.login-py3-none-any.whl");
        assertThatThrownBy(() -> name.wheelKey("churn_lib-1.4.0-py3-none-any.whl"))
                .isInstanceOfSatisfying(InvalidArtifactException.class,
                        e -> assertThat(e.field()).isEqualTo("version in file name"))
                .hasMessageContaining("'1.4.0+feature.login'");
    }

    @Test
    void wheelWithAnotherVersionIsRefused() {
        ArtifactName name = ArtifactName.defaultBranchBuild("data-eng", "churn", "score", "1.4.0");

        assertThatThrownBy(() -> name.wheelKey("churn_lib-1.3.9-py3-none-any.whl"))
                .hasMessageContaining("is '1.3.9'");
    }

    @Test
    void wheelFileNameThatIsNotAWheelIsRefused() {
        ArtifactName name = ArtifactName.defaultBranchBuild("data-eng", "churn", "score", "1.4.0");

        for (String bad : new String[] {"churn_lib-1.4.0.tar.gz", "churn_lib-1.4.0.whl", "../churn_lib-1.4.0-py3-none-any.whl",
                "churn_lib-1.4.0--none-any.whl"}) {
            assertThatThrownBy(() -> name.wheelKey(bad)).isInstanceOf(InvalidArtifactException.class);
        }
    }

    @Test
    void branchSlugGivenDirectlyMustAlreadyBeASlug() {
        assertThatThrownBy(() -> new ArtifactName("data-eng", "churn", "score", "1.4.0", java.util.Optional.of("Feature/X")))
                .isInstanceOfSatisfying(InvalidArtifactException.class, e -> assertThat(e.field()).isEqualTo("branchSlug"));
    }
}
