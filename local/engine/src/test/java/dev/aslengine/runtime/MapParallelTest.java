package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static dev.aslengine.runtime.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MapParallelTest {
    private final Machines m = new Machines();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();

    @AfterEach
    void close() {
        m.close();
    }

    /** A function that sleeps {@code $.sleep} ms, tracking how many invocations run at once, and doubles {@code $.n}. */
    private void sleeper() {
        m.function("sleeper", p -> {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(p.path("sleep").asLong(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.decrementAndGet();
            }
            return Json.NODES.numberNode(p.path("n").asInt() * 2);
        });
    }

    private static String mapOverSleeper(String extra) {
        return """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, %s
              "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}}}}
            """.formatted(extra, arn("sleeper"));
    }

    private static String items(int count, long sleepMillis) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) b.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append(", \"sleep\": ").append(sleepMillis).append('}');
        return b.append(']').toString();
    }

    @Test
    void mapOutputKeepsItemOrderWhateverTheCompletionOrder() {
        sleeper();
        String input = "[{\"n\": 1, \"sleep\": 300}, {\"n\": 2, \"sleep\": 0}, {\"n\": 3, \"sleep\": 150}, {\"n\": 4, \"sleep\": 50}]";
        Execution e = m.run(mapOverSleeper(""), input);
        assertThat(e.output()).isEqualTo(json("[2, 4, 6, 8]"));
    }

    @Test
    void maxConcurrencyBoundsHowManyIterationsRunAtOnce() {
        sleeper();
        Execution e = m.run(mapOverSleeper("\"MaxConcurrency\": 2,"), items(8, 40));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(maxActive.get()).isBetween(1, 2);
    }

    @Test
    void maxConcurrencyOneRunsIterationsOneAfterAnother() {
        sleeper();
        Execution e = m.run(mapOverSleeper("\"MaxConcurrency\": 1,"), items(5, 20));
        assertThat(e.output()).isEqualTo(json("[0, 2, 4, 6, 8]"));
        assertThat(maxActive).hasValue(1);
    }

    @Test
    void withoutMaxConcurrencyAllIterationsRunTogether() {
        CountDownLatch allStarted = new CountDownLatch(4);
        m.function("meet", p -> {
            allStarted.countDown();
            try {
                return Json.NODES.booleanNode(allStarted.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}}}}
            """.formatted(arn("meet"));
        assertThat(m.run(def, "[1, 2, 3, 4]").output()).isEqualTo(json("[true, true, true, true]"));
    }

    @Test
    void parallelBranchesRunConcurrently() {
        // each branch waits for the other to have started: sequential branches would both time out and answer false
        CountDownLatch bothStarted = new CountDownLatch(2);
        m.function("meet", p -> {
            bothStarted.countDown();
            try {
                return Json.object().put("met", bothStarted.await(10, TimeUnit.SECONDS)).put("branch", p.get("branch").asText());
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "Parameters": {"branch": "a"}, "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "Parameters": {"branch": "b"}, "End": true}}}]}}}
            """.formatted(arn("meet"));
        Execution e = m.run(def, "{}");
        assertThat(e.output()).isEqualTo(json("[{\"met\": true, \"branch\": \"a\"}, {\"met\": true, \"branch\": \"b\"}]"));
    }

    @Test
    void parallelOutputIsOneEntryPerBranchInBranchOrder() {
        sleeper();
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "Parameters": {"n": 1, "sleep": 200}, "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "Parameters": {"n": 2, "sleep": 0}, "End": true}}},
              {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}]}}}
            """.formatted(arn("sleeper"));
        assertThat(m.run(def, "{\"in\": 1}").output()).isEqualTo(json("[2, 4, {\"in\": 1}]"));
    }

    @Test
    void itemsPathAndItemSelectorWithTheMapContext() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.orders",
              "ItemSelector": {"index.$": "$$.Map.Item.Index", "order.$": "$$.Map.Item.Value", "customer.$": "$.customer"},
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
            """;
        Execution e = m.run(def, "{\"customer\": \"c1\", \"orders\": [\"a\", \"b\"]}");
        assertThat(e.output()).isEqualTo(json("""
            [{"index": 0, "order": "a", "customer": "c1"}, {"index": 1, "order": "b", "customer": "c1"}]"""));
    }

    @Test
    void legacyIteratorAndParametersStillWork() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.xs",
              "Parameters": {"i.$": "$$.Map.Item.Index", "x.$": "$$.Map.Item.Value"},
              "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
            """;
        assertThat(m.run(def, "{\"xs\": [10, 20]}").output()).isEqualTo(json("[{\"i\": 0, \"x\": 10}, {\"i\": 1, \"x\": 20}]"));
    }

    @Test
    void aFailingBranchFailsTheParallelAndStopsTheOtherBranches() throws InterruptedException {
        CountDownLatch longStarted = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        m.function("long", p -> {
            longStarted.countDown();
            try {
                Thread.sleep(20_000);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return p;
        });
        // the failing branch fails only once the long one is inside its task, so the stop is what is tested
        m.function("afterLongStarted", p -> {
            try {
                longStarted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return p;
        });
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Long", "States": {"Long": {"Type": "Task", "Resource": "%s", "End": true}}},
              {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "%s", "Next": "Bad"},
                                         "Bad": {"Type": "Fail", "Error": "Branch.Broke"}}}]}}}
            """.formatted(arn("long"), arn("afterLongStarted"));
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Branch.Broke");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the other branch was stopped").isTrue();
        assertThat(finished).isFalse();
        assertThat(Machines.types(e)).contains("ParallelStateFailed").doesNotContain("ParallelStateSucceeded");
    }

    @Test
    void aBranchFailingAtOnceStopsEverySiblingStartedAlongsideIt() {
        // the first branch fails while the others are still being started: each one started must be stopped, however
        // close to the failure it was started, or the Parallel waits for its 60 s sleep
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        m.function("slow", p -> {
            entered.incrementAndGet();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                stopped.incrementAndGet();
            }
            return p;
        });
        StringBuilder branches = new StringBuilder("""
            {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Branch.Broke"}}}""");
        for (int i = 0; i < 64; i++) {
            branches.append(",{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Task\", \"Resource\": \"")
                    .append(arn("slow")).append("\", \"End\": true}}}");
        }
        String def = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"End\": true, \"Branches\": ["
                + branches + "]}}}";
        for (int round = 0; round < 30; round++) {
            long started = System.nanoTime();
            Execution e = m.run(def, "{}");
            assertThat(e.error()).isEqualTo("Branch.Broke");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("round %d ended without waiting for a sibling", round)
                    .isLessThan(Duration.ofSeconds(20));
        }
        assertThat(stopped.get()).as("every sibling that got into its task was stopped").isEqualTo(entered.get());
    }

    @Test
    void aBranchThatLoopsIsStoppedWhenItsSiblingFails() {
        // a loop may not end: its branch runs beside the others, never before them, or the Fail would never be reached
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Spin", "States": {
                "Spin": {"Type": "Pass", "Next": "Again"},
                "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "BooleanEquals": true, "Next": "Out"}], "Default": "Spin"},
                "Out": {"Type": "Succeed"}}},
              {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Branch.Broke"}}}]}}}
            """;
        Execution e = m.run(def, "{\"stop\": false}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Branch.Broke");
    }

    @Test
    void branchesThatOnlyComputeGiveTheirOutputsAndHistoryAsConcurrentOnesDo() {
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a.$": "$.v"}, "Next": "A2"},
                                         "A2": {"Type": "Pass", "End": true}}},
              {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"x.$": "$"}, "End": true}}}}}},
              {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "Ok"}],
                                                 "Default": "No"},
                                         "Ok": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "E"}}}]}}}
            """;
        Execution e = m.run(def, "{\"v\": 1, \"xs\": [1, 2]}");
        assertThat(e.output()).isEqualTo(json("[{\"a\": 1}, [{\"x\": 1}, {\"x\": 2}], {\"v\": 1, \"xs\": [1, 2]}]"));
        assertThat(Machines.types(e)).startsWith("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted")
                .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded")
                .containsExactlyInAnyOrder("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited",
                "MapStateEntered", "MapStateStarted", "MapIterationStarted", "PassStateEntered", "PassStateExited",
                "MapIterationSucceeded", "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                "MapStateSucceeded", "MapStateExited",
                "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited",
                "ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");
        // each branch starts from ParallelStateStarted (as ParallelStateSucceeded does), whichever order the branches ran in
        HistoryEvent started = Machines.events(e, "ParallelStateStarted").get(0);
        assertThat(e.history().events().stream().filter(ev -> ev.previousEventId() == started.id()).map(HistoryEvent::type))
                .containsExactlyInAnyOrder("PassStateEntered", "MapStateEntered", "ChoiceStateEntered", "ParallelStateSucceeded");
    }

    @Test
    void catchOnAMapHandlesAFailingIteration() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "Next": "Done",
              "Catch": [{"ErrorEquals": ["Item.Bad"], "ResultPath": "$.failure", "Next": "Done"}],
              "ItemsPath": "$.xs",
              "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Ok"},
                "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "two"},
                "Ok": {"Type": "Pass", "End": true}}}},
              "Done": {"Type": "Pass", "End": true}}}
            """;
        Execution e = m.run(def, "{\"xs\": [1, 2, 3]}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"xs\": [1, 2, 3], \"failure\": {\"Error\": \"Item.Bad\", \"Cause\": \"two\"}}"));
    }

    @Test
    void catchOnAParallelHandlesAFailingBranch() {
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Done",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
              "Branches": [{"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "E", "Cause": "c"}}}]},
              "Done": {"Type": "Pass", "End": true}}}
            """;
        assertThat(m.run(def, "{}").output()).isEqualTo(json("{\"Error\": \"E\", \"Cause\": \"c\"}"));
    }

    @Test
    void aMapOverAnEmptyArrayGivesAnEmptyArray() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Fail", "Error": "Never"}}}}}}
            """;
        Execution e = m.run(def, "[]");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[]"));
        assertThat(Machines.events(e, "MapStateStarted").get(0).details().get("length").asInt()).isZero();
        assertThat(Machines.types(e)).contains("MapStateSucceeded").doesNotContain("MapIterationStarted");
    }

    @Test
    void aMapNestedInAParallel() {
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": true}}}}}},
              {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Result": "other", "End": true}}}]}}}
            """;
        assertThat(m.run(def, "{\"xs\": [1, 2]}").output()).isEqualTo(json("[[{\"v\": 1}, {\"v\": 2}], \"other\"]"));
    }

    @Test
    void mapAndParallelWriteTheirHistoryEvents() {
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "M", "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}], "OutputPath": "$[0]"},
             "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
            """;
        Execution e = m.run(def, "[\"a\", \"b\", \"c\"]");
        assertThat(e.output()).isEqualTo(json("[\"a\", \"b\", \"c\"]"));
        assertThat(Machines.types(e)).containsSubsequence("ParallelStateEntered", "ParallelStateStarted", "PassStateEntered",
                "ParallelStateSucceeded", "ParallelStateExited", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(Machines.events(e, "MapStateStarted").get(0).details().get("length").asInt()).isEqualTo(3);
        assertThat(Machines.events(e, "MapIterationStarted")).extracting(ev -> ev.details().get("index").asInt())
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(Machines.events(e, "MapIterationSucceeded")).extracting(ev -> ev.details().get("index").asInt())
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(Machines.events(e, "MapIterationSucceeded")).allSatisfy(ev -> assertThat(ev.details().get("name").asText()).isEqualTo("M"));
    }

    private static String distributed(String extra, String processorStates) {
        return """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, %s
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "C", "States": %s}}}}
            """.formatted(extra, processorStates);
    }

    private static final String FAIL_WHEN_ASKED = """
        {"C": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Bad"}], "Default": "Ok"},
         "Bad": {"Type": "Fail", "Error": "Item.Bad"},
         "Ok": {"Type": "Pass", "End": true}}
        """;

    @Test
    void itemBatcherGroupsItemsIntoBatchesWithTheBatchInput() {
        String def = distributed("\"ItemsPath\": \"$.xs\", \"ItemBatcher\": {\"MaxItemsPerBatch\": 2, \"BatchInput\": {\"run.$\": \"$.run\"}},",
                "{\"C\": {\"Type\": \"Pass\", \"End\": true}}");
        Execution e = m.run(def, "{\"run\": \"r1\", \"xs\": [1, 2, 3, 4, 5]}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("""
            [{"Items": [1, 2], "BatchInput": {"run": "r1"}},
             {"Items": [3, 4], "BatchInput": {"run": "r1"}},
             {"Items": [5], "BatchInput": {"run": "r1"}}]"""));
        assertThat(Machines.types(e)).contains("MapRunStarted", "MapRunSucceeded");
    }

    private static String flagged(int items, int failing) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items; i++) b.append(i == 0 ? "" : ",").append("{\"i\": ").append(i).append(", \"fail\": ").append(i < failing).append('}');
        return b.append(']').toString();
    }

    @Test
    void failuresWithinToleratedFailurePercentageLetTheMapSucceed() {
        Execution e = m.run(distributed("\"ToleratedFailurePercentage\": 25,", FAIL_WHEN_ASKED), flagged(4, 1));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).hasSize(4);
        assertThat(e.output().get(3)).isEqualTo(json("{\"i\": 3, \"fail\": false}"));
    }

    @Test
    void failuresBeyondToleratedFailurePercentageFailTheMap() {
        Execution e = m.run(distributed("\"ToleratedFailurePercentage\": 25,", FAIL_WHEN_ASKED), flagged(4, 2));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(e.cause()).startsWith("The specified tolerated failure threshold was exceeded");
        assertThat(Machines.types(e)).contains("MapRunFailed");
    }

    @Test
    void failuresBeyondToleratedFailureCountFailTheMap() {
        Execution ok = m.run(distributed("\"ToleratedFailureCount\": 2,", FAIL_WHEN_ASKED), flagged(5, 2));
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Execution bad = m.run(distributed("\"ToleratedFailureCount\": 2,", FAIL_WHEN_ASKED), flagged(5, 3));
        assertThat(bad.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void aDistributedMapWithoutToleranceFailsWithExceedToleratedFailureThresholdOnTheFirstFailure() {
        // a Distributed Map tolerates 0 failures by default and reports the threshold, not the item's error
        Execution e = m.run(distributed("", FAIL_WHEN_ASKED), flagged(3, 1));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void anInlineMapFailsWithTheErrorOfTheFailingIteration() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "C", "States": %s}}}}
            """.formatted(FAIL_WHEN_ASKED);
        Execution e = m.run(def, flagged(3, 1));
        assertThat(e.error()).isEqualTo("Item.Bad");
        assertThat(Machines.types(e)).contains("MapIterationFailed", "MapStateFailed");
    }

}
