package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.StateMachine;
import dev.controlplane.local.template.LocalTemplate;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    static final Instant ANCHOR = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void cronExpressionsFireInTheirTimeZone() {
        ScheduleExpression nightly = ScheduleExpression.parse("cron(0 2 * * ? *)", "Europe/Paris", ANCHOR);
        assertThat(nightly.next(ANCHOR)).contains(Instant.parse("2026-01-11T01:00:00Z"));
        assertThat(nightly.next(Instant.parse("2026-07-10T12:00:00Z"))).contains(Instant.parse("2026-07-11T00:00:00Z"));
        ScheduleExpression weekdays = ScheduleExpression.parse("cron(30 9 ? * MON-FRI *)", "UTC", ANCHOR);
        assertThat(weekdays.next(ANCHOR)).as("Saturday the 10th -> Monday the 12th").contains(Instant.parse("2026-01-12T09:30:00Z"));
        ScheduleExpression lastDay = ScheduleExpression.parse("cron(0 0 L * ? *)", null, ANCHOR);
        assertThat(lastDay.next(ANCHOR)).contains(Instant.parse("2026-01-31T00:00:00Z"));
    }

    @Test
    void ratesCountFromTheStartAndAtFiresOnce() {
        ScheduleExpression rate = ScheduleExpression.parse("rate(5 minutes)", "UTC", ANCHOR);
        assertThat(rate.next(ANCHOR)).contains(ANCHOR.plusSeconds(300));
        assertThat(rate.next(ANCHOR.plusSeconds(300))).contains(ANCHOR.plusSeconds(600));
        assertThat(rate.next(ANCHOR.plusSeconds(301))).contains(ANCHOR.plusSeconds(600));
        assertThat(ScheduleExpression.parse("rate(1 day)", "UTC", ANCHOR).next(ANCHOR)).contains(ANCHOR.plus(Duration.ofDays(1)));
        ScheduleExpression once = ScheduleExpression.parse("at(2026-01-10T14:00:00)", "Europe/Paris", ANCHOR);
        assertThat(once.next(ANCHOR)).contains(Instant.parse("2026-01-10T13:00:00Z"));
        assertThat(once.next(Instant.parse("2026-01-10T13:00:00Z"))).isEmpty();
    }

    @Test
    void badExpressionsAreNamed() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 2 * * *)", "UTC", ANCHOR)).hasMessageContaining("cron() takes 6 fields");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 minutes)", "UTC", ANCHOR)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ScheduleExpression.parse("every day", "UTC", ANCHOR)).hasMessageContaining("expected cron(...), rate(N unit)");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 hour)", "Mars/Olympus", ANCHOR)).hasMessageContaining("time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> new Schedules(List.of(schedule("Bad", "cron(nope)", LocalTemplate.TargetKind.FUNCTION, "fn", null, true)),
                null, null, "eu-west-1", "111111111111", Clock.systemUTC(), System.err)).hasMessageStartingWith("Bad: 'cron(nope)'");
    }

    static LocalTemplate.Schedule schedule(String id, String expression, LocalTemplate.TargetKind kind, String arn, String input, boolean rule) {
        return new LocalTemplate.Schedule(id, id, expression, "UTC", true, kind, arn, input, rule, null);
    }

    @Test
    void aScheduleWhoseRoleMayNotStartItsTargetStartsNothingAndSaysWhy() throws Exception {
        String role = "arn:aws:iam::111111111111:role/controlplane-dev-ScheduleRole-ABC";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<dev.controlplane.local.iam.AccessRequest> asked = new java.util.ArrayList<>();
        try (Engine engine = Engine.builder().build()) {
            StateMachine allowed = engine.createStateMachine("allowed", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", null);
            StateMachine refused = engine.createStateMachine("refused", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", null);
            LocalTemplate.Schedule toAllowed = new LocalTemplate.Schedule("Allowed", "allowed", "rate(1 day)", "UTC", true,
                    LocalTemplate.TargetKind.STATE_MACHINE, allowed.arn(), "{}", false, role);
            LocalTemplate.Schedule toRefused = new LocalTemplate.Schedule("Refused", "refused", "rate(1 day)", "UTC", true,
                    LocalTemplate.TargetKind.STATE_MACHINE, refused.arn(), "{}", false, role);
            try (Schedules schedules = new Schedules(List.of(toAllowed, toRefused), engine, null, "eu-west-1", "111111111111",
                    Clock.systemUTC(), new PrintStream(out, true), (r, request) -> {
                        asked.add(request);
                        return request.resource().equals(refused.arn()) ? "User: " + r + " is not authorized to perform: "
                                + request.action() + " on resource: " + request.resource() : null;
                    })) {
                schedules.fire(toRefused, Instant.now());
                assertThatThrownBy(() -> schedules.fireNow("Refused")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("schedule Refused: its role may not start its target")
                        .hasMessageContaining("states:StartExecution on resource: " + refused.arn());
                assertThat(schedules.fireNow("Allowed")).startsWith(allowed.arn().replace(":stateMachine:", ":execution:"));
            }
            assertThat(engine.executions(refused.arn())).as("nothing started").isEmpty();
            assertThat(engine.executions(allowed.arn())).hasSize(1);
        }
        assertThat(asked).extracting(dev.controlplane.local.iam.AccessRequest::action).containsOnly("states:StartExecution");
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(
                "schedule Refused fired but was not delivered: AccessDenied: User: " + role);
    }

    @Test
    void dueSchedulesStartExecutionsAndInvokeFunctionsWithTheirInput() throws Exception {
        ShiftedClock clock = new ShiftedClock();
        BlockingQueue<JsonNode> invoked = new LinkedBlockingQueue<>();
        try (Engine engine = Engine.builder().build()) {
            StateMachine sm = engine.createStateMachine("nightly", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", null);
            Schedules schedules = new Schedules(List.of(
                    schedule("Machine", "cron(* * * * ? *)", LocalTemplate.TargetKind.STATE_MACHINE, sm.arn(), "{\"mode\": \"nightly\"}", false),
                    schedule("Rule", "cron(* * * * ? *)", LocalTemplate.TargetKind.FUNCTION,
                            "arn:aws:lambda:eu-west-1:111111111111:function:sync:live", null, true),
                    schedule("Later", "cron(0 0 1 1 ? 2099)", LocalTemplate.TargetKind.FUNCTION, "never", null, false)),
                    engine, (fn, payload) -> {
                        invoked.add(Json.object().put("function", fn).set("payload", payload));
                        return null;
                    }, "eu-west-1", "111111111111", clock, new PrintStream(PrintStream.nullOutputStream()));
            try (schedules) {
                // 200 ms before the next minute, so that cron(* * * * ? *) is due almost at once
                Instant now = Instant.now();
                clock.shift = Duration.between(now, now.atZone(ZoneOffset.UTC).withSecond(0).withNano(0).plusMinutes(1).minusNanos(200_000_000).toInstant());
                assertThat(schedules.start()).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("Later: cron(0 0 1 1 ? 2099)"));
                JsonNode call = invoked.poll(10, TimeUnit.SECONDS);
                assertThat(call).isNotNull();
                assertThat(call.get("function").asText()).isEqualTo("sync");
                assertThat(call.at("/payload/detail-type").asText()).isEqualTo("Scheduled Event");
                assertThat(call.at("/payload/resources/0").asText()).isEqualTo("arn:aws:events:eu-west-1:111111111111:rule/Rule");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (engine.executions(sm.arn()).isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
                Execution e = engine.executions(sm.arn()).get(0);
                assertThat(e.input()).isEqualTo(Json.parse("{\"mode\": \"nightly\"}"));
            }
        }
    }

    /** The system clock moved by {@code shift}, which a test sets when it is ready. */
    static final class ShiftedClock extends Clock {
        volatile Duration shift = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }
}
