package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.aslengine.runtime.ExecutionSnapshot;
import dev.aslengine.runtime.ExecutionStatus;
import dev.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** RedriveExecution as AWS does it: only what failed runs again, and what AWS refuses is refused. */
@IntegrationTest
class RedriveApiTest {
    private final SfnEndpoint api = new SfnEndpoint();
    /** How often each input has been seen by the "flaky" function. */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    RedriveApiTest() {
        // fails the first time it sees an input with "flaky": true, succeeds every time after
        api.function("flaky", p -> {
            int n = calls.computeIfAbsent(Json.write(p), k -> new AtomicInteger()).incrementAndGet();
            if (p.path("flaky").asBoolean() && n == 1) throw new IllegalStateException("first attempt fails");
            return Json.object().put("done", p.path("id").asInt());
        });
    }

    @AfterEach
    void close() {
        api.close();
    }

    private DescribeExecutionResponse awaitEnd(String arn) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            DescribeExecutionResponse d = api.sfn.describeExecution(r -> r.executionArn(arn));
            if (!d.statusAsString().equals("RUNNING")) return d;
            Thread.sleep(50);
        }
        throw new AssertionError(arn + " still running");
    }

    private int callsFor(int id, boolean flaky) {
        AtomicInteger n = calls.get(Json.write(Json.object().put("id", id).put("flaky", flaky)));
        return n == null ? 0 : n.get();
    }

    @Test
    void aRedrivenMapRunsOnlyItsFailedIterationsAndKeepsTheOthersResults() throws InterruptedException {
        // one failure tolerated, two happen: every iteration runs to its end, then the Map fails
        String machine = api.create("map", """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1, "End": true,
                  "ItemProcessor": {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}}}}"""
                .formatted(SfnEndpoint.lambdaArn("flaky")));
        String arn = api.sfn.startExecution(s -> s.stateMachineArn(machine).input("""
                {"items": [{"id": 0, "flaky": false}, {"id": 1, "flaky": true}, {"id": 2, "flaky": false}, {"id": 3, "flaky": true}]}""")).executionArn();
        DescribeExecutionResponse failed = awaitEnd(arn);
        assertThat(failed.statusAsString()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(failed.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);

        api.sfn.redriveExecution(r -> r.executionArn(arn));
        DescribeExecutionResponse done = awaitEnd(arn);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("[{\"done\": 0}, {\"done\": 1}, {\"done\": 2}, {\"done\": 3}]"));
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).isNotNull();
        assertThat(List.of(callsFor(0, false), callsFor(1, true), callsFor(2, false), callsFor(3, true)))
                .as("calls per item: the iterations that succeeded are not run again").containsExactly(1, 2, 1, 2);

        List<HistoryEvent> events = api.sfn.getExecutionHistory(h -> h.executionArn(arn).maxResults(1000)).events();
        int redriven = indexOf(events, HistoryEventType.EXECUTION_REDRIVEN);
        assertThat(events.get(redriven).executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(events.subList(redriven, events.size()).stream().filter(e -> e.type() == HistoryEventType.MAP_ITERATION_STARTED)
                .map(e -> e.mapIterationStartedEventDetails().index())).containsExactlyInAnyOrder(1, 3);
        assertThat(api.sfn.describeExecution(r -> r.executionArn(arn)).redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven.");
    }

    @Test
    void aRedrivenDistributedMapRedrivesItsMapRunAndRunsOnlyTheFailedChildren() throws InterruptedException {
        String machine = api.create("distributed", """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Call",
                    "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}}}}""".formatted(SfnEndpoint.lambdaArn("flaky")));
        String arn = api.sfn.startExecution(s -> s.stateMachineArn(machine).input("""
                {"items": [{"id": 4, "flaky": false}, {"id": 5, "flaky": true}, {"id": 6, "flaky": false}]}""")).executionArn();
        assertThat(awaitEnd(arn).statusAsString()).isEqualTo("FAILED");
        String mapRun = api.sfn.listMapRuns(l -> l.executionArn(arn)).mapRuns().get(0).mapRunArn();
        assertThat(api.sfn.describeMapRun(d -> d.mapRunArn(mapRun)).statusAsString()).isEqualTo("FAILED");

        api.sfn.redriveExecution(r -> r.executionArn(arn));
        assertThat(awaitEnd(arn).statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(api.sfn.listMapRuns(l -> l.executionArn(arn)).mapRuns()).as("the same Map Run, redriven").hasSize(1);
        var run = api.sfn.describeMapRun(d -> d.mapRunArn(mapRun));
        assertThat(run.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(run.redriveCount()).isEqualTo(1);
        assertThat(run.redriveDate()).isNotNull();
        assertThat(run.itemCounts().succeeded()).isEqualTo(3);
        assertThat(run.itemCounts().failed()).isZero();
        List<HistoryEvent> events = api.sfn.getExecutionHistory(h -> h.executionArn(arn).maxResults(1000)).events();
        HistoryEvent redriven = events.get(indexOf(events, HistoryEventType.MAP_RUN_REDRIVEN));
        assertThat(redriven.mapRunRedrivenEventDetails().mapRunArn()).isEqualTo(mapRun);
        assertThat(redriven.mapRunRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.type() == HistoryEventType.MAP_RUN_STARTED)).hasSize(1);
        assertThat(callsFor(5, true)).isEqualTo(2);
        // a Distributed Map's children all run to their end before its failure threshold is checked
        assertThat(List.of(callsFor(4, false), callsFor(6, false))).as("the children that succeeded are not run again").containsExactly(1, 1);
    }

    @Test
    void aRedrivenParallelRunsOnlyItsFailedBranch() throws InterruptedException {
        AtomicInteger slowCalls = new AtomicInteger();
        api.function("steady", p -> {
            slowCalls.incrementAndGet();
            return Json.object().put("steady", true);
        });
        String machine = api.create("parallel", """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Steady", "States": {"Steady": {"Type": "Task", "Resource": "%s", "End": true}}},
                  {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Flaky"},
                    "Flaky": {"Type": "Task", "Resource": "%s", "Parameters": {"id": 9, "flaky": true}, "End": true}}}]}}}"""
                .formatted(SfnEndpoint.lambdaArn("steady"), SfnEndpoint.lambdaArn("flaky")));
        String arn = api.sfn.startExecution(s -> s.stateMachineArn(machine).input("{}")).executionArn();
        assertThat(awaitEnd(arn).statusAsString()).isEqualTo("FAILED");
        assertThat(slowCalls).hasValue(1);

        api.sfn.redriveExecution(r -> r.executionArn(arn));
        DescribeExecutionResponse done = awaitEnd(arn);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("[{\"steady\": true}, {\"done\": 9}]"));
        assertThat(slowCalls).as("the branch that succeeded is not run again").hasValue(1);
        assertThat(callsFor(9, true)).isEqualTo(2);
    }

    @Test
    void aSucceededExecutionOrOneAtTheHistoryLimitIsNotRedrivable() throws InterruptedException {
        String ok = api.create("ok", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        String succeeded = api.sfn.startExecution(s -> s.stateMachineArn(ok)).executionArn();
        awaitEnd(succeeded);
        assertThatThrownBy(() -> api.sfn.redriveExecution(r -> r.executionArn(succeeded)))
                .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("Execution is SUCCEEDED and cannot be redriven.");

        String spin = api.create("spin", "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\", \"Next\": \"S\"}}}");
        String full = api.sfn.startExecution(s -> s.stateMachineArn(spin)).executionArn();
        DescribeExecutionResponse d = awaitEnd(full);
        assertThat(d.cause()).isEqualTo("The execution reached the maximum number of history events (25000).");
        assertThat(d.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(d.redriveStatusReason()).isEqualTo("Execution history event limit exceeded.");
        assertThatThrownBy(() -> api.sfn.redriveExecution(r -> r.executionArn(full))).isInstanceOf(ExecutionNotRedrivableException.class);
    }

    @Test
    void anExecutionThatEndedMoreThan14DaysAgoIsNotRedrivable() throws InterruptedException {
        String machine = api.create("old", "{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
        String arn = api.sfn.startExecution(s -> s.stateMachineArn(machine).name("recent")).executionArn();
        assertThat(awaitEnd(arn).redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        // the same failure, as kept from 15 days ago
        ExecutionSnapshot now = api.engine.execution(arn).snapshot();
        Instant longAgo = Instant.now().minus(Duration.ofDays(15));
        ExecutionSnapshot old = new ExecutionSnapshot(arn.replace(":recent", ":old"), "old", now.stateMachineArn(), now.input(), longAgo,
                ExecutionStatus.FAILED, null, now.error(), now.cause(), longAgo.plusSeconds(1), 0, null, now.history(), now.resumeState(),
                now.resumeInput(), now.resumeVariables());
        api.engine.restoreExecution(old);
        DescribeExecutionResponse d = api.sfn.describeExecution(r -> r.executionArn(old.arn()));
        assertThat(d.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(d.redriveStatusReason()).isEqualTo("Execution redrivable period exceeded.");
        assertThatThrownBy(() -> api.sfn.redriveExecution(r -> r.executionArn(old.arn())))
                .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("Execution redrivable period exceeded.");
    }

    private static int indexOf(List<HistoryEvent> events, HistoryEventType type) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).type() == type) return i;
        throw new AssertionError("no " + type + " event");
    }
}
