package dev.controlplane.handlers;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The SnapStart hook of a function: just before Lambda snapshots an initialised function it runs the function's
 * priming (one made-up request through its own code, calling nothing outside the process), so a restored snapshot
 * starts with that path's classes loaded. Registered through {@code org.crac} only when Lambda says the environment
 * is being initialised for a SnapStart snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): on an
 * on-demand cold start, looking up the CRaC implementation would cost time for a hook that never runs.
 */
final class SnapStartHook implements Resource {

    /** Lambda's variable naming how this execution environment is initialised; {@value #SNAP_START} for SnapStart. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String SNAP_START = "snap-start";

    private final Runnable prime;
    private final boolean registered;

    private SnapStartHook(Runnable prime, boolean registered) {
        this.prime = prime;
        this.registered = registered;
    }

    /**
     * The hook for {@code prime}, registered to run before the checkpoint when this environment is initialised
     * for SnapStart; the caller must keep the result, since CRaC holds registered resources weakly.
     */
    static SnapStartHook register(Runnable prime) {
        return register(prime, System.getenv(INITIALIZATION_TYPE));
    }

    static SnapStartHook register(Runnable prime, String initializationType) {
        boolean snapStart = SNAP_START.equals(initializationType);
        SnapStartHook hook = new SnapStartHook(prime, snapStart);
        if (snapStart) {
            Core.getGlobalContext().register(hook);
        }
        return hook;
    }

    /** Whether the hook was handed to CRaC (SnapStart) rather than left unregistered (on-demand, tests). */
    boolean registered() {
        return registered;
    }

    // A priming failure propagates: the version fails to publish, which shows a broken hot path before traffic does.
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        HandlerShell.priming(prime);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: SDK clients open connections on use and the webhook secret is read on first delivery.
    }
}
