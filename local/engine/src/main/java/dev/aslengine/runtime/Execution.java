package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.mock.MockConfig;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One execution of a state machine: its status and outcome (as DescribeExecution gives them) and its history. */
public final class Execution {
    private final String arn;
    private final String name;
    private final StateMachine stateMachine;
    private final JsonNode input;
    private final Instant startDate;
    private final History history = new History();
    private final String parentTaskToken;
    private final String versionArn;
    private final String aliasArn;

    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private volatile JsonNode output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;
    private volatile int redriveCount;
    private volatile Instant redriveDate;
    private volatile CountDownLatch done = new CountDownLatch(1);
    volatile Thread thread;
    /** The mock configuration's test case this execution runs (null: its Task states call their services). */
    volatile MockConfig.TestCase testCase;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> mockInvocations = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where a failed run stopped, so a redrive can start again from that state. */
    volatile ResumePoint resumePoint;
    /** Keeps this execution's steps while it runs (null: not journaled). */
    private volatile ExecutionJournal journal;

    /** Journals this execution from now on, starting with {@code entries} in place of anything kept of it before. */
    void journal(ExecutionJournal journal, java.util.List<JournalEntry> entries) {
        this.journal = journal;
        journal.begin(this, entries);
        history.sink(event -> journal.record(this, new JournalEntry.Event(event)));
    }

    /** Whether this execution's steps are journaled. */
    boolean journaled() {
        return journal != null;
    }

    void journal(JournalEntry entry) {
        ExecutionJournal j = journal;
        if (j != null) j.record(this, entry);
    }

    /** The mocked response for this invocation of a Task state (counted per state from 0), or null when not mocked. */
    MockConfig.Outcome mockedInvocation(String stateName) {
        MockConfig.TestCase tc = testCase;
        MockConfig.MockedResponse response = tc == null ? null : tc.states().get(stateName);
        if (response == null) return null;
        return response.invocation(mockInvocations.computeIfAbsent(stateName, n -> new java.util.concurrent.atomic.AtomicInteger()).getAndIncrement());
    }

    /** The name of the test case this execution runs, or null. */
    public String testCaseName() {
        MockConfig.TestCase tc = testCase;
        return tc == null ? null : tc.name();
    }

    record ResumePoint(String stateName, JsonNode input, Variables variables) {}

    /**
     * The Map iterations or Parallel branches (by index) that succeeded in the state where the execution failed, so a
     * redrive runs only the others again, as AWS redrives them; a Distributed Map's run is redriven itself.
     */
    record PartialResults(String stateName, int count, java.util.Map<Integer, JsonNode> succeeded, String mapRunArn) {}

    /** Set when a top-level Map or Parallel fails; taken by the next redrive. */
    volatile PartialResults partialResults;

    /** AWS's period after an execution's end in which it can be redriven. */
    static final java.time.Duration REDRIVABLE_PERIOD = java.time.Duration.ofDays(14);
    /** AWS's longest open time of a STANDARD execution. */
    static final java.time.Duration MAX_EXECUTION_TIME = java.time.Duration.ofDays(365);

    Execution(String arn, String name, StateMachine stateMachine, JsonNode input, String parentTaskToken) {
        this(arn, name, stateMachine, input, parentTaskToken, Instant.now(), null, null);
    }

    /** Started through a version ARN, or an alias ARN (which also names the version it routed to). */
    Execution(String arn, String name, StateMachine stateMachine, JsonNode input, String versionArn, String aliasArn) {
        this(arn, name, stateMachine, input, null, Instant.now(), versionArn, aliasArn);
    }

    private Execution(String arn, String name, StateMachine stateMachine, JsonNode input, String parentTaskToken, Instant startDate,
            String versionArn, String aliasArn) {
        this.versionArn = versionArn;
        this.aliasArn = aliasArn;
        this.arn = arn;
        this.name = name;
        this.stateMachine = stateMachine;
        this.input = input;
        this.startDate = startDate;
        this.parentTaskToken = parentTaskToken;
    }

    /** An ended execution as a snapshot recorded it (see {@link #snapshot()}). */
    static Execution restored(ExecutionSnapshot s, StateMachine stateMachine) {
        Execution e = restored(s, stateMachine, null, null, s.history());
        e.done.countDown();
        return e;
    }

