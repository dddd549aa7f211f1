package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.RetryRefusedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PromotionRetryTest {

    static final String ARTIFACT = "data-eng/churn/churn";
    static final String RETRY = "arn:aws:states:eu-west-1:1:execution:m:retry";
    static final List<PromotionTarget> CHAIN = List.of(new PromotionTarget("dev", "b-dev", false),
            new PromotionTarget("staging", "b-staging", false), new PromotionTarget("prod", "b-prod", true));

    final StaleClaimReleaseTest.MemoryClaims claims = new StaleClaimReleaseTest.MemoryClaims();
    final Map<String, RegisteredBuild> builds = new HashMap<>();
    final Map<String, ExecutionState> states = new HashMap<>();
    final PromotionRetry retry = new PromotionRetry((artifact, version) -> Optional.ofNullable(builds.get(artifact + " " + version)),
            claims, arn -> states.getOrDefault(arn, ExecutionState.GONE), CHAIN);

    void registered(String version, boolean feature, String... environments) {
        builds.put(ARTIFACT + " " + version, new RegisteredBuild("data-eng", "churn", "churn", version, version, "o-" + version,
                feature ? "feature/login" : "main", feature, "c", "r", "d",
                List.of(new Build.PublishedFile("churn.py", "data-eng/churn/churn/churn-" + version + ".py", "ab", 5, null)),
                new TreeSet<>(Set.of(environments))));
    }

    @Test
    void aVersionLeftShortOfProdIsClaimedAndGoesOnFromWhereItIs() {
        registered("1.4.0", false, "dev", "staging");
        claims.put("arn:rejected", "d");
        states.put("arn:rejected", ExecutionState.FAILED);

        PromotionRetry.Plan plan = retry.retry(ARTIFACT, "1.4.0", RETRY, "lead");

        assertThat(plan.alreadyIn()).containsExactly("dev", "staging");
        assertThat(plan.build().environments()).isEqualTo(CHAIN);
        assertThat(plan.build().digest()).isEqualTo("d");
        assertThat(plan.build().files()).extracting(Build.PublishedFile::key).containsExactly("data-eng/churn/churn/churn-1.4.0.py");
        assertThat(claims.claim("r", "c").orElseThrow().claimedBy()).contains(RETRY);
    }

    @Test
    void aVersionInEveryEnvironmentIsRefusedNamingThem() {
        registered("1.4.0", false, "dev", "staging", "prod");

        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0", RETRY, "lead")).isInstanceOf(RetryRefusedException.class)
                .hasMessage("retry of data-eng/churn/churn 1.4.0: version is already in every environment (dev, staging,"
                        + " prod); expected a version whose promotion stopped before the last environment");
    }

    @Test
    void aVersionStillBeingPromotedIsRefusedNamingTheExecution() {
        registered("1.4.0", false, "dev");
        claims.put("arn:waiting", "d");
        states.put("arn:waiting", ExecutionState.RUNNING);

        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0", RETRY, "lead")).isInstanceOf(RetryRefusedException.class)
                .hasMessageContaining("version is still being promoted by arn:waiting (RUNNING)");
        assertThat(claims.claim("r", "c").orElseThrow().claimedBy()).contains("arn:waiting");
    }

    @Test
    void unknownAndFeatureVersionsAreRefused() {
        registered("1.4.0-feature-login", true, "dev");

        assertThatThrownBy(() -> retry.retry(ARTIFACT, "9.9.9", RETRY, "lead")).isInstanceOf(RetryRefusedException.class)
                .hasMessageStartingWith("retry of data-eng/churn/churn 9.9.9: version is not registered");
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0-feature-login", RETRY, "lead"))
                .hasMessageContaining("is a build of the feature branch feature/login");
    }

    @Test
    void anotherBuildOfTheCommitIsRefused() {
        registered("1.4.0", false, "dev");
        claims.put(null, "other");

        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0", RETRY, "lead"))
                .hasMessageContaining("is not the build commit c promotes (its first validated build has the digest other)");
    }
}
