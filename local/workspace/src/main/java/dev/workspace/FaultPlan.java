package dev.workspace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The faults a test injects into the workspace, and the count of calls to each endpoint.
 *
 * <p>An endpoint is the API path without its {@code /api/2.x/} prefix, e.g. {@code jobs/runs/get}
 * or {@code sql/statements/*}, where {@code *} stands for one path segment (an id). The version is
 * left out because the SDK moves between 2.1 and 2.2 while the behaviour stays the same.
 */
public final class FaultPlan {

    /** A fault answered instead of the endpoint's normal answer. */
    record InjectedFault(int status, String errorCode, String message, int retryAfterSeconds) {}

    private record Planned(Pattern endpoint, InjectedFault fault, AtomicInteger remaining) {}

    private final List<Planned> planned = new ArrayList<>();
    private final Deque<String> runFailures = new ArrayDeque<>();
    private final AtomicInteger clustersThatNeverStart = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** The next {@code times} calls to {@code endpoint} answer 429 with a Retry-After header. */
    public FaultPlan throttle(String endpoint, int times, int retryAfterSeconds) {
        return plan(endpoint, times, new InjectedFault(429, "REQUEST_LIMIT_EXCEEDED",
                "The request rate limit was exceeded for " + endpoint + ". Retry later.", retryAfterSeconds));
    }

    /** The next {@code times} calls to {@code endpoint} answer 500. */
    public FaultPlan serverError(String endpoint, int times) {
        return plan(endpoint, times, new InjectedFault(500, "INTERNAL_ERROR",
                "An internal error occurred while handling " + endpoint + ".", -1));
    }

    /** The next submitted run ends TERMINATED FAILED with this state message. */
    public synchronized FaultPlan failNextRun(String stateMessage) {
        runFailures.addLast(stateMessage);
        return this;
    }

    /** The next cluster created (for a run or through clusters/create) stays PENDING forever. */
    public FaultPlan nextClusterNeverStarts() {
        clustersThatNeverStart.incrementAndGet();
        return this;
    }

    /** How many calls reached {@code endpoint}, faulted ones included. */
    public int calls(String endpoint) {
        Pattern pattern = endpointPattern(endpoint);
        return calls.entrySet().stream()
                .filter(e -> pattern.matcher(e.getKey()).matches())
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    private synchronized FaultPlan plan(String endpoint, int times, InjectedFault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        planned.add(new Planned(endpointPattern(endpoint), fault, new AtomicInteger(times)));
        return this;
    }

    synchronized Optional<InjectedFault> onCall(String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
        for (Planned p : planned) {
            if (p.endpoint().matcher(endpoint).matches() && p.remaining().getAndDecrement() > 0) {
                return Optional.of(p.fault());
            }
        }
        planned.removeIf(p -> p.remaining().get() <= 0);
        return Optional.empty();
    }

    synchronized Optional<String> takeRunFailure() {
        return Optional.ofNullable(runFailures.pollFirst());
    }

    boolean takeClusterNeverStarts() {
        return clustersThatNeverStart.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private static Pattern endpointPattern(String endpoint) {
        String trimmed = endpoint.replaceAll("^/+|/+$", "");
        StringBuilder regex = new StringBuilder();
        for (String segment : trimmed.split("/")) {
            if (!regex.isEmpty()) {
                regex.append('/');
            }
            regex.append(segment.equals("*") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.toString());
    }
}
