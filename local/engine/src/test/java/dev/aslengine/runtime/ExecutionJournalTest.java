package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.lambda.LambdaFunctions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An execution journaled step by step is put back after a crash (its engine closed with nothing more written) by
 * another engine and goes on from its last completed state: finished iterations are not run again, a task waiting for
 * its token waits for the same token, a task that was running runs again.
 */
class ExecutionJournalTest {
    /** Keeps the entries as JSON text, as a file would; {@link #crash()} drops whatever its engine writes after. */
    static final class TextJournal implements ExecutionJournal {
        final Map<String, List<String>> kept;
        volatile boolean crashed;

        TextJournal(Map<String, List<String>> kept) {
            this.kept = kept;
        }

        @Override
        public void begin(Execution execution, List<JournalEntry> entries) {
            if (crashed) return;
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            entries.forEach(e -> lines.add(Json.write(e.toJson())));
            kept.put(execution.arn(), lines);
        }

        @Override
        public void record(Execution execution, JournalEntry entry) {
            if (!crashed) kept.get(execution.arn()).add(Json.write(entry.toJson()));
        }

        void crash() {
            crashed = true;
        }

        List<JournalEntry> read(String arn) {
            synchronized (kept.get(arn)) {
                return kept.get(arn).stream().map(l -> JournalEntry.fromJson(Json.parse(l))).toList();
            }
        }
    }

