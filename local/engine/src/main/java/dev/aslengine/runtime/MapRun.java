package dev.aslengine.runtime;

import java.time.Instant;

/**
 * A Distributed Map's run: its child executions counted as they start and end, as DescribeMapRun's itemCounts
 * report them, and the limits UpdateMapRun may change while it runs (MaxConcurrency, the tolerated failures). The
 * children's own events are not in the parent's history (as in AWS), so this is where progress is read.
 */
public final class MapRun {
    private final String arn;
    private final String executionArn;
    private final String stateMachineArn;
    private final int total;
    private final Instant startDate = Instant.now();
    private int running;
    private int succeeded;
    private int failed;
    private int maxConcurrency;
    private Long toleratedFailureCount;
    private Double toleratedFailurePercentage;
    private String status = "RUNNING";
    private Instant stopDate;
    private int redriveCount;
    private Instant redriveDate;

    MapRun(String arn, String executionArn, String stateMachineArn, int total, int maxConcurrency, Long toleratedFailureCount,
            Double toleratedFailurePercentage) {
        this.arn = arn;
        this.executionArn = executionArn;
        this.stateMachineArn = stateMachineArn;
        this.total = total;
        this.maxConcurrency = maxConcurrency;
        this.toleratedFailureCount = toleratedFailureCount;
        this.toleratedFailurePercentage = toleratedFailurePercentage;
    }

    public String arn() { return arn; }
    public String executionArn() { return executionArn; }
    /** The ARN of the run's child workflow: the parent's state machine ARN and the Map's label. */
    public String stateMachineArn() { return stateMachineArn; }
    public Instant startDate() { return startDate; }
    /** Child executions the run has in all (items, or batches of items with an ItemBatcher). */
    public int total() { return total; }
    public synchronized int running() { return running; }
    public synchronized int succeeded() { return succeeded; }
    public synchronized int failed() { return failed; }
    public synchronized int pending() { return total - running - succeeded - failed; }
    /** 0 for no limit. */
    public synchronized int maxConcurrency() { return maxConcurrency; }
    public synchronized Long toleratedFailureCount() { return toleratedFailureCount; }
    public synchronized Double toleratedFailurePercentage() { return toleratedFailurePercentage; }
    /** RUNNING, SUCCEEDED, FAILED or ABORTED. */
    public synchronized String status() { return status; }
    public synchronized Instant stopDate() { return stopDate; }
    public synchronized int redriveCount() { return redriveCount; }
    public synchronized Instant redriveDate() { return redriveDate; }

    /** UpdateMapRun: null leaves a value as it is; a higher MaxConcurrency lets waiting children start at once. */
    public synchronized void update(Integer maxConcurrency, Long toleratedFailureCount, Double toleratedFailurePercentage) {
        if (maxConcurrency != null) this.maxConcurrency = maxConcurrency;
        if (toleratedFailureCount != null) this.toleratedFailureCount = toleratedFailureCount;
        if (toleratedFailurePercentage != null) this.toleratedFailurePercentage = toleratedFailurePercentage;
        notifyAll();
    }

    /** Waits until MaxConcurrency lets one more child run, then counts it running. */
    synchronized void childStarted() throws InterruptedException {
        while (maxConcurrency > 0 && running >= maxConcurrency) wait();
        running++;
    }

    synchronized void childEnded(boolean ok) {
        running--;
        if (ok) succeeded++;
        else failed++;
        notifyAll();
    }

    /** A redrive of the parent: the run goes on, its failed children to run again, those that succeeded kept. */
    synchronized void redrive() {
        failed = 0;
        running = 0;
        status = "RUNNING";
        stopDate = null;
        redriveCount++;
        redriveDate = Instant.now();
    }

    synchronized void finish(String outcome) {
        if (!status.equals("RUNNING")) return;
        status = outcome;
        stopDate = Instant.now();
    }
}
