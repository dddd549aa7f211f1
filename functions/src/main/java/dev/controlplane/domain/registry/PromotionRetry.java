package dev.controlplane.domain.registry;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.RetryRefusedException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Promotes a registered version again, without a new commit: after a promotion that stopped short (failed, was
 * rejected, timed out waiting for approval, or was lost), the version's validated build goes on along the chain
 * from where it is. The retry claims the commit's promotion like any promotion, so it never runs beside another.
 */
public final class PromotionRetry {

    /**
     * @param build     the build as the workflow promotes it (its environments: the whole chain)
     * @param alreadyIn the environments that have the version already, which the promotion skips
     * @param copies    each file's key to its object version in the first environment (what is announced)
     */
    public record Plan(Build build, List<String> alreadyIn, Map<String, String> copies) {

        public Plan {
            alreadyIn = List.copyOf(alreadyIn);
            copies = Map.copyOf(copies);
        }
    }

    private final RegisteredBuilds builds;
    private final PromotionClaims claims;
    private final StaleClaimRelease stale;
    private final List<PromotionTarget> chain;

    /** @param chain the environments in promotion order, as the config says */
    public PromotionRetry(RegisteredBuilds builds, PromotionClaims claims, ExecutionStates executions,
            List<PromotionTarget> chain) {
        this.builds = Objects.requireNonNull(builds, "builds");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.stale = new StaleClaimRelease(claims, executions);
        this.chain = List.copyOf(chain);
    }

    /**
     * @param execution the retrying execution's ARN, which claims the promotion
     * @throws RetryRefusedException when there is nothing to retry, or another execution is promoting the version
     */
    public Plan retry(String artifact, String version, String execution, String requestedBy) {
        RegisteredBuild registered = builds.build(artifact, version).orElseThrow(() -> new RetryRefusedException(
                artifact, version, "is not registered",
                "a version published from the default branch (the registry's VERSION# items, the console's Artifacts page)"));
        if (registered.feature()) {
            throw new RetryRefusedException(artifact, version, "is a build of the feature branch " + registered.branch(),
                    "a default-branch version: feature builds are published to the first environment only");
        }
        List<String> names = chain.stream().map(PromotionTarget::name).toList();
        if (registered.environments().containsAll(names)) {
            throw new RetryRefusedException(artifact, version, "is already in every environment (" + String.join(", ",
                    names) + ")", "a version whose promotion stopped before the last environment");
        }
        Optional<PromotionClaim> claim = claims.claim(registered.repository(), registered.commit());
        if (claim.isPresent()) {
            PromotionClaim held = claim.get();
            if (held.buildDigest().isPresent() && !held.buildDigest().get().equals(registered.digest())) {
                throw new RetryRefusedException(artifact, version, "is not the build commit " + registered.commit()
                        + " promotes (its first validated build has the digest " + held.buildDigest().get() + ")",
                        "the version of the commit's first validated build");
            }
            if (held.claimedBy().isPresent()) {
                StaleClaimRelease.Outcome outcome = stale.release(registered.repository(), registered.commit(),
                        held.claimedBy().get(), execution, true);
                if (!outcome.released()) {
                    throw stillPromoting(artifact, version, held.claimedBy().get() + " (" + outcome.state() + ")");
                }
            }
        }
        Build build = new Build(registered.team(), registered.project(), registered.script(), registered.version(),
                registered.publishedVersion(), registered.versionOrder(), registered.branch(), null, false,
                registered.commit(), registered.repository(), registered.artifact(), registered.digest(),
                registered.files(), chain);
        if (!claims.claimForRetry(registered.repository(), registered.commit(), execution, registered.digest(), build,
                requestedBy)) {
            throw stillPromoting(artifact, version, "another execution that claimed it just now");
        }
        return new Plan(build, names.stream().filter(registered.environments()::contains).toList(), registered.copies());
    }

    private static RetryRefusedException stillPromoting(String artifact, String version, String by) {
        return new RetryRefusedException(artifact, version, "is still being promoted by " + by,
                "no promotion of it running: wait for that execution to end, or stop it, then retry");
    }
}
