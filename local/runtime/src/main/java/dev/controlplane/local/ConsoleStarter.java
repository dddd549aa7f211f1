package dev.controlplane.local;

import java.net.URI;

/**
 * The hook through which {@code controlplane up} starts the browser console (module local/console,
 * {@code dev.controlplane.console.ConsoleServer}) against a running {@link LocalRuntime}: what it needs is there
 * ({@link LocalRuntime#endpoints()}, {@link LocalRuntime#template()}, {@link LocalRuntime#platformConfig()}).
 */
@FunctionalInterface
public interface ConsoleStarter {
    /** A started console: where it listens, and how to stop it. */
    record Console(URI url, AutoCloseable server) {}

    /** @param port the loopback port to listen on (0 for a free one) */
    Console start(LocalRuntime runtime, int port) throws Exception;
}
