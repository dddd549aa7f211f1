package dev.controlplane.domain.registry;

import java.util.Objects;

/**
 * A claim on a commit's promotion is released once the execution holding it can no longer promote: it failed, was
 * aborted or timed out (rejections and approval timeouts fail it), or it is gone. A claim held by a running
 * execution stays, and so does one whose execution succeeded (it promoted), unless a retry asks to go again.
 */
public final class StaleClaimRelease {

    /**
     * @param released true when the claim seen is no longer held, so the caller may claim it
     * @param state    how the execution holding it stands
     */
    public record Outcome(boolean released, String claimedBy, ExecutionState state) {
    }

    private final PromotionClaims claims;
    private final ExecutionStates executions;

    public StaleClaimRelease(PromotionClaims claims, ExecutionStates executions) {
        this.claims = Objects.requireNonNull(claims, "claims");
        this.executions = Objects.requireNonNull(executions, "executions");
    }

    /**
     * @param claimedBy   the execution the caller found holding the claim
     * @param caller      the execution asking (a claim it holds itself is never stale)
     * @param afterSuccess whether a succeeded claimant's claim is released too (a retry of a version the chain grew past)
     */
    public Outcome release(String repository, String commit, String claimedBy, String caller, boolean afterSuccess) {
        if (claimedBy.equals(caller)) {
            return new Outcome(true, claimedBy, ExecutionState.RUNNING);
        }
        ExecutionState state = executions.of(claimedBy);
        boolean stale = !state.live() && (state != ExecutionState.SUCCEEDED || afterSuccess);
        if (!stale) {
            return new Outcome(false, claimedBy, state);
        }
        // Lost the race to another releaser: the claim we saw is gone all the same, so claiming may go on.
        claims.release(repository, commit, claimedBy, state);
        claims.dropApprovals(claimedBy);
        return new Outcome(true, claimedBy, state);
    }
}
