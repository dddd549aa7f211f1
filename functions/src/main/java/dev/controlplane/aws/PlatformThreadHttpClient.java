package dev.controlplane.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client that sends a virtual thread's requests from a platform thread, the response read in full there.
 *
 * <p>Why: a virtual thread that blocks on a socket hands it to the JDK's poller, a platform thread then waiting in
 * {@code epoll_wait} for the rest of the process. At exit the JVM waits up to about 0.3 s for threads in native code
 * to stop, and that poller never does: every short command that did socket I/O on a virtual thread took 0.3 s
 * longer to exit (measured on JDK 25). Platform threads doing the I/O leave no poller behind. Only for callers that
 * exit soon after their requests (the {@code replicate} command); a response is held in memory, so use it where
 * responses are small (listings, plans, reports; copies are server-side).
 *
 * <p>Switched on for a process by the system property {@value #PROPERTY}{@code =true} (see {@link #wrapIfAsked}).
 */
public final class PlatformThreadHttpClient implements SdkHttpClient {

    /** The system property that makes {@link #wrapIfAsked} wrap. */
    public static final String PROPERTY = "controlplane.http.platformThreads";

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-platform");
        thread.setDaemon(true);
        return thread;
    });

    private final SdkHttpClient delegate;

    public PlatformThreadHttpClient(SdkHttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The client wrapped when the process asked for it with {@value #PROPERTY}, else the client itself. */
    public static SdkHttpClient wrapIfAsked(SdkHttpClient client) {
        return Boolean.getBoolean(PROPERTY) ? new PlatformThreadHttpClient(client) : client;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest direct = delegate.prepareRequest(request);
        if (!Thread.currentThread().isVirtual()) {
            return direct;
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return onPlatformThread(() -> buffered(direct.call()), direct::abort);
            }

            @Override
            public void abort() {
                direct.abort();
            }
        };
    }

    /** I/O that may throw {@link IOException}. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * {@code call}'s result, computed on one of this class's platform threads when the caller is a virtual thread
     * and the process asked for it ({@value #PROPERTY}), else on the caller's thread. {@code abort} is run if the
     * caller is interrupted while it waits.
     */
    static <T> T onPlatformThreadIfAsked(IoCall<T> call, Runnable abort) throws IOException {
        if (!Thread.currentThread().isVirtual() || !Boolean.getBoolean(PROPERTY)) {
            return call.call();
        }
        return onPlatformThread(call, abort);
    }

    private static <T> T onPlatformThread(IoCall<T> call, Runnable abort) throws IOException {
        Future<T> result = THREADS.submit(call::call);
        try {
            return result.get();
        } catch (InterruptedException e) {
            abort.run();
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }

    private static HttpExecuteResponse buffered(HttpExecuteResponse response) throws IOException {
        Optional<AbortableInputStream> body = response.responseBody();
        if (body.isEmpty()) {
            return response;
        }
        byte[] bytes;
        try (InputStream in = body.get()) {
            bytes = in.readAllBytes();
        }
        return HttpExecuteResponse.builder().response(response.httpResponse())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
