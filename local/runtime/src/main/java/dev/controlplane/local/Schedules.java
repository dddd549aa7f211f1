package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.controlplane.local.iam.AccessRequest;
import dev.controlplane.local.template.LocalTemplate;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The template's schedules firing on time into their targets: a state machine gets an execution with the schedule's
 * Input, a function is invoked asynchronously with the Input (or, without one, the event EventBridge sends: the
 * "Scheduled Event" of a rule, {@code {}} from EventBridge Scheduler). Missed firings while the runtime was down are
 * not made up, as in AWS.
 */
final class Schedules implements AutoCloseable {
    private final Map<LocalTemplate.Schedule, ScheduleExpression> expressions = new LinkedHashMap<>();
    private final Engine engine;
    private final FunctionInvoker functions;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final PrintStream log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });

    /** Whether a role may make a call: null when it may, else AWS's AccessDenied message. */
    @FunctionalInterface
    interface RoleCheck {
        String denied(String roleArn, AccessRequest request);
    }

    /** A schedule's own role, checked before it starts or invokes its target (none: {@link #NO_CHECK}). */
    private final RoleCheck roles;

    private static final RoleCheck NO_CHECK = (role, request) -> null;

    /** @throws IllegalArgumentException naming every schedule whose expression or time zone is wrong */
    Schedules(List<LocalTemplate.Schedule> schedules, Engine engine, FunctionInvoker functions, String region, String accountId,
            Clock clock, PrintStream log) {
        this(schedules, engine, functions, region, accountId, clock, log, NO_CHECK);
    }

    /**
     * @param roles decides each firing of a schedule that names its role (a Scheduler schedule's Target.RoleArn): its
     *              policies must allow states:StartExecution on the state machine, or lambda:InvokeFunction on the
     *              function, as EventBridge Scheduler needs; a refused firing starts nothing and says why
     * @throws IllegalArgumentException naming every schedule whose expression or time zone is wrong
     */
    Schedules(List<LocalTemplate.Schedule> schedules, Engine engine, FunctionInvoker functions, String region, String accountId,
            Clock clock, PrintStream log, RoleCheck roles) {
        this.roles = roles;
        this.engine = engine;
        this.functions = functions;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.log = log;
        List<String> problems = new ArrayList<>();
        for (LocalTemplate.Schedule s : schedules) {
            try {
                expressions.put(s, ScheduleExpression.parse(s.expression(), s.timezone(), clock.instant()));
            } catch (IllegalArgumentException e) {
                problems.add(s.id() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
    }

    /** Arms every enabled schedule; returns a line per schedule for the start-up output. */
    List<String> start() {
        List<String> lines = new ArrayList<>();
        Instant now = clock.instant();
        expressions.forEach((s, expression) -> {
            String target = s.targetKind() == LocalTemplate.TargetKind.STATE_MACHINE ? "execution of " + s.targetArn()
                    : "invocation of " + LocalTemplate.functionName(s.targetArn());
            if (!s.enabled()) {
                lines.add(s.id() + ": " + expression + " -> " + target + " (disabled in the template)");
                return;
            }
            expression.next(now).ifPresentOrElse(next -> {
                arm(s, expression, next);
                lines.add(s.id() + ": " + expression + " -> " + target + ", next at " + next);
            }, () -> lines.add(s.id() + ": " + expression + " -> " + target + " (no firing left)"));
        });
        return lines;
    }

    private void arm(LocalTemplate.Schedule s, ScheduleExpression expression, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timer.schedule(() -> {
            fire(s, at);
            expression.next(at).ifPresent(next -> arm(s, expression, next));
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Fires a schedule now, enabled or not, as an operator's "run it now": what the schedule's next firing would do.
     *
     * @return the execution started, or the function invoked (asynchronously)
     * @throws IllegalArgumentException when the template has no such schedule, or its target refuses it (e.g. a state
     *                                  machine that is not running here), naming the schedule and why
     */
    String fireNow(String id) {
        LocalTemplate.Schedule s = expressions.keySet().stream().filter(x -> x.id().equals(id) || x.name().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no schedule '" + id + "'; it has "
                        + expressions.keySet().stream().map(LocalTemplate.Schedule::id).toList()));
        String denied = denied(s);
        if (denied != null) {
            log.println("schedule " + s.id() + " fired now (by hand): AccessDenied: " + denied);
            throw new IllegalArgumentException("schedule " + s.id() + ": its role may not start its target: " + denied);
        }
        if (s.targetKind() == LocalTemplate.TargetKind.FUNCTION) {
            deliver(s, clock.instant());
            return "invocation of " + LocalTemplate.functionName(s.targetArn());
        }
        try {
            Execution e = engine.startExecution(s.targetArn(), null, s.input() == null ? Json.object() : Json.parse(s.input()));
            log.println("schedule " + s.id() + " fired now (by hand): started " + e.arn());
            return e.arn();
        } catch (EngineException e) {
            throw new IllegalArgumentException("schedule " + s.id() + ": its target " + s.targetArn() + " refused the execution: "
                    + e.getMessage(), e);
        }
    }

    /** One firing of a schedule at its scheduled time. */
    void fire(LocalTemplate.Schedule s, Instant scheduledTime) {
        String denied = denied(s);
        if (denied != null) {
            log.println("schedule " + s.id() + " fired but was not delivered: AccessDenied: " + denied);
            return;
        }
        deliver(s, scheduledTime);
    }

    /** Starts or invokes the schedule's target, its role already allowed to. */
    private void deliver(LocalTemplate.Schedule s, Instant scheduledTime) {
        try {
            if (s.targetKind() == LocalTemplate.TargetKind.STATE_MACHINE) {
                JsonNode input = s.input() == null ? Json.object() : Json.parse(s.input());
                Execution e = engine.startExecution(s.targetArn(), null, input);
                log.println("schedule " + s.id() + " fired: started " + e.arn());
            } else {
                JsonNode payload = s.input() != null ? Json.parse(s.input()) : s.eventBridgeRule() ? scheduledEvent(s, scheduledTime) : Json.object();
                Thread.ofVirtual().name("schedule-" + s.id()).start(() -> invoke(s, payload));
            }
        } catch (EngineException | IllegalArgumentException e) {
            log.println("schedule " + s.id() + " fired but its target refused it: " + e.getMessage());
        }
    }

    /** Why the schedule's role may not start or invoke its target, or null when it may (or names no role). */
    private String denied(LocalTemplate.Schedule s) {
        if (s.roleArn() == null) return null;
        AccessRequest request = s.targetKind() == LocalTemplate.TargetKind.STATE_MACHINE
                ? new AccessRequest("states:StartExecution", s.targetArn())
                : new AccessRequest("lambda:InvokeFunction", s.targetArn());
        return roles.denied(s.roleArn(), request);
    }

    private void invoke(LocalTemplate.Schedule s, JsonNode payload) {
        String function = LocalTemplate.functionName(s.targetArn());
        try {
            functions.invoke(function, payload);
            log.println("schedule " + s.id() + " fired: invoked " + function);
        } catch (StatesError e) {
            log.println("schedule " + s.id() + " fired: " + function + " failed: " + e.error());
        }
    }

    /** The event an EventBridge schedule rule sends a function. */
    private ObjectNode scheduledEvent(LocalTemplate.Schedule s, Instant time) {
        ObjectNode e = Json.object();
        e.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", "Scheduled Event").put("source", "aws.events")
                .put("account", accountId).put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).put("region", region);
        e.putArray("resources").add("arn:aws:events:" + region + ":" + accountId + ":rule/" + s.name());
        e.putObject("detail");
        return e;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
