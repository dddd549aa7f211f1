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

    /** Times meaning "until cleared". */
    public static final int UNTIL_CLEARED = Integer.MAX_VALUE;

    /**
     * A fault answered instead of the endpoint's normal answer; status 0 is a lost connection (the connection is
     * closed without an answer).
     */
    record InjectedFault(int status, String errorCode, String message, int retryAfterSeconds) {
        boolean dropsConnection() {
            return status == 0;
        }
    }

    private record Planned(String endpointText, Pattern endpoint, InjectedFault fault, AtomicInteger remaining) {}

    private final List<Planned> planned = new ArrayList<>();
    private final Deque<String> runFailures = new ArrayDeque<>();
    private final AtomicInteger clustersThatNeverStart = new AtomicInteger();
    private final AtomicInteger runsThatHang = new AtomicInteger();
    private volatile RunTimings timings;
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

    /** The next {@code times} calls to {@code endpoint} answer {@code status} (500, 502, 503, 504). */
    public FaultPlan serverError(String endpoint, int times, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be a 5xx, got " + status);
        }
        String code = status == 503 ? "TEMPORARILY_UNAVAILABLE" : "INTERNAL_ERROR";
        return plan(endpoint, times, new InjectedFault(status, code,
                "An internal error occurred while handling " + endpoint + " (" + status + ").", -1));
    }

    /** The next {@code times} calls to {@code endpoint} lose their connection: closed without an answer. */
    public FaultPlan dropConnection(String endpoint, int times) {
        return plan(endpoint, times, new InjectedFault(0, "", "connection lost", -1));
    }

    /** The next submitted run stays RUNNING until it is cancelled or its timeout_seconds pass. */
    public FaultPlan nextRunHangs() {
        runsThatHang.incrementAndGet();
        return this;
    }

    /** From now on, runs, clusters and statements take these times (null: the workspace's own again). */
    public FaultPlan runTimings(RunTimings timings) {
        this.timings = timings;
        return this;
    }

    /** The run timings set by {@link #runTimings}, else {@code own}. */
    RunTimings timingsOr(RunTimings own) {
        RunTimings set = timings;
        return set == null ? own : set;
    }

    /** Every fault still planned, one line each (what a person sees in the console and the CLI). */
    public synchronized List<String> active() {
        List<String> active = new ArrayList<>();
        for (Planned p : planned) {
            int left = p.remaining().get();
            if (left <= 0) {
                continue;
            }
            InjectedFault f = p.fault();
            active.add(p.endpointText() + ": " + (f.dropsConnection() ? "connection lost" : f.status() + " " + f.errorCode())
                    + (left == UNTIL_CLEARED ? " until cleared" : " on the next " + left + " call(s)"));
        }
        runFailures.forEach(message -> active.add("next run fails: " + message));
        if (clustersThatNeverStart.get() > 0) {
            active.add("next " + clustersThatNeverStart.get() + " cluster(s) never start");
        }
        if (runsThatHang.get() > 0) {
            active.add("next " + runsThatHang.get() + " run(s) hang in RUNNING");
        }
        RunTimings set = timings;
        if (set != null) {
            active.add("run timings: queued " + set.queued() + ", cluster start " + set.clusterStart() + ", running "
                    + set.running() + ", terminating " + set.terminating() + ", statements " + set.statement());
        }
        return active;
    }

    /** Removes every planned fault and timing; the counts of calls stay. */
    public synchronized FaultPlan clear() {
        planned.clear();
        runFailures.clear();
        clustersThatNeverStart.set(0);
        runsThatHang.set(0);
        timings = null;
        return this;
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
        planned.add(new Planned(endpoint, endpointPattern(endpoint), fault, new AtomicInteger(times)));
        return this;
    }

    synchronized Optional<InjectedFault> onCall(String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
        for (Planned p : planned) {
            if (p.endpoint().matcher(endpoint).matches()
                    && p.remaining().getAndUpdate(n -> n == UNTIL_CLEARED ? n : n - 1) > 0) {
                return Optional.of(p.fault());
            }
        }
        planned.removeIf(p -> p.remaining().get() <= 0);
        return Optional.empty();
    }

    synchronized Optional<String> takeRunFailure() {
        return Optional.ofNullable(runFailures.pollFirst());
    }

    boolean takeRunHangs() {
        return runsThatHang.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
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
