package dev.controlplane.handlers;

/** For bench/submit-coldstart.sh: runs the launch functions' SnapStart priming as the hook runs it before a snapshot. */
public final class BenchPriming {

    private BenchPriming() {
    }

    public static void primeLaunch() {
        LaunchPriming.prime(dev.controlplane.domain.config.PlatformConfig.fromEnvironment(System.getenv()),
                StackEnvironment.name(System.getenv()));
    }
}
