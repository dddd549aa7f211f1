package dev.controlplane.bench;

import dev.controlplane.handlers.BenchPriming;

/**
 * The phases of one cold start as SnapStart splits them, for the bench mains: construction and SnapStart's priming are
 * init (in the snapshot), the first invocation is what a restored start pays. Priming runs only with
 * {@code BENCH_PRIME=1}, as the function's hook runs before a snapshot. {@link #report()} prints
 * {@code construct_ms=... prime_ms=... invoke_ms=...} on stderr, the line bench/functions.sh's {@code SPLIT} reads.
 */
final class Phases {

    private final long start = System.nanoTime();
    private long constructed;
    private long primed;

    /** Marks the handler built, then runs its registered priming hook when {@code BENCH_PRIME=1}. */
    void built(Object handler) {
        built(() -> BenchPriming.prime(handler));
    }

    /** Marks the handler built, then runs {@code priming} when {@code BENCH_PRIME=1}. */
    void built(Runnable priming) {
        constructed = System.nanoTime();
        if ("1".equals(System.getenv("BENCH_PRIME"))) {
            priming.run();
        }
        primed = System.nanoTime();
    }

    /** Marks the first invocation done and prints the three phases. */
    void report() {
        long invoked = System.nanoTime();
        System.err.printf("construct_ms=%.1f prime_ms=%.1f invoke_ms=%.1f%n", (constructed - start) / 1e6,
                (primed - constructed) / 1e6, (invoked - primed) / 1e6);
    }
}