    /** An execution as a journal recorded it, with the events recorded since its snapshot; RUNNING if the snapshot says so. */
    static Execution restored(ExecutionSnapshot s, StateMachine stateMachine, String versionArn, String aliasArn,
            java.util.List<HistoryEvent> history) {
        Execution e = new Execution(s.arn(), s.name(), stateMachine, s.input(), null, s.startDate(), versionArn, aliasArn);
        e.history.restore(history);
        e.status = s.status();
        e.output = s.output();
        e.error = s.error();
        e.cause = s.cause();
        e.stopDate = s.stopDate();
        e.redriveCount = s.redriveCount();
        e.redriveDate = s.redriveDate();
        if (s.resumeState() != null) {
            e.resumePoint = new ResumePoint(s.resumeState(), s.resumeInput(), Variables.fromJson(s.resumeVariables()));
        }
        return e;
    }

    /** Everything DescribeExecution, GetExecutionHistory and RedriveExecution need, to keep the execution across a restart. */
    public synchronized ExecutionSnapshot snapshot() {
        ResumePoint r = resumePoint;
        return new ExecutionSnapshot(arn, name, stateMachine.arn(), input, startDate, status, output, error, cause, stopDate,
                redriveCount, redriveDate, history.events(), r == null ? null : r.stateName(), r == null ? null : r.input(),
                r == null || r.variables() == null ? null : r.variables().toJson());
    }

    public String arn() { return arn; }
    public String name() { return name; }
    public StateMachine stateMachine() { return stateMachine; }
    public JsonNode input() { return input; }
    public Instant startDate() { return startDate; }
    public History history() { return history; }
    public ExecutionStatus status() { return status; }
    public JsonNode output() { return output; }
    public String error() { return error; }
    public String cause() { return cause; }
    public Instant stopDate() { return stopDate; }
    public int redriveCount() { return redriveCount; }
    public Instant redriveDate() { return redriveDate; }
    String parentTaskToken() { return parentTaskToken; }
    /** The version ARN the execution was started with (directly or through an alias), or null. */
    public String versionArn() { return versionArn; }
    /** The alias ARN the execution was started with, or null. */
    public String aliasArn() { return aliasArn; }

    /** Why RedriveExecution refuses this execution now (AWS's redriveStatusReason), or null when it can be redriven. */
    public synchronized String notRedrivableReason() {
        Instant now = Instant.now();
        return switch (status) {
            case RUNNING, SUCCEEDED, PENDING_REDRIVE -> "Execution is " + status + " and cannot be redriven.";
            case FAILED, TIMED_OUT, ABORTED -> {
                if (history.full() || history.size() >= History.MAX_EVENTS - 1) yield "Execution history event limit exceeded.";
                if (stopDate != null && stopDate.plus(REDRIVABLE_PERIOD).isBefore(now)) yield "Execution redrivable period exceeded.";
                if (startDate.plus(MAX_EXECUTION_TIME).isBefore(now)) yield "Execution has exceeded the max execution time.";
                if ("EXPRESS".equals(stateMachine.type())) yield "Execution of an EXPRESS state machine cannot be redriven.";
                yield resumePoint == null || resumePoint.stateName() == null ? "Execution has no failed state to redrive from." : null;
            }
        };
    }

    /** Waits until the execution ends; false if the timeout passed first. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    public void await() throws InterruptedException {
        done.await();
    }

    synchronized boolean finish(ExecutionStatus status, JsonNode output, String error, String cause) {
        return finish(status, output, error, cause, Instant.now());
    }

    /** Ends the execution as it ended at {@code stopDate} (one put back from its journal). */
    synchronized boolean finish(ExecutionStatus status, JsonNode output, String error, String cause, Instant stopDate) {
        if (this.status.isTerminal()) return false;
        this.status = status;
        this.output = output;
        this.error = error;
        this.cause = cause;
        this.stopDate = stopDate;
        done.countDown();
        return true;
    }

    synchronized void redriven() {
        this.status = ExecutionStatus.RUNNING;
        this.output = null;
        this.error = null;
        this.cause = null;
        this.stopDate = null;
        this.redriveCount++;
        this.redriveDate = Instant.now();
        this.done = new CountDownLatch(1);
    }
}
