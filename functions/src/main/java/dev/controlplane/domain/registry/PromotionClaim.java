package dev.controlplane.domain.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * The rendezvous of a commit's build and its merge ({@code COMMIT#{repository}#{commit}}), and the execution that
 * claimed its promotion, if one did.
 *
 * @param buildDigest the digest of the commit's first validated build, if it arrived
 */
public record PromotionClaim(String repository, String commit, Optional<String> claimedBy, boolean merged,
        Optional<String> buildDigest) {

    public PromotionClaim {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(buildDigest, "buildDigest");
    }
}
