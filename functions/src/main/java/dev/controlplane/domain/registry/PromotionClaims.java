package dev.controlplane.domain.registry;

import dev.controlplane.domain.build.Build;
import java.util.Optional;

/** The claims on commits' promotions in the registry; every write is conditional, so two claimers never both win. */
public interface PromotionClaims {

    Optional<PromotionClaim> claim(String repository, String commit);

    /**
     * Releases the claim if {@code claimedBy} still holds it, noting why.
     *
     * @return false when another execution holds it now, or nobody does
     */
    boolean release(String repository, String commit, String claimedBy, ExecutionState claimantState);

    /**
     * Claims the commit's promotion for a retry: only when no execution holds it (or this one already does) and the
     * commit's build, if recorded, has the digest of the retried version.
     *
     * @param build the build as the workflow promotes it, recorded when the commit has none
     * @return false when another execution holds the claim, or the commit's build is another one
     */
    boolean claimForRetry(String repository, String commit, String execution, String digest, Build build,
            String requestedBy);

    /** Removes the approvals the execution waits for (its task tokens can no longer resume anything). */
    int dropApprovals(String execution);
}
