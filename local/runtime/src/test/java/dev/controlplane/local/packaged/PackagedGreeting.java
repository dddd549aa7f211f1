package dev.controlplane.local.packaged;

/** A class the packaged handler needs, left out of one of FunctionPackagesTest's packages. */
public final class PackagedGreeting {
    private PackagedGreeting() {
    }

    static String text() {
        return "hello from the package";
    }
}
