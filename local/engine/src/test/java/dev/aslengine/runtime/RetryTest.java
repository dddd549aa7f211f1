package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.model.DefinitionParser;
import dev.aslengine.model.Retrier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final Machines m = new Machines();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<JsonNode> payloads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        m.close();
    }

    static final class Throttled extends RuntimeException {
        Throttled() {
            super("slow down");
        }
    }

    static final class Broken extends RuntimeException {
        Broken() {
            super("broken");
        }
    }

    /** A function failing with the given exceptions in turn (null: succeed), counting its invocations. */
    private void script(RuntimeException... outcomes) {
        m.function("f", p -> {
            payloads.add(p);
            int n = calls.getAndIncrement();
            if (n < outcomes.length && outcomes[n] != null) throw outcomes[n];
            return Json.object().put("call", n + 1);
        });
    }

    private static String task(String retry, String extra) {
        return """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "%s", %s "Retry": %s, "End": true}}}
            """.formatted(arn("f"), extra, retry);
    }

    private static List<Retrier> retriers(String retry) {
        return DefinitionParser.parse(task(retry, "")).state("T").common().retry();
    }

    @Test
    void delaysGrowByBackoffRateFromIntervalSeconds() {
        Retrier r = retriers("[{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 2, \"BackoffRate\": 3, \"MaxAttempts\": 5}]").get(0);
        assertThat(r.delaySeconds(0)).isEqualTo(2.0);
        assertThat(r.delaySeconds(1)).isEqualTo(6.0);
        assertThat(r.delaySeconds(2)).isEqualTo(18.0);
    }

    @Test
    void maxDelaySecondsCapsTheBackoff() {
        Retrier r = retriers("[{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 2, \"BackoffRate\": 3, \"MaxDelaySeconds\": 10}]").get(0);
        assertThat(r.delaySeconds(1)).isEqualTo(6.0);
        assertThat(r.delaySeconds(2)).isEqualTo(10.0);
        assertThat(r.delaySeconds(9)).isEqualTo(10.0);
    }

    @Test
    void defaultsAreOneSecondThreeAttemptsAndBackoffTwoWithoutJitter() {
        Retrier r = retriers("[{\"ErrorEquals\": [\"States.ALL\"]}]").get(0);
        assertThat(r.intervalSeconds()).isEqualTo(1.0);
        assertThat(r.maxAttempts()).isEqualTo(3);
        assertThat(r.backoffRate()).isEqualTo(2.0);
        assertThat(r.maxDelaySeconds()).isNull();
        assertThat(r.fullJitter()).isFalse();
        assertThat(r.delaySeconds(2)).isEqualTo(4.0);
    }

    @Test
    void jitterStrategyFullIsReadAndNoneIsTheDefault() {
        assertThat(retriers("[{\"ErrorEquals\": [\"States.ALL\"], \"JitterStrategy\": \"FULL\"}]").get(0).fullJitter()).isTrue();
        assertThat(retriers("[{\"ErrorEquals\": [\"States.ALL\"], \"JitterStrategy\": \"NONE\"}]").get(0).fullJitter()).isFalse();
    }

    @Test
    void aTaskIsRetriedMaxAttemptsTimesThenFails() {
        script(new Throttled(), new Throttled(), new Throttled(), new Throttled());
        Execution e = m.run(task("[{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 2}]", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(Throttled.class.getName());
        assertThat(calls).hasValue(3);
        assertThat(Machines.events(e, "LambdaFunctionScheduled")).hasSize(3);
    }

    @Test
    void maxAttemptsZeroMeansNoRetry() {
        script(new Throttled());
        Execution e = m.run(task("[{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 0}]", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRetryThatSucceedsGivesTheResultOfTheSuccessfulAttempt() {
        script(new Throttled(), new Throttled(), null);
        Execution e = m.run(task("[{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 30, \"JitterStrategy\": \"FULL\"}]", ""), "{\"n\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("call").asInt()).isEqualTo(3);
        assertThat(payloads).allSatisfy(p -> assertThat(p).isEqualTo(Json.parse("{\"n\": 1}")));
    }

    @Test
    void aRetrierOnlyRetriesTheErrorsItNames() {
        script(new Broken(), null);
        Execution e = m.run(task("[{\"ErrorEquals\": [\"" + Throttled.class.getName() + "\"], \"MaxAttempts\": 5}]", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(Broken.class.getName());
        assertThat(calls).hasValue(1);
    }

    @Test
    void retriersKeepIndependentCounters() {
        // Throttled, Broken, Throttled: each retrier allows one retry of its own error, so the third failure is final
        script(new Throttled(), new Broken(), new Throttled(), null);
        String retry = """
            [{"ErrorEquals": ["%s"], "MaxAttempts": 1}, {"ErrorEquals": ["%s"], "MaxAttempts": 1}]
            """.formatted(Throttled.class.getName(), Broken.class.getName());
        Execution e = m.run(task(retry, ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(Throttled.class.getName());
        assertThat(calls).hasValue(3);
    }

    @Test
    void theFirstMatchingRetrierDecidesEvenWhenItAllowsNoAttempts() {
        script(new Throttled(), null);
        String retry = """
            [{"ErrorEquals": ["%s"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}]
            """.formatted(Throttled.class.getName());
        Execution e = m.run(task(retry, ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void stateRetryCountCountsTheRetriesOfTheState() {
        script(new Throttled(), new Throttled(), null);
        Execution e = m.run(task("[{\"ErrorEquals\": [\"States.ALL\"]}]", "\"Parameters\": {\"retry.$\": \"$$.State.RetryCount\"},"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(payloads).extracting(p -> p.get("retry").asInt()).containsExactly(0, 1, 2);
    }

    @Test
    void catchAppliesOnceRetriesAreExhausted() {
        script(new Throttled(), new Throttled(), new Throttled());
        String def = """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "%s", "End": true,
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}]},
              "Handled": {"Type": "Pass", "End": true}}}
            """.formatted(arn("f"));
        Execution e = m.run(def, "{\"id\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls).hasValue(3);
        assertThat(e.output().get("id").asInt()).isEqualTo(1);
        assertThat(e.output().get("error").get("Error").asText()).isEqualTo(Throttled.class.getName());
    }

    @Test
    void statesAllRetriesNothingForStatesRuntime() {
        script();
        Execution e = m.run(task("[{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 3}]", "\"InputPath\": \"$.missing\","), "{}");
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(calls).hasValue(0);
        assertThat(Machines.types(e)).containsOnlyOnce("TaskStateEntered");
    }

    @Test
    void aParallelStateIsRetriedAsAWhole() {
        script(new Throttled(), null);
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
              "Branches": [{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}]}}}
            """.formatted(arn("f"));
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get(0).get("call").asInt()).isEqualTo(2);
        assertThat(Machines.events(e, "ParallelStateStarted")).hasSize(2);
    }
}