    static final String CHAIN = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
            "Parameters": {"FunctionName": "prepare", "Payload.$": "$"}, "Next": "Chain"},
          "Chain": {"Type": "Map", "ItemsPath": "$.envs", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "Approve", "States": {
            "Approve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "ask", "Payload": {"env.$": "$", "token.$": "$$.Task.Token"}}, "ResultPath": null, "Next": "Copy"},
            "Copy": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
              "Parameters": {"FunctionName": "copy", "Payload.$": "$"}, "End": true}}}, "End": true}}}
        """;

    final Map<String, List<String>> disk = new ConcurrentHashMap<>();
    TextJournal journal;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
    }

    Engine engine(Map<String, Function<JsonNode, JsonNode>> bodies) {
        LambdaFunctions functions = new LambdaFunctions("us-east-1", "123456789012", new PrintStream(new ByteArrayOutputStream(), true));
        bodies.forEach((name, body) -> {
            RequestStreamHandler h = (in, out, ctx) -> {
                calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                Json.MAPPER.writeValue(out, body.apply(Json.MAPPER.readTree(in)));
            };
            functions.register(name, h);
        });
        journal = new TextJournal(disk);
        Engine engine = Engine.builder().timeScale(0).integration(functions).journal(journal).build();
        engines.add(engine);
        engine.createStateMachine("chain", CHAIN, null);
        return engine;
    }

    Map<String, Function<JsonNode, JsonNode>> chainFunctions() {
        return Map.of(
                "prepare", in -> Json.object().set("envs", Json.parse("[\"staging\", \"prod\"]")),
                "ask", in -> {
                    tokens.add(in.get("token").asText());
                    return Json.object();
                },
                "copy", in -> Json.object().put("copied", in.asText()));
    }

    int calls(String function) {
        AtomicInteger n = calls.get(function);
        return n == null ? 0 : n.get();
    }

    @Test
    void aTaskWaitingForItsTokenWaitsForTheSameTokenAfterTheCrashAndFinishedIterationsAreNotRunAgain() throws Exception {
        Engine before = engine(chainFunctions());
        Execution e = before.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:chain", "promotion", Json.object());
        before.sendTaskSuccess(tokens.poll(10, TimeUnit.SECONDS), Json.object().put("approvedBy", "a"));
        String prodToken = tokens.poll(10, TimeUnit.SECONDS);
        awaitSubmittedTokens(e, 2);
        journal.crash();
        before.close();
        assertThat(calls("copy")).as("staging copied once before the crash").isEqualTo(1);

        Engine after = engine(chainFunctions());
        Execution resumed = after.resumeExecution(journal.read(e.arn()));
        assertThat(resumed.status()).isEqualTo(ExecutionStatus.RUNNING);
        after.sendTaskSuccess(prodToken, Json.object().put("approvedBy", "b"));
        assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(resumed.output()).isEqualTo(Json.parse("[{\"copied\": \"staging\"}, {\"copied\": \"prod\"}]"));
        assertThat(calls("prepare")).as("the state completed before the crash is not run again").isEqualTo(1);
        assertThat(calls("ask")).as("the approval asked once for each environment").isEqualTo(2);
        assertThat(calls("copy")).as("each environment copied once").isEqualTo(2);
        assertThat(tokens).as("no new token handed out").isEmpty();
        List<HistoryEvent> history = resumed.history().events();
        for (int i = 0; i < history.size(); i++) assertThat(history.get(i).id()).isEqualTo(i + 1);
        assertThat(Machines.events(resumed, "MapIterationStarted")).hasSize(2);
        assertThat(Machines.events(resumed, "TaskSubmitted")).hasSize(2);
    }

    @Test
    void aTaskRunningAtTheCrashRunsAgainAndAJournalCutAgainResumesAgain() throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        Map<String, Function<JsonNode, JsonNode>> hanging = new java.util.HashMap<>(chainFunctions());
        hanging.put("copy", in -> {
            copying.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Json.object();
        });
        Engine first = engine(hanging);
        Execution e = first.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:chain", "promotion", Json.object());
        String stagingToken = tokens.poll(10, TimeUnit.SECONDS);
        first.sendTaskSuccess(stagingToken, Json.object());
        assertThat(copying.await(10, TimeUnit.SECONDS)).isTrue();
        journal.crash();
        first.close();

        // the second engine dies too, while the prod approval waits
        Engine second = engine(chainFunctions());
        Execution again = second.resumeExecution(journal.read(e.arn()));
        String prodToken = tokens.poll(10, TimeUnit.SECONDS);
        // the journal began anew at the resume, with only what the staging copy still needed: prod's token is its first
        awaitSubmittedTokens(again, 1);
        journal.crash();
        second.close();
        assertThat(calls("copy")).as("the copy cut short ran again").isEqualTo(2);

        Engine third = engine(chainFunctions());
        Execution last = third.resumeExecution(journal.read(e.arn()));
        third.sendTaskSuccess(prodToken, Json.object());
        assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(last.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls("prepare")).isEqualTo(1);
        assertThat(calls("ask")).isEqualTo(2);
        assertThat(calls("copy")).isEqualTo(3);
    }

    @Test
    void aTokenAnsweredBeforeTheCrashOrOfAnExecutionThatEndedIsTaskTimedOutAfterIt() throws Exception {
        Engine before = engine(chainFunctions());
        Execution e = before.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:chain", "promotion", Json.object());
        String stagingToken = tokens.poll(10, TimeUnit.SECONDS);
        before.sendTaskSuccess(stagingToken, Json.object());
        String prodToken = tokens.poll(10, TimeUnit.SECONDS);
        awaitSubmittedTokens(e, 2);
        journal.crash();
        before.close();

        Engine after = engine(chainFunctions());
        Execution resumed = after.resumeExecution(journal.read(e.arn()));
        // AWS: the task of this token has closed (TaskTimedOut), not a token it never handed out (TaskDoesNotExist)
        assertThatThrownBy(() -> after.sendTaskSuccess(stagingToken, Json.object()))
                .isInstanceOfSatisfying(TaskTokens.UnknownTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
        after.sendTaskSuccess(prodToken, Json.object());
        assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> after.sendTaskFailure(prodToken, "Late", null))
                .isInstanceOfSatisfying(TaskTokens.UnknownTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
        assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void anExecutionThatEndedBeforeTheCrashIsPutBackAsItEnded() throws Exception {
        Engine before = engine(chainFunctions());
        Execution e = before.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:chain", "promotion", Json.object());
        before.sendTaskFailure(tokens.poll(10, TimeUnit.SECONDS), "Rejected", "not now");
        assertThat(e.await(10, TimeUnit.SECONDS)).isTrue();
        journal.crash();
        before.close();

        Engine after = engine(chainFunctions());
        Execution restored = after.resumeExecution(journal.read(e.arn()));
        assertThat(restored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(restored.error()).isEqualTo("Rejected");
        assertThat(restored.history().events()).hasSameSizeAs(e.history().events());
    }

    static final String PARENT = """
        {"StartAt": "Child", "States": {"Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:chain", "Name": "child-1",
            "Input": {}}, "OutputPath": "$.Output", "End": true}}}
        """;

    @Test
    void aParentWaitingForItsChildFindsTheChildAgainWhenBothArePutBackTogether() throws Exception {
        Engine before = engine(chainFunctions());
        before.createStateMachine("parent", PARENT, null);
        Execution parent = before.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:parent", "p", Json.object());
        before.sendTaskSuccess(tokens.poll(10, TimeUnit.SECONDS), Json.object());
        String prodToken = tokens.poll(10, TimeUnit.SECONDS);
        Execution child = before.execution("arn:aws:states:us-east-1:123456789012:execution:chain:child-1");
        awaitSubmittedTokens(child, 2);
        journal.crash();
        before.close();

        Engine after = engine(chainFunctions());
        after.createStateMachine("parent", PARENT, null);
        List<RuntimeException> refused = new ArrayList<>();
        // the parent first: its task, run again, starts child-1 by name and must find the one put back
        List<Execution> back = after.resumeExecutions(List.of(journal.read(parent.arn()), journal.read(child.arn())), (i, e) -> refused.add(e));
        assertThat(refused).isEmpty();
        after.sendTaskSuccess(prodToken, Json.object());
        assertThat(back.get(0).await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(back.get(0).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(back.get(0).output()).isEqualTo(Json.parse("[{\"copied\": \"staging\"}, {\"copied\": \"prod\"}]"));
        assertThat(calls("prepare")).as("the child ran once, across the crash").isEqualTo(1);
    }

    static final String FAN = """
        {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.envs", "End": true,
            "ItemProcessor": {"StartAt": "Copy", "States": {"Copy": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "OutputPath": "$.Payload", "Parameters": {"FunctionName": "copy", "Payload.$": "$"}, "End": true}}}}}},
          {"StartAt": "Note", "States": {"Note": {"Type": "Pass", "Result": "noted", "End": true}}}]}}}
        """;

    @Test
    void anExecutionCutAtAnyRecordOfItsJournalEndsAsItWouldHaveWithEveryStartEventWrittenOnce() throws Exception {
        Engine first = engine(chainFunctions());
        first.createStateMachine("fan", FAN, null);
        Execution whole = first.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:fan", "fan-1",
                Json.parse("{\"envs\": [\"staging\", \"prod\"]}"));
        assertThat(whole.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(whole.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<JournalEntry> entries = journal.read(whole.arn());
        first.close();

        // every cut after the execution began: the crash came right after that record was written
        for (int cut = 1; cut <= entries.size(); cut++) {
            Engine after = engine(chainFunctions());
            after.createStateMachine("fan", FAN, null);
            Execution resumed = after.resumeExecution(entries.subList(0, cut));
            assertThat(resumed.await(10, TimeUnit.SECONDS)).as("cut at record " + cut).isTrue();
            assertThat(resumed.status()).as("cut at record " + cut).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(resumed.output()).as("cut at record " + cut).isEqualTo(whole.output());
            List<HistoryEvent> history = resumed.history().events();
            for (int i = 0; i < history.size(); i++) assertThat(history.get(i).id()).as("cut at record " + cut).isEqualTo(i + 1);
            for (String[] pair : new String[][] {{"ParallelStateEntered", "ParallelStateStarted"}, {"MapStateEntered", "MapStateStarted"}}) {
                List<HistoryEvent> entered = Machines.events(resumed, pair[0]);
                List<HistoryEvent> started = Machines.events(resumed, pair[1]);
                assertThat(entered).as(pair[0] + ", cut at record " + cut).hasSize(1);
                assertThat(started).as(pair[1] + ", cut at record " + cut).hasSize(1);
                assertThat(started.get(0).previousEventId()).as(pair[1] + " follows " + pair[0] + ", cut at record " + cut)
                        .isEqualTo(entered.get(0).id());
            }
            after.close();
        }
    }

    /**
     * Until the journal holds {@code count} tokens handed to their tasks: the TaskSubmitted event is written just before
     * that record, so a crash right after the event would have the task invoked again (at least once, as documented).
     */
    void awaitSubmittedTokens(Execution e, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (journal.read(e.arn()).stream().filter(j -> j instanceof JournalEntry.Token t && t.submitted()).count() < count) {
            assertThat(System.nanoTime()).as("tokens submitted").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static void awaitEvent(Execution e, String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Machines.events(e, type).size() < count) {
            assertThat(System.nanoTime()).as(type + " events").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
