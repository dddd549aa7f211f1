package dev.controlplane.domain.registry;

/** Where rollbacks of {@code latest} are made and recorded (the registry of the environments). */
public interface LatestRollbacks {

    /**
     * Points {@code latest} back at the rollback's version if it still points at its {@code from} (or this rollback made
     * it point there already), and records the rollback in the environment's history.
     *
     * @param to the version {@code latest} moves back to
     * @return false when {@code latest} moved meanwhile
     */
    boolean rollBack(Rollback rollback, LatestVersion to);

    /** The rollback of this id that {@code latest} of the environment still shows, if it does (a retried request). */
    java.util.Optional<Rollback> made(String artifact, String environment, String id);
}
