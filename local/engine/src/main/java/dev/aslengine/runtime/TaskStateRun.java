package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.model.State;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Task state: calls its resource (a service integration, a Lambda function or an activity), with its task token
 * when it waits for one, and writes the Scheduled, Started, Succeeded / Failed / TimedOut events of the call.
 */
final class TaskStateRun extends StateRun {
    private final State.Task t;

    TaskStateRun(Interpreter interpreter, State.Task t, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, t, raw, frame, entered, enteredEvent);
        this.t = t;
    }

    @Override
    Step run() throws InterruptedException {
        return withRetry(this::attempt);
    }

    /** One attempt at the task (Retry makes another): its token, its Parameters or Arguments, the call and its result. */
    Step attempt() throws InterruptedException {
        ResourceArn resource = t.resource();
        if (resource == null) {
            JsonNode r = t.resourceExpression().evaluate(jsonataScope(null, null));
            try {
                resource = ResourceArn.parse(r == null ? null : r.asText());
            } catch (IllegalArgumentException e) {
                throw new StatesError(StatesError.RUNTIME, "Resource of state '" + c.name() + "': " + e.getMessage());
            }
        }
        // the token exists before Parameters / Arguments are built, so $$.Task.Token can be passed on
        boolean submittedBefore = false;
        if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
            JournalEntry.Token earlier = resumed == null ? null : resumed.token;
            resumed = null;
            if (earlier != null) {
                // the token handed out before the crash stays valid: whoever holds it can still answer
                taskToken = earlier.token();
                engine.tokens().adopt(taskToken);
                submittedBefore = earlier.submitted();
            } else {
                taskToken = engine.tokens().issue();
                execution.journal(new JournalEntry.Token(frame.path, taskToken, false, frame.lastEvent));
            }
        } else {
            resumed = null;
        }
        JsonNode eff;
        JsonNode parameters;
        long timeout;
        long heartbeat;
        try {
            eff = c.isJsonata() ? raw : effectiveInput();
            parameters = c.isJsonata()
                    ? (c.arguments() != null ? c.arguments().evaluate(jsonataScope(null, null)) : raw)
                    : (c.parameters() != null ? c.parameters().evaluate(pathScope(eff)) : eff);
            timeout = t.timeout().isSet() ? seconds(t.timeout(), eff, "TimeoutSeconds") : 0;
            heartbeat = t.heartbeat().isSet() ? seconds(t.heartbeat(), eff, "HeartbeatSeconds") : 0;
        } catch (StatesError e) {
            if (taskToken != null) engine.tokens().forget(taskToken);
            throw e;
        }
        inspect(c.isJsonata() ? "afterArguments" : "afterParameters", parameters);
        JsonNode result;
        if (frame.inspection != null && frame.inspection.mocked()) {
            if (taskToken != null) engine.tokens().forget(taskToken);
            result = frame.inspection.mock();
        } else {
            result = invoke(resource, parameters, timeout, heartbeat, submittedBefore);
        }
        return new Step(c.next(), finishWithResult(result));
    }

    JsonNode invoke(ResourceArn resource, JsonNode parameters, long timeout, long heartbeat, boolean submittedBefore)
            throws InterruptedException {
        if (resource.service().equals("activity")) return activity(resource, parameters, timeout, heartbeat);
        boolean plainLambda = resource.service().equals("function");
        String prefix = plainLambda ? "LambdaFunction" : "Task";
        String key = plainLambda ? "lambdaFunction" : "task";
        String resourceName = resource.action() + resource.pattern().suffix();
        ObjectNode scheduled = Json.object();
        if (plainLambda) {
            scheduled.put("resource", resource.raw());
            scheduled.set("input", parameters);
        } else {
            scheduled.put("resourceType", resource.service());
            scheduled.put("resource", resourceName);
            scheduled.put("region", engine.region());
            scheduled.set("parameters", parameters);
        }
        if (timeout > 0) scheduled.put("timeoutInSeconds", timeout);
        if (heartbeat > 0) scheduled.put("heartbeatInSeconds", heartbeat);
        if (!submittedBefore) {
            event(frame, prefix + "Scheduled", key + "ScheduledEventDetails", scheduled);
            event(frame, prefix + "Started", key + "StartedEventDetails", plainLambda ? Json.object() : resourceDetails(resource, resourceName));
        }
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0;
        try {
            MockConfig.Outcome mocked = execution.mockedInvocation(c.name());
            JsonNode result;
            if (submittedBefore) {
                // the service was called before the crash: only its callback is still awaited
                result = engine.tokens().await(taskToken, heartbeat, deadline);
            } else if (mocked != null) {
                // the test case's answer stands for the service's (and for the callback's, with a task token)
                result = mocked.resultOrThrow();
                if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
                    event(frame, "TaskSubmitted", "taskSubmittedEventDetails", resourceDetails(resource, resourceName).set("output", result));
                }
            } else {
                TaskIntegration integration = engine.integrationFor(resource);
                TaskCall call = new TaskCall(resource, parameters, t.credentials(), execution.arn(), c.name(), taskToken,
                        timeout > 0 ? Instant.now().plusSeconds(timeout) : null);
                result = callWithTimeout(integration, call, deadline);
                if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
                    long submitted = event(frame, "TaskSubmitted", "taskSubmittedEventDetails", resourceDetails(resource, resourceName).set("output", result));
                    execution.journal(new JournalEntry.Token(frame.path, taskToken, true, submitted));
                    result = engine.tokens().await(taskToken, heartbeat, deadline);
                }
            }
            // the service's answer itself is bounded, whatever ResultSelector would keep of it; AWS names the resource
            Interpreter.checkSize(result, resource.raw());
            ObjectNode ok = plainLambda ? Json.object() : resourceDetails(resource, resourceName);
            ok.set("output", result);
            event(frame, prefix + "Succeeded", key + "SucceededEventDetails", ok);
            return result;
        } catch (StatesError e) {
            boolean timedOut = StatesError.TIMEOUT.equals(e.error()) || StatesError.HEARTBEAT_TIMEOUT.equals(e.error());
            ObjectNode failed = plainLambda ? Json.object() : resourceDetails(resource, resourceName);
            failed.put("error", e.error());
            failed.put("cause", e.cause());
            event(frame, prefix + (timedOut ? "TimedOut" : "Failed"), key + (timedOut ? "TimedOut" : "Failed") + "EventDetails", failed);
            throw e;
        } finally {
            if (taskToken != null) engine.tokens().forget(taskToken);
        }
    }

    /** A Task on an activity: scheduled on its queue, started when a worker takes it, ended by the worker's token. */
    JsonNode activity(ResourceArn resource, JsonNode parameters, long timeout, long heartbeat) throws InterruptedException {
        String token = engine.tokens().issue();
        try {
            Activities.ActivityTask task;
            try {
                task = engine.activities().schedule(resource.raw(), token, parameters);
            } catch (EngineException e) {
                StatesError error = new StatesError(StatesError.RUNTIME, e.getMessage());
                event(frame, "ActivityScheduleFailed", "activityScheduleFailedEventDetails",
                        Json.object().put("error", error.error()).put("cause", error.cause()));
                throw error;
            }
            ObjectNode scheduled = Json.object().put("resource", resource.raw());
            scheduled.set("input", parameters);
            if (timeout > 0) scheduled.put("timeoutInSeconds", timeout);
            if (heartbeat > 0) scheduled.put("heartbeatInSeconds", heartbeat);
            event(frame, "ActivityScheduled", "activityScheduledEventDetails", scheduled);
            long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0;
            try {
                String worker = deadline == 0 ? task.taken().get()
                        : task.taken().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                event(frame, "ActivityStarted", "activityStartedEventDetails", Json.object().put("workerName", worker));
                engine.tokens().heartbeat(token); // HeartbeatSeconds counts from when a worker took the task
                JsonNode result = engine.tokens().await(token, heartbeat, deadline);
                event(frame, "ActivitySucceeded", "activitySucceededEventDetails", (ObjectNode) Json.object().set("output", result));
                return result;
            } catch (TimeoutException e) {
                throw activityEnded(new StatesError(StatesError.TIMEOUT, null));
            } catch (ExecutionException e) {
                throw new IllegalStateException("an activity task is only ever completed with its worker's name", e);
            } catch (StatesError e) {
                throw activityEnded(e);
            } finally {
                // no worker may take it once the state has moved on (ended, timed out or stopped)
                task.taken().complete(null);
            }
        } finally {
            engine.tokens().forget(token);
        }
    }

    StatesError activityEnded(StatesError e) {
        boolean timedOut = StatesError.TIMEOUT.equals(e.error()) || StatesError.HEARTBEAT_TIMEOUT.equals(e.error());
        event(frame, timedOut ? "ActivityTimedOut" : "ActivityFailed", timedOut ? "activityTimedOutEventDetails" : "activityFailedEventDetails",
                Json.object().put("error", e.error()).put("cause", e.cause()));
        return e;
    }

    ObjectNode resourceDetails(ResourceArn resource, String resourceName) {
        return Json.object().put("resourceType", resource.service()).put("resource", resourceName);
    }

    JsonNode callWithTimeout(TaskIntegration integration, TaskCall call, long deadline) throws InterruptedException {
        if (deadline == 0) return integration.call(call);
        Future<JsonNode> f = engine.virtualThreads().submit(() -> integration.call(call));
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new StatesError(StatesError.TIMEOUT, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError se) throw se;
            throw new StatesError(StatesError.TASK_FAILED, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }
}
