package dev.controlplane.domain.promotion;

/** The claim an execution takes on a version's arrival in this environment (the version record's claimedBy). */
public interface ArrivalClaims {

    /** Removes the claim if {@code claimedBy} still holds it; false when another execution holds it now. */
    boolean releaseArrivalClaim(String artifact, String publishedVersion, String claimedBy);
}
