package dev.controlplane.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.build.Build;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StaleClaimReleaseTest {

    static final String HOLDER = "arn:aws:states:eu-west-1:1:execution:m:holder";
    static final String ASKER = "arn:aws:states:eu-west-1:1:execution:m:asker";

    /** Claims in memory: what the adapter's conditional writes do, without DynamoDB. */
    static final class MemoryClaims implements PromotionClaims {
        final Map<String, PromotionClaim> claims = new HashMap<>();
        final List<String> droppedApprovalsOf = new ArrayList<>();

        void put(String claimedBy, String digest) {
            claims.put("r c", new PromotionClaim("r", "c", Optional.ofNullable(claimedBy), true, Optional.ofNullable(digest)));
        }

        @Override
        public Optional<PromotionClaim> claim(String repository, String commit) {
            return Optional.ofNullable(claims.get(repository + " " + commit));
        }

        @Override
        public boolean release(String repository, String commit, String claimedBy, ExecutionState state) {
            PromotionClaim claim = claims.get(repository + " " + commit);
            if (claim == null || !claim.claimedBy().equals(Optional.of(claimedBy))) return false;
            claims.put(repository + " " + commit, new PromotionClaim(repository, commit, Optional.empty(), claim.merged(), claim.buildDigest()));
            return true;
        }

        @Override
        public boolean claimForRetry(String repository, String commit, String execution, String digest, Build build, String by) {
            PromotionClaim claim = claims.get(repository + " " + commit);
            if (claim != null && claim.claimedBy().filter(held -> !held.equals(execution)).isPresent()) return false;
            if (claim != null && claim.buildDigest().filter(d -> !d.equals(digest)).isPresent()) return false;
            claims.put(repository + " " + commit, new PromotionClaim(repository, commit, Optional.of(execution), true, Optional.of(digest)));
            return true;
        }

        @Override
        public int dropApprovals(String execution) {
            droppedApprovalsOf.add(execution);
            return 1;
        }
    }

    final MemoryClaims claims = new MemoryClaims();

    StaleClaimRelease release(ExecutionState state) {
        return new StaleClaimRelease(claims, arn -> arn.equals(HOLDER) ? state : ExecutionState.RUNNING);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionState.class, names = {"FAILED", "TIMED_OUT", "ABORTED", "GONE"})
    void theClaimOfAnExecutionThatCanNoLongerPromoteIsReleasedWithItsApprovals(ExecutionState state) {
        claims.put(HOLDER, "d");

        StaleClaimRelease.Outcome outcome = release(state).release("r", "c", HOLDER, ASKER, false);

        assertThat(outcome.released()).isTrue();
        assertThat(outcome.state()).isEqualTo(state);
        assertThat(claims.claim("r", "c").orElseThrow().claimedBy()).isEmpty();
        assertThat(claims.droppedApprovalsOf).containsExactly(HOLDER);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionState.class, names = {"RUNNING", "PENDING_REDRIVE", "SUCCEEDED"})
    void theClaimOfARunningOrSucceededExecutionStays(ExecutionState state) {
        claims.put(HOLDER, "d");

        StaleClaimRelease.Outcome outcome = release(state).release("r", "c", HOLDER, ASKER, false);

        assertThat(outcome.released()).isFalse();
        assertThat(claims.claim("r", "c").orElseThrow().claimedBy()).contains(HOLDER);
        assertThat(claims.droppedApprovalsOf).isEmpty();
    }

    @Test
    void aRetryMayTakeTheClaimOfASucceededExecution() {
        claims.put(HOLDER, "d");

        assertThat(release(ExecutionState.SUCCEEDED).release("r", "c", HOLDER, ASKER, true).released()).isTrue();
    }

    @Test
    void anExecutionsOwnClaimIsNeverStale() {
        claims.put(ASKER, "d");

        assertThat(release(ExecutionState.FAILED).release("r", "c", ASKER, ASKER, false).released()).isTrue();
        assertThat(claims.claim("r", "c").orElseThrow().claimedBy()).contains(ASKER);
    }
}
