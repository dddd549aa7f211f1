package dev.aslengine.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Distributed Map's run: its child executions counted as they start and end, as DescribeMapRun's itemCounts
 * report them. The children's own events are not in the parent's history (as in AWS), so this is where progress
 * is read while the Map runs.
 */
public final class MapRun {
    private final String arn;
    private final String executionArn;
    private final int total;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    MapRun(String arn, String executionArn, int total) {
        this.arn = arn;
        this.executionArn = executionArn;
        this.total = total;
    }

    public String arn() { return arn; }
    public String executionArn() { return executionArn; }
    /** Child executions the run has in all (items, or batches of items with an ItemBatcher). */
    public int total() { return total; }
    public int running() { return running.get(); }
    public int succeeded() { return succeeded.get(); }
    public int failed() { return failed.get(); }
    public int pending() { return total - running.get() - succeeded.get() - failed.get(); }

    void childStarted() {
        running.incrementAndGet();
    }

    void childEnded(boolean ok) {
        running.decrementAndGet();
        (ok ? succeeded : failed).incrementAndGet();
    }
}
