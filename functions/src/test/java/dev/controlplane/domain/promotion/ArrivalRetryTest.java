package dev.controlplane.domain.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.RetryRefusedException;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.registry.ExecutionState;
import dev.controlplane.domain.registry.RegisteredBuild;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ArrivalRetryTest {

    static final String ARTIFACT = "data-eng/churn/churn";
    static final String KEY = "data-eng/churn/churn/churn-1.4.0.py";

    final Map<String, RegisteredBuild> builds = new HashMap<>();
    final Map<String, ExecutionState> states = new HashMap<>();
    final List<String> released = new ArrayList<>();
    String holder;
    final ArrivalRetry retry = new ArrivalRetry((artifact, version) -> Optional.ofNullable(builds.get(version)),
            (artifact, version, claimedBy) -> {
                if (!claimedBy.equals(holder)) return false;
                released.add(claimedBy);
                holder = null;
                return true;
            },
            arn -> states.getOrDefault(arn, ExecutionState.GONE), new VersionArrivals(VersionArrivalsTest.CHAIN, "prod"));

    void arrived(String from, Map<String, String> sources, String claimedBy, String... environments) {
        holder = claimedBy;
        builds.put("1.4.0", new RegisteredBuild("data-eng", "churn", "churn", "1.4.0", "1.4.0", "o", "main", false, "c", "r", "d",
                List.of(new Build.PublishedFile("churn.py", KEY, "a".repeat(64), 5, null)), new TreeSet<>(Set.of(environments)),
                Map.of(), new RegisteredBuild.Arrival(from, sources, false, claimedBy)));
    }

    @Test
    void aRejectedArrivalLosesItsClaimAndIsPulledAgainFromTheObjectVersionFirstAnnounced() {
        arrived("staging", Map.of(KEY, "v-staging-1"), "arn:rejected");
        states.put("arn:rejected", ExecutionState.FAILED);

        ArrivalPlan plan = retry.retry(ARTIFACT, "1.4.0");

        assertThat(released).containsExactly("arn:rejected");
        assertThat(plan.files().getFirst().source())
                .isEqualTo(new Build.SourceObject("controlplane-artifacts-staging-222222222222-eu-west-1", KEY, "v-staging-1"));
        assertThat(plan.environment().name()).isEqualTo("prod");
    }

    @Test
    void aRunningArrivalKeepsItsClaim() {
        arrived("staging", Map.of(KEY, "v1"), "arn:waiting");
        states.put("arn:waiting", ExecutionState.RUNNING);
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0")).isInstanceOf(RetryRefusedException.class)
                .hasMessageContaining("is still being promoted into prod by arn:waiting (RUNNING)");
        assertThat(released).isEmpty();
    }

    @Test
    void nothingToRetryIsRefusedNamingWhy() {
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0")).isInstanceOf(RetryRefusedException.class)
                .hasMessageContaining("is not registered in prod");
        arrived("staging", Map.of(KEY, "v1"), null, "prod");
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0")).hasMessageContaining("is already in prod");
        arrived("staging", Map.of(), null);
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0")).hasMessageContaining("has no pinned source for " + KEY);
        arrived("dev", Map.of(KEY, "v1"), null);
        assertThatThrownBy(() -> retry.retry(ARTIFACT, "1.4.0")).hasMessageContaining("(it came from dev)");
    }
}
