package dev.controlplane.domain.promotion;

import dev.controlplane.domain.RetryRefusedException;
import dev.controlplane.domain.registry.ExecutionState;
import dev.controlplane.domain.registry.ExecutionStates;
import dev.controlplane.domain.registry.RegisteredBuild;
import dev.controlplane.domain.registry.RegisteredBuilds;
import java.util.Objects;

/**
 * Takes in again a version whose arrival in this environment stopped short (its approval rejected or timed out, the
 * execution failed or was lost), without anything from the environment before it: the registry of this environment
 * holds the version as announced, with the object versions to pull. The stopped execution's claim goes; a running
 * one keeps it (refused).
 */
public final class ArrivalRetry {

    private final RegisteredBuilds builds;
    private final ArrivalClaims claims;
    private final ExecutionStates executions;
    private final VersionArrivals arrivals;

    public ArrivalRetry(RegisteredBuilds builds, ArrivalClaims claims, ExecutionStates executions, VersionArrivals arrivals) {
        this.builds = Objects.requireNonNull(builds, "builds");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    }

    /** @throws RetryRefusedException when there is nothing to take in again, or an execution is taking it in now */
    public ArrivalPlan retry(String artifact, String version) {
        String here = arrivals.environment();
        RegisteredBuild registered = builds.build(artifact, version).orElseThrow(() -> new RetryRefusedException(artifact,
                version, "is not registered in " + here, "a version announced to " + here + " (the registry's VERSION# items)"));
        if (registered.environments().contains(here)) {
            throw new RetryRefusedException(artifact, version, "is already in " + here,
                    "a version whose promotion into " + here + " stopped short");
        }
        ArrivalPlan plan = arrivals.again(registered);
        String claimedBy = registered.arrival().claimedBy();
        if (claimedBy != null) {
            ExecutionState state = executions.of(claimedBy);
            if (state.live() || !claims.releaseArrivalClaim(artifact, version, claimedBy)) {
                throw new RetryRefusedException(artifact, version, "is still being promoted into " + here + " by "
                        + claimedBy + " (" + state + ")", "no promotion of it running here: wait for that execution to"
                        + " end, or stop it, then retry");
            }
        }
        return plan;
    }
}
