package dev.controlplane.domain.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.AnnouncementRefusedException;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.BuildValidator;
import dev.controlplane.domain.config.ClusterConfig;
import dev.controlplane.domain.config.ClusterPolicyConfig;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.SmokeRunConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionArrivalsTest {

    static final PlatformConfig CHAIN = new PlatformConfig(List.of(
            new EnvironmentConfig("dev", "111111111111", "eu-west-1", null, false),
            new EnvironmentConfig("staging", "222222222222", "eu-west-1", null, false),
            new EnvironmentConfig("prod", "333333333333", "eu-west-1", null, true)), List.of());
    static final String KEY = "data-eng/churn/churn/churn-1.4.0.py";
    static final String SHA = "a".repeat(64);

    static VersionAnnouncement announcement(String account, String from, List<VersionAnnouncement.AnnouncedFile> files, String digest) {
        return new VersionAnnouncement(account, from, "data-eng", "churn", "churn", "1.4.0", "1.4.0", "o", "main", "c0ffee",
                "acme-data/churn", "data-eng/churn/churn", digest, false, files);
    }

    static VersionAnnouncement fromStaging(List<VersionAnnouncement.AnnouncedFile> files) {
        List<Build.PublishedFile> published = files.stream()
                .map(f -> new Build.PublishedFile(f.name(), f.key(), f.sha256(), f.size(), null)).toList();
        return announcement("222222222222", "staging", files, BuildValidator.digest(published));
    }

    static VersionAnnouncement.AnnouncedFile file(String key, String versionId) {
        return new VersionAnnouncement.AnnouncedFile("churn.py", key, SHA, 5, versionId);
    }

    @Test
    void prodPullsFromStagingsBucketPinnedAndIsTheEndOfTheChain() {
        ArrivalPlan plan = new VersionArrivals(CHAIN, "prod").accept(fromStaging(List.of(file(KEY, "v-staging-1"))));

        assertThat(plan.from()).isEqualTo("staging");
        assertThat(plan.environment().name()).isEqualTo("prod");
        assertThat(plan.environment().approvalRequired()).isTrue();
        assertThat(plan.next()).isNull();
        assertThat(plan.files().getFirst().source())
                .isEqualTo(new Build.SourceObject("controlplane-artifacts-staging-222222222222-eu-west-1", KEY, "v-staging-1"));
    }

    @Test
    void stagingAnnouncesToProdsBusFromItsOwnConfig() {
        VersionAnnouncement fromDev = new VersionAnnouncement("111111111111", "dev", "data-eng", "churn", "churn", "1.4.0", "1.4.0",
                "o", "main", "c", "r", "data-eng/churn/churn", fromStaging(List.of(file(KEY, "v1"))).digest(), true,
                List.of(file(KEY, "v1")));
        ArrivalPlan plan = new VersionArrivals(CHAIN, "staging").accept(fromDev);

        assertThat(plan.next().eventBus()).isEqualTo("arn:aws:events:eu-west-1:333333333333:event-bus/controlplane-promotions-prod");
        assertThat(plan.released()).isTrue();
    }

    @Test
    void anEnvironmentAskingForASmokeRunGetsOneWithTheTeamsParametersWhereTheTeamHasAWorkspace() {
        ClusterPolicyConfig policy = new ClusterPolicyConfig("p", "{}");
        TeamWorkspace prodWorkspace = new TeamWorkspace("prod", "https://dbc-3.cloud.databricks.com", "t",
                "arn:aws:iam::333333333333:instance-profile/x");
        PlatformConfig config = new PlatformConfig(List.of(CHAIN.environments().get(0), CHAIN.environments().get(1),
                new EnvironmentConfig("prod", "333333333333", "eu-west-1", null, true, List.of(), true, null, true)),
                List.of(new TeamConfig("data-eng", "cc", List.of(), Optional.of(new ClusterConfig(policy, List.of("raw"), "curated",
                        Map.of("prod", prodWorkspace), Optional.of(new SmokeRunConfig(Map.of("mode", "smoke"), 900)))))));
        ArrivalPlan plan = new VersionArrivals(config, "prod").accept(fromStaging(List.of(file(KEY, "v1"))));
        assertThat(plan.smoke()).isEqualTo(new ArrivalPlan.SmokeRun("data-eng", "churn", "churn", "1.4.0", Map.of("mode", "smoke"), 900, 30));
        assertThat(plan.smokeSkipped()).isNull();

        PlatformConfig noWorkspace = new PlatformConfig(config.environments(), List.of(new TeamConfig("data-eng", "cc", List.of())));
        ArrivalPlan skipped = new VersionArrivals(noWorkspace, "prod").accept(fromStaging(List.of(file(KEY, "v1"))));
        assertThat(skipped.smoke()).isNull();
        assertThat(skipped.smokeSkipped()).startsWith("data-eng has no Databricks workspace in prod");
        assertThat(new VersionArrivals(CHAIN, "prod").accept(fromStaging(List.of(file(KEY, "v1")))).smokeSkipped())
                .as("no smoke run asked").isNull();
    }

    @Test
    void anAnnouncementFromAnyoneButThePreviousEnvironmentIsRefused() {
        VersionArrivals prod = new VersionArrivals(CHAIN, "prod");
        VersionAnnouncement ok = fromStaging(List.of(file(KEY, "v1")));
        assertThatThrownBy(() -> prod.accept(announcement("111111111111", "staging", ok.files(), ok.digest())))
                .isInstanceOf(AnnouncementRefusedException.class)
                .hasMessage("version announcement: account is 111111111111; expected 222222222222, the account of staging, the environment before prod");
        assertThatThrownBy(() -> prod.accept(announcement("222222222222", "dev", ok.files(), ok.digest())))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("from is dev; expected staging");
        assertThatThrownBy(() -> new VersionArrivals(CHAIN, "dev").accept(ok))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("dev is the first environment");
    }

    @Test
    void unpinnedStrayOrAlteredFilesAreRefused() {
        VersionArrivals prod = new VersionArrivals(CHAIN, "prod");
        assertThatThrownBy(() -> prod.accept(fromStaging(List.of(file(KEY, null)))))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("files[0].versionId is missing");
        assertThatThrownBy(() -> prod.accept(fromStaging(List.of(file("data-eng/churn/churn/_index/latest.json", "v1")))))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("files[0].key");
        assertThatThrownBy(() -> prod.accept(fromStaging(List.of(file("other-team/x/x/x-1.py", "v1")))))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("a key under data-eng/churn/churn/");
        VersionAnnouncement ok = fromStaging(List.of(file(KEY, "v1")));
        assertThatThrownBy(() -> prod.accept(announcement("222222222222", "staging", ok.files(), "b".repeat(64))))
                .isInstanceOf(AnnouncementRefusedException.class).hasMessageContaining("digest is " + "b".repeat(64));
    }

    @Test
    void aStackWhoseEnvironmentIsNotInItsConfigSaysSo() {
        assertThatThrownBy(() -> new VersionArrivals(CHAIN, "qa")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qa is not in the packaged config's environments (dev, staging, prod)");
    }
}
