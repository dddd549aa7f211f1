package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackTest {
    private final Machines m = new Machines();
    private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        m.close();
    }

    private String waitForToken(String extra) {
        m.function("park", p -> {
            tokens.add(p.get("token").asText());
            return Json.object();
        });
        return """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "park", "Payload": {"token.$": "$$.Task.Token"}}, %s "End": true}}}
            """.formatted(extra);
    }

    private String nextToken() throws InterruptedException {
        String t = tokens.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("the task handed out its token").isNotNull();
        return t;
    }

    @Test
    void sendTaskSuccessCompletesTheTaskWithTheGivenOutput() throws InterruptedException {
        Execution e = m.start(waitForToken(""), "{}");
        m.engine.sendTaskSuccess(nextToken(), json("{\"approved\": true}"));
        Machines.awaitEnd(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"approved\": true}"));
        assertThat(Machines.types(e)).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void sendTaskFailureFailsTheTaskWithTheGivenErrorAndCause() throws InterruptedException {
        Execution e = m.start(waitForToken(""), "{}");
        m.engine.sendTaskFailure(nextToken(), "Approval.Denied", "the manager said no");
        Machines.awaitEnd(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Approval.Denied");
        assertThat(e.cause()).isEqualTo("the manager said no");
    }

    @Test
    void aCallbackFailureCanBeCaughtByName() throws InterruptedException {
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "park", "Payload": {"token.$": "$$.Task.Token"}}, "End": true,
              "Catch": [{"ErrorEquals": ["Approval.Denied"], "Next": "Denied"}]},
              "Denied": {"Type": "Pass", "End": true}}}
            """;
        m.function("park", p -> {
            tokens.add(p.get("token").asText());
            return Json.object();
        });
        Execution e = m.start(def, "{}");
        m.engine.sendTaskFailure(nextToken(), "Approval.Denied", "no");
        Machines.awaitEnd(e);
        assertThat(e.output()).isEqualTo(json("{\"Error\": \"Approval.Denied\", \"Cause\": \"no\"}"));
    }

    @Test
    void heartbeatsKeepACallbackAliveBeyondHeartbeatSeconds() throws InterruptedException {
        Execution e = m.start(waitForToken("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 30,"), "{}");
        String token = nextToken();
        for (int i = 0; i < 8; i++) {
            Thread.sleep(250);
            m.engine.sendTaskHeartbeat(token);
        }
        assertThat(e.status()).as("still waiting after 2 s of heartbeats").isEqualTo(ExecutionStatus.RUNNING);
        m.engine.sendTaskSuccess(token, json("\"done\""));
        Machines.awaitEnd(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().asText()).isEqualTo("done");
    }

    @Test
    void anUnknownTokenIsRefused() {
        assertThatThrownBy(() -> m.engine.sendTaskSuccess("no-such-token", json("{}")))
                .isInstanceOf(TaskTokens.UnknownTokenException.class);
        assertThatThrownBy(() -> m.engine.sendTaskFailure("no-such-token", "E", "c"))
                .isInstanceOf(TaskTokens.UnknownTokenException.class);
        assertThatThrownBy(() -> m.engine.sendTaskHeartbeat("no-such-token"))
                .isInstanceOf(TaskTokens.UnknownTokenException.class);
    }

    @Test
    void aTokenCannotBeCompletedTwice() throws InterruptedException {
        Execution e = m.start(waitForToken(""), "{}");
        String token = nextToken();
        m.engine.sendTaskSuccess(token, json("1"));
        Machines.awaitEnd(e);
        assertThatThrownBy(() -> m.engine.sendTaskSuccess(token, json("2"))).isInstanceOf(TaskTokens.UnknownTokenException.class);
        assertThat(e.output()).isEqualTo(json("1"));
    }

    @Test
    void aTokenAnsweredBeforeTheTaskStartsWaitingStillCompletesIt() {
        // the callee may call back before the engine starts waiting on the token (a fast in-process handler)
        m.function("instant", p -> {
            m.engine.sendTaskSuccess(p.get("token").asText(), json("{\"fast\": true}"));
            return Json.object();
        });
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "instant", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}
            """;
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"fast\": true}"));
    }
}
