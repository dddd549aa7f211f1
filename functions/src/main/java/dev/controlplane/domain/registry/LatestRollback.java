package dev.controlplane.domain.registry;

import dev.controlplane.domain.RollbackRefusedException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves {@code latest} in one environment back to an earlier version released there, as an explicit act of a person
 * with a reason, recorded with them. The only way {@code latest} moves backward: releases and promotions only move it
 * forward ({@link LatestVersion#moves}).
 */
public final class LatestRollback {

    private final ArtifactRegistry registry;
    private final LatestRollbacks rollbacks;
    private final List<String> environments;

    /** @param environments the environments of the chain, as the config names them */
    public LatestRollback(ArtifactRegistry registry, LatestRollbacks rollbacks, List<String> environments) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.rollbacks = Objects.requireNonNull(rollbacks, "rollbacks");
        this.environments = List.copyOf(environments);
    }

    /**
     * @param id the request's identity (the execution ARN)
     * @throws RollbackRefusedException naming the version or environment when it cannot be done
     */
    public Rollback rollBack(String artifact, String environment, String version, String requestedBy, String reason,
            Instant at, String id) {
        if (!environments.contains(environment)) {
            throw new RollbackRefusedException(artifact, environment, "environment", "is '" + environment + "'",
                    "one of " + String.join(", ", environments));
        }
        RegisteredVersion target = registry.version(artifact, version).orElseThrow(() -> new RollbackRefusedException(
                artifact, environment, "version", "is " + version + ", which is not registered",
                "a version released in " + environment));
        if (!target.released() || !target.environments().contains(environment)) {
            throw new RollbackRefusedException(artifact, environment, "version", "is " + version + ", which is not released"
                    + " in " + environment + (target.environments().contains(environment) ? " (published, never released)"
                    : " (not published there)"), "a version released in " + environment);
        }
        Optional<Rollback> made = rollbacks.made(artifact, environment, id);
        if (made.isPresent()) {
            return made.get(); // this request's own rollback, asked again (a retried invocation)
        }
        Optional<LatestVersion> current = registry.latest(artifact, environment);
        if (current.isEmpty()) {
            throw new RollbackRefusedException(artifact, environment, "version", "is " + version + ", but " + environment
                    + " has no latest yet", "an environment where a release has moved latest");
        }
        LatestVersion latest = current.get();
        LatestVersion candidate = new LatestVersion(version, target.versionOrder());
        int order = candidate.versionOrder().compareTo(latest.versionOrder());
        if (order == 0) {
            throw new RollbackRefusedException(artifact, environment, "version", "is " + version + ", which is latest in "
                    + environment + " already", "a version older than latest " + latest.version());
        }
        if (order > 0) {
            throw new RollbackRefusedException(artifact, environment, "version", "is " + version + ", newer than latest "
                    + latest.version() + " in " + environment, "an older version: a release moves latest forward");
        }
        Rollback rollback = new Rollback(artifact, environment, latest.version(), version, requestedBy, reason, at, id);
        if (!rollbacks.rollBack(rollback, candidate)) {
            throw new RollbackRefusedException(artifact, environment, "version", "is " + version + ", but latest in "
                    + environment + " moved from " + latest.version() + " meanwhile", "latest as it is now: look again");
        }
        return rollback;
    }
}
