package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import org.junit.jupiter.api.Test;

class TaskTokensTest {
    private static void answeredWith(Runnable answer, String errorCode) {
        assertThatThrownBy(answer::run).isInstanceOfSatisfying(TaskTokens.UnknownTokenException.class,
                e -> assertThat(e.errorCode()).isEqualTo(errorCode));
    }

    @Test
    void aTokenOfThisAccountAndRegionThatNoTaskWaitsForIsTaskTimedOutEvenForTokensStartedAgain() {
        TaskTokens before = new TaskTokens("us-east-1", "123456789012");
        String token = before.issue();
        before.forget(token);
        answeredWith(() -> before.succeed(token, Json.object()), "TaskTimedOut");
        // the tokens of an engine started again on the same account and region (a restart of up)
        TaskTokens after = new TaskTokens("us-east-1", "123456789012");
        answeredWith(() -> after.succeed(token, Json.object()), "TaskTimedOut");
        answeredWith(() -> after.fail(token, "E", null), "TaskTimedOut");
        answeredWith(() -> after.heartbeat(token), "TaskTimedOut");
    }

    @Test
    void aTokenOfAnotherAccountOrRegionIsTaskDoesNotExist() {
        String token = new TaskTokens("us-east-1", "123456789012").issue();
        answeredWith(() -> new TaskTokens("us-east-1", "210987654321").succeed(token, Json.object()), "TaskDoesNotExist");
        answeredWith(() -> new TaskTokens("eu-west-1", "123456789012").heartbeat(token), "TaskDoesNotExist");
    }
}
