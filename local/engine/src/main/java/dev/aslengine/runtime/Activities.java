package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Activities: named queues of tasks that Task states with an activity ARN put work on and workers outside the
 * engine take with GetActivityTask, answering with the task token (SendTaskSuccess / Failure / Heartbeat).
 */
public final class Activities {
    /** An activity as DescribeActivity gives it. */
    public record Activity(String arn, String name, Instant creationDate) {}

    /** One piece of work waiting for a worker: the token to answer with and the input; {@code taken} tells the Task who took it. */
    public record ActivityTask(String taskToken, JsonNode input, CompletableFuture<String> taken) {}

    private final String arnPrefix;
    private final Duration pollTimeout;
    private final Map<String, Activity> activities = new ConcurrentHashMap<>();
    private final Map<String, LinkedBlockingQueue<ActivityTask>> queues = new ConcurrentHashMap<>();

    Activities(String region, String accountId, Duration pollTimeout) {
        this.arnPrefix = "arn:aws:states:" + region + ":" + accountId + ":activity:";
        this.pollTimeout = pollTimeout;
    }

    /** Creates an activity; the same name again is answered with the existing one (the call is idempotent). */
    public Activity create(String name) {
        Engine.checkName(name, "name");
        String arn = arnPrefix + name;
        queues.computeIfAbsent(arn, k -> new LinkedBlockingQueue<>());
        return activities.computeIfAbsent(arn, k -> new Activity(arn, name, Instant.now()));
    }

    /** Puts back an activity as it was kept (its creation date as it was). */
    public Activity restore(String name, Instant creationDate) {
        Engine.checkName(name, "name");
        String arn = arnPrefix + name;
        queues.computeIfAbsent(arn, k -> new LinkedBlockingQueue<>());
        Activity a = new Activity(arn, name, creationDate);
        activities.put(arn, a);
        return a;
    }

    public Activity describe(String arn) {
        Activity a = arn == null ? null : activities.get(arn);
        if (a == null) throw new EngineException("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
        return a;
    }

    public boolean exists(String arn) {
        return arn != null && activities.containsKey(arn);
    }

    /** Activities sorted by name. */
    public List<Activity> list() {
        return activities.values().stream().sorted(Comparator.comparing(Activity::name)).toList();
    }

    /** Deletes an activity; a Task still waiting on it waits until its timeout, as in AWS. */
    public void delete(String arn) {
        activities.remove(arn);
        queues.remove(arn);
    }

    /**
     * Waits up to the poll timeout (60 seconds, as AWS holds a GetActivityTask) for a task of the activity; null when
     * none came. The Task that scheduled it is told {@code workerName}.
     */
    public ActivityTask poll(String arn, String workerName) throws InterruptedException {
        describe(arn);
        LinkedBlockingQueue<ActivityTask> queue = queues.get(arn);
        long deadline = System.nanoTime() + pollTimeout.toNanos();
        while (queue != null) {
            long left = deadline - System.nanoTime();
            ActivityTask task = queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (task == null) return null;
            // a task whose state gave up meanwhile (timed out, stopped) is skipped
            if (task.taken().complete(workerName == null ? "" : workerName)) return task;
        }
        return null;
    }

    /** Puts a task on the activity's queue; ActivityDoesNotExist when the activity is not there. */
    ActivityTask schedule(String arn, String taskToken, JsonNode input) {
        LinkedBlockingQueue<ActivityTask> queue = queues.get(arn);
        if (queue == null) throw new EngineException("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
        ActivityTask task = new ActivityTask(taskToken, input, new CompletableFuture<>());
        queue.add(task);
        return task;
    }
}
