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
    /**
     * Thrown to API callers for a token that matches no waiting task, with AWS's error code: InvalidToken (not a token
     * at all), TaskTimedOut (handed out for this account and region, but its task has closed) or TaskDoesNotExist (never
     * handed out for them).
     */
    public static final class UnknownTokenException extends RuntimeException {
        private final String errorCode;

        public UnknownTokenException(String message) {
            this("TaskDoesNotExist", message);
        }

        public UnknownTokenException(String errorCode, String message) {
            super(message, null, false, false);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    private static final class Pending {
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();
        volatile long lastHeartbeatNanos = System.nanoTime();
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    /**
     * Marks the tokens of this account and region, so a closed one (TaskTimedOut) is told apart from a foreign one
     * without remembering it; derived from them, so an engine started again on the same account (after a restart of
     * {@code up}) still tells its earlier tokens, answered or of ended executions, as closed, as AWS does.
     */
    private final String issuer;

    public TaskTokens(String region, String accountId) {
        this.issuer = UUID.nameUUIDFromBytes(("asl-engine task tokens:" + region + ":" + accountId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    public String issue() {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + issuer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pending.put(token, new Pending());
        return token;
    }

    /** Waits again for a token handed out before (by an engine whose executions this one resumed). */
    void adopt(String token) {
        pending.putIfAbsent(token, new Pending());
    }

    public void succeed(String token, JsonNode output) {
        // stays pending until awaited: a worker may answer before the task has started waiting
        if (!find(token).result.complete(output)) throw alreadyCompleted();
    }

    public void fail(String token, String error, String cause) {
        if (!find(token).result.completeExceptionally(new StatesError(error == null ? "" : error, cause))) throw alreadyCompleted();
    }

    private static UnknownTokenException alreadyCompleted() {
        return new UnknownTokenException("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    }

    private UnknownTokenException unknown(String token) {
        String text;
        try {
            text = token == null ? "" : new String(Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        int colon = text.indexOf(':');
        if (colon != 36 || text.length() != 73) {
            return new UnknownTokenException("InvalidToken", "Invalid Token: 'Invalid token': taskToken is not a task token this engine hands out");
        }
        if (text.substring(colon + 1).equals(issuer)) return alreadyCompleted();
        return new UnknownTokenException("TaskDoesNotExist", "Task Does Not Exist: taskToken was not handed out for this account and region");
    }

    public void heartbeat(String token) {
        find(token).lastHeartbeatNanos = System.nanoTime();
    }

    public void forget(String token) {
        pending.remove(token);
    }

    private Pending find(String token) {
        Pending p = token == null ? null : pending.get(token);
        if (p == null) throw unknown(token);
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
