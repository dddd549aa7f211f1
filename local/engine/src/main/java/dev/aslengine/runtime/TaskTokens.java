package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Task tokens handed out by .waitForTaskToken tasks, completed by SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
public final class TaskTokens {
    /** Thrown to API callers for a token that is unknown or already completed (AWS: TaskDoesNotExist / InvalidToken). */
    public static final class UnknownTokenException extends RuntimeException {
        public UnknownTokenException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Pending {
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();
        volatile long lastHeartbeatNanos = System.nanoTime();
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    public String issue() {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pending.put(token, new Pending());
        return token;
    }

    public void succeed(String token, JsonNode output) {
        // stays pending until awaited: a worker may answer before the task has started waiting
        if (!find(token).result.complete(output)) throw alreadyCompleted();
    }

    public void fail(String token, String error, String cause) {
        if (!find(token).result.completeExceptionally(new StatesError(error == null ? "" : error, cause))) throw alreadyCompleted();
    }

    private static UnknownTokenException alreadyCompleted() {
        return new UnknownTokenException("Task token is invalid, unknown or already completed: it matches no waiting task");
    }

    public void heartbeat(String token) {
        find(token).lastHeartbeatNanos = System.nanoTime();
    }

    public void forget(String token) {
        pending.remove(token);
    }

    private Pending find(String token) {
        Pending p = token == null ? null : pending.get(token);
        if (p == null) throw new UnknownTokenException("Task token is invalid, unknown or already completed: it matches no waiting task");
        return p;
    }

    /**
     * Waits for the token's outcome. {@code heartbeatSeconds} (0 for none) fails with States.HeartbeatTimeout when no
     * heartbeat arrives in time; {@code deadlineNanos} (0 for none) fails with States.Timeout.
     */
    JsonNode await(String token, long heartbeatSeconds, long deadlineNanos) throws InterruptedException {
        Pending p = pending.get(token);
        if (p == null) throw new StatesError(StatesError.RUNTIME, "task token vanished before it was awaited");
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = Long.MAX_VALUE;
                if (heartbeatSeconds > 0) {
                    long hbDeadline = p.lastHeartbeatNanos + TimeUnit.SECONDS.toNanos(heartbeatSeconds);
                    if (now >= hbDeadline) throw new StatesError(StatesError.HEARTBEAT_TIMEOUT, null);
                    wait = hbDeadline - now;
                }
                if (deadlineNanos != 0) {
                    if (now >= deadlineNanos) throw new StatesError(StatesError.TIMEOUT, null);
                    wait = Math.min(wait, deadlineNanos - now);
                }
                try {
                    return wait == Long.MAX_VALUE ? p.result.get() : p.result.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // loop: re-check heartbeat (it may have been refreshed) and the deadline
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StatesError se) throw se;
                    throw new StatesError(StatesError.TASK_FAILED, String.valueOf(e.getCause()));
                }
            }
        } finally {
            pending.remove(token);
        }
    }
}
