package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import dev.controlplane.aws.AwsFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The one shell every handler runs in: Powertools logging around the invocation (each line of it carries the
 * request id, the function, the cold start flag and, once the task input is read, its correlation ids: see
 * {@link TaskLog}), AWS failures named as the workflows match them ({@link AwsFailures}), and the function's
 * SnapStart priming registered here and nowhere else. Metrics go out through {@link EmfMetrics} (Powertools, EMF).
 * Tracing is Lambda's active tracing (template.yaml {@code Tracing: Active}): powertools-tracing resolves here only
 * at 1.18.0 (AspectJ, not to be mixed with 2.x), at none of 2.0.0, 2.5.0, 2.7.0 to 2.11.0.
 */
final class HandlerShell {

    /** The MDC field naming the function, as the template names it: known locally too, without a Lambda context. */
    static final String FUNCTION_FIELD = "function";

    /** A stream handler's body. */
    interface StreamBody {
        void handle(InputStream input, OutputStream output, Context context) throws IOException;
    }

    /** Whether SLF4J logs through Log4j here, as in a Lambda package; a host process's own provider is left alone. */
    private static final boolean POWERTOOLS = InvocationOutput.configureLogging();

    /** Set while SnapStart priming runs: its made-up requests write no log line and no metric (InvocationOutput drops them). */
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);

    private final String function;
    // Kept here because CRaC holds registered resources only weakly.
    private final SnapStartHook priming;

    private HandlerShell(String function, SnapStartHook priming) {
        this.function = function;
        this.priming = priming;
    }

    /** The shell of {@code function}, without SnapStart priming. */
    static HandlerShell of(String function) {
        return new HandlerShell(function, null);
    }

    /** The shell of {@code function}; {@code prime} runs before the SnapStart snapshot when there is one. */
    static HandlerShell primed(String function, Runnable prime) {
        return new HandlerShell(function, SnapStartHook.register(prime));
    }

    /** The SnapStart hook this shell registered, or null. */
    SnapStartHook priming() {
        return priming;
    }

    /** Runs {@code prime} (SnapStart priming) with this thread's log lines and metrics left out. */
    static void priming(Runnable prime) {
        PRIMING.set(true);
        try {
            prime.run();
        } finally {
            PRIMING.remove();
        }
    }

    /** Whether the lines go through Powertools' logging (SLF4J on Log4j, as in a Lambda package). */
    static boolean powertools() {
        return POWERTOOLS;
    }

    /** Whether this thread is priming, when nothing is written. */
    static boolean isPriming() {
        return PRIMING.get();
    }

    /** One invocation of a stream handler inside the shell. */
    void stream(InputStream input, OutputStream output, Context context, StreamBody body) throws IOException {
        try {
            call(context, () -> {
                try {
                    AwsFailures.named(() -> body.handle(input, output, context));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One invocation of a typed handler inside the shell. */
    <T> T call(Context context, Supplier<T> body) {
        InvocationOutput.begin(context);
        try {
            if (context == null || isPriming() || !POWERTOOLS) {
                // Without a context (a test calling the handler): the same lines, less the context's fields. Priming
                // stays out of Powertools, so the first real invocation is the one logged as the cold start. A host
                // process logging through its own SLF4J provider (the CLI) gets the lines through it.
                try {
                    TaskLog.put(FUNCTION_FIELD, function);
                    return body.get();
                } finally {
                    TaskLog.clear();
                }
            }
            return PowertoolsLogging.withLogging(context, () -> {
                try {
                    TaskLog.put(FUNCTION_FIELD, function);
                    return body.get();
                } finally {
                    TaskLog.clear();
                }
            });
        } finally {
            InvocationOutput.end();
        }
    }
}
