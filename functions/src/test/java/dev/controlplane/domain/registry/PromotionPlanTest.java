package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionPlanTest {

    static final List<PromotionTarget> CHAIN = List.of(new PromotionTarget("dev", "b-dev", false),
            new PromotionTarget("staging", "b-staging", false), new PromotionTarget("prod", "b-prod", true));
    static final List<Build.PublishedFile> FILES = List.of(
            new Build.PublishedFile("churn.py", "data-eng/churn/churn/churn-1.4.0.py", "ab", 5, null));

    static Build build(boolean feature, List<PromotionTarget> environments) {
        return new Build("data-eng", "churn", "churn", "1.4.0", feature ? "1.4.0-feature-x" : "1.4.0", "o", feature ? "feature/x" : "main",
                feature ? "feature-x" : null, feature, "c", "r", "data-eng/churn/churn", "d", FILES, environments);
    }

    @Test
    void aDefaultBranchBuildIsPublishedHereAndPulledAlongTheChainWaitingForProdsApproval() {
        PromotionPlan plan = PromotionPlan.of(build(false, CHAIN), List.of());

        assertThat(plan.copies()).containsExactly(
                new PromotionPlan.Copy("dev", "b-dev", "the inbox", List.of("data-eng/churn/churn/churn-1.4.0.py"), "this stack"),
                new PromotionPlan.Copy("staging", "b-staging", "b-dev", List.of("data-eng/churn/churn/churn-1.4.0.py"),
                        "staging's own stack, pulling the version once it is announced there"),
                new PromotionPlan.Copy("prod", "b-prod", "b-staging", List.of("data-eng/churn/churn/churn-1.4.0.py"),
                        "prod's own stack, pulling the version once it is announced there"));
        assertThat(plan.approvals()).containsExactly("prod");
        assertThat(plan.latest()).startsWith("moves to 1.4.0 in each environment it reaches once 1.4.0 is released");
    }

    @Test
    void aRetrySkipsWhereTheVersionIsAndAFeatureBuildStaysInTheFirstEnvironment() {
        PromotionPlan retry = PromotionPlan.of(build(false, CHAIN), List.of("dev", "staging"));
        assertThat(retry.copies()).extracting(PromotionPlan.Copy::environment, PromotionPlan.Copy::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", "b-staging"));
        assertThat(retry.skipped()).containsExactly("dev", "staging");

        PromotionPlan feature = PromotionPlan.of(build(true, CHAIN.subList(0, 1)), List.of());
        assertThat(feature.copies()).extracting(PromotionPlan.Copy::environment).containsExactly("dev");
        assertThat(feature.approvals()).isEmpty();
        assertThat(feature.latest()).isEqualTo("does not move: a feature-branch build is published to dev only");
    }
}
