package dev.controlplane.handlers;

import java.lang.reflect.InvocationTargetException;

/** For the cold-start benches: runs a function's SnapStart priming as the hook runs it before a snapshot. */
public final class BenchPriming {

    private BenchPriming() {
    }

    public static void primeLaunch() {
        LaunchPriming.prime(dev.controlplane.domain.config.PlatformConfig.fromEnvironment(System.getenv()),
                StackEnvironment.name(System.getenv()));
    }

    /**
     * Runs the hook {@code handler} registered (its package-private {@code priming()}, as the primed handlers have),
     * found by name so that no other handler's class is loaded.
     */
    public static void prime(Object handler) {
        try {
            SnapStartHook hook = (SnapStartHook) handler.getClass().getDeclaredMethod("priming").invoke(handler);
            hook.beforeCheckpoint(null);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(handler.getClass().getName() + " registers no SnapStart priming", e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("the priming hook of " + handler.getClass().getName(), e);
        }
    }
}
