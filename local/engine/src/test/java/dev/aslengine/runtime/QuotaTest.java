package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AWS's quotas on one execution: its history's events, the size of its data, its name and its input. */
class QuotaTest {
    private static final String HISTORY_CAUSE = "The execution reached the maximum number of history events (25000).";
    private final Machines m = new Machines();

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aLoopWithoutEndFailsAtEvent25000AsAwsFailsItAndNoCatchSeesIt() {
        Execution e = m.run("""
                {"StartAt": "Spin", "States": {
                  "Spin": {"Type": "Pass", "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "Work"},
                  "Work": {"Type": "Parallel", "Next": "Spin", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Pass", "End": true}}}],
                           "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "Done"}, {"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}""", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).isEqualTo(HISTORY_CAUSE);
        List<HistoryEvent> events = e.history().events();
        assertThat(events).hasSize(25_000);
        HistoryEvent last = events.get(24_999);
        assertThat(last.type()).isEqualTo("ExecutionFailed");
        assertThat(last.toAws().path("id").asLong()).isEqualTo(25_000);
        assertThat(last.toAws().path("previousEventId").asLong()).isEqualTo(24_999);
        assertThat(Machines.types(e)).doesNotContain("SucceedStateEntered");
    }

    @Test
    void branchesRunningSideBySideAllStopAtTheQuota() {
        String spin = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\", \"Next\": \"S\"}}}";
        Execution e = m.run("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"End\": true, \"Branches\": ["
                + spin + "," + spin + "," + spin + "]}}}", "{}");
        assertThat(e.cause()).isEqualTo(HISTORY_CAUSE);
        assertThat(e.history().events()).hasSize(25_000);
        assertThat(e.history().full()).isTrue();
    }

    @Test
    void aTaskResultOver256KiBFailsTheTaskNamingItsResourceEvenWhenResultSelectorWouldKeepLittle() {
        m.function("big", p -> Json.object().put("id", 7).put("blob", "x".repeat(257 * 1024)));
        Execution e = m.run("""
                {"StartAt": "Fetch", "States": {"Fetch": {"Type": "Task", "Resource": "%s", "ResultSelector": {"id.$": "$.id"}, "End": true}}}"""
                .formatted(arn("big")), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(e.cause()).isEqualTo("The state/task '" + arn("big") + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        assertThat(Machines.types(e)).contains("LambdaFunctionFailed").doesNotContain("LambdaFunctionSucceeded");
    }

    @Test
    void aStateOutputOver256KiBFailsNamingTheState() {
        String half = "y".repeat(130 * 1024);
        Execution e = m.run("""
                {"StartAt": "Twice", "States": {"Twice": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}}""",
                "{\"s\": \"" + half + "\"}");
        assertThat(e.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(e.cause()).startsWith("The state/task 'Twice' returned a result with a size exceeding");
    }

    @Test
    void namesAreOneTo80CharactersWithoutTheForbiddenOnes() {
        String pass = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
        String sm = m.machine(pass).arn();
        assertThat(Machines.awaitEnd(m.engine.startExecution(sm, "a".repeat(80), Json.object())).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        for (String bad : List.of("a".repeat(81), "", "has space", "tab\there", "next\u0085line", "ctl\u0001", "a/b", "a#b", "star*", "[x]")) {
            assertThatThrownBy(() -> m.engine.startExecution(sm, bad, Json.object())).as(bad)
                    .isInstanceOfSatisfying(EngineException.class, ex -> assertThat(ex.errorCode()).isEqualTo("InvalidName"));
        }
        assertThatThrownBy(() -> m.engine.createStateMachine("machine\u009f", pass, null))
                .isInstanceOfSatisfying(EngineException.class, ex -> assertThat(ex.errorCode()).isEqualTo("InvalidName"));
        assertThat(m.engine.createStateMachine("ünïcode-is-allowed_80", pass, null).name()).isEqualTo("ünïcode-is-allowed_80");
    }

    @Test
    void anExecutionInputOver256KiBOfUtf8IsRefused() {
        String sm = m.machine("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}").arn();
        // 140,000 characters, 280,000 bytes: the bound is on the UTF-8 bytes
        assertThatThrownBy(() -> m.engine.startExecution(sm, null, Json.object().put("s", "é".repeat(140_000))))
                .isInstanceOfSatisfying(EngineException.class, ex -> assertThat(ex.errorCode()).isEqualTo("InvalidExecutionInput"));
        assertThat(Machines.awaitEnd(m.engine.startExecution(sm, null, Json.object().put("s", "e".repeat(250_000)))).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
