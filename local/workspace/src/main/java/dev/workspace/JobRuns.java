package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One-time runs (jobs/runs/submit, get, get-output, cancel, list) and their life cycle:
 * QUEUED (when a queue time is set) -> PENDING (the job cluster starts) -> RUNNING -> TERMINATING ->
 * TERMINATED with a result state SUCCESS, FAILED, TIMEDOUT or CANCELED.
 */
final class JobRuns {

    /** What a task run printed, and its error when it failed. */
    record TaskOutput(String logs, String error, String errorTrace) {}

    /** One task of a run: its own run id, its spec (the new_cluster with the policy applied) and its cluster. */
    record Task(long taskRunId, String taskKey, ObjectNode spec, String clusterId) {

        Task onCluster(String id) {
            return new Task(taskRunId, taskKey, spec, id);
        }
    }

    /** A run as the workspace holds it (and its journal keeps it); every change makes a new one. */
    record Run(long runId, long jobId, String runName, String creator, List<Task> tasks, long timeoutSeconds,
            String injectedFailure, String lifeCycle, String result, String stateMessage,
            boolean userCancelledOrTimedOut, long submitTime, long runningTime, long terminatingTime, long endTime,
            Map<Long, TaskOutput> outputs) {

        Run {
            tasks = List.copyOf(tasks);
            outputs = Map.copyOf(outputs);
        }

        Run moved(String newLifeCycle, String message, List<Task> newTasks, long runningAt) {
            return new Run(runId, jobId, runName, creator, newTasks, timeoutSeconds, injectedFailure, newLifeCycle,
                    result, message, userCancelledOrTimedOut, submitTime, runningAt, terminatingTime, endTime,
                    outputs);
        }

        Run ending(String resultState, String message, boolean byUserOrTimeout, Map<Long, TaskOutput> taskOutputs,
                long now) {
            return new Run(runId, jobId, runName, creator, tasks, timeoutSeconds, injectedFailure, "TERMINATING",
                    resultState, message, byUserOrTimeout, submitTime, runningTime, now, endTime, taskOutputs);
        }

        Run ended(long now) {
            return new Run(runId, jobId, runName, creator, tasks, timeoutSeconds, injectedFailure, "TERMINATED",
                    result, stateMessage, userCancelledOrTimedOut, submitTime, runningTime, terminatingTime, now,
                    outputs);
        }

        boolean isActive() {
            return ACTIVE.contains(lifeCycle);
        }
    }

    private static final Set<String> ACTIVE = Set.of("QUEUED", "PENDING", "RUNNING");
    private static final String RUN = "run";
    private static final String RUN_TOKEN = "run-token";
    private static final String GET_OUTPUT_OF_PARENT = "Retrieving the output of runs with multiple tasks is not"
            + " supported. Please retrieve the output of each individual task run instead.";

    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    private final Map<Long, Long> parentOfTask = new ConcurrentHashMap<>();
    private final Map<String, Long> runsByIdempotencyToken = new HashMap<>();
    private final Map<Long, Process> processes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(684_310_000_000L);
    private final Clusters clusters;
    private final ClusterPolicies policies;
    private final Permissions permissions;
    private final FaultPlan faults;
    private final Stages stages;
    private final WorkspaceOptions options;
    private final PythonTaskRunner python;
    private final String baseUrl;
    private final WorkspaceJournal journal;

    JobRuns(Clusters clusters, ClusterPolicies policies, Permissions permissions, FaultPlan faults, Stages stages,
            WorkspaceOptions options, String baseUrl, WorkspaceJournal journal) {
        this.clusters = clusters;
        this.policies = policies;
        this.permissions = permissions;
        this.faults = faults;
        this.stages = stages;
        this.options = options;
        this.python = new PythonTaskRunner(options.pythonCommand(), options.remoteFiles());
        this.baseUrl = baseUrl;
        this.journal = journal;
    }

    /**
     * Takes up the runs the journal kept: each active one goes on from the stage it was in, that stage's time counted
     * again from now (a task whose python process ended with the last process runs again), and its timeout from its
     * submit time.
     */
    void restore() {
        journal.restored(RUN_TOKEN).forEach((token, runId) -> runsByIdempotencyToken.put(token, runId.asLong()));
        for (Run run : journal.restored(RUN, Run.class).values()) {
            runs.put(run.runId(), run);
            run.tasks().forEach(t -> parentOfTask.put(t.taskRunId(), run.runId()));
            sequence.accumulateAndGet(run.runId() + run.tasks().size(), Math::max);
        }
        for (Run run : runs.values()) {
            resume(run);
        }
    }

    private void resume(Run run) {
        long runId = run.runId();
        switch (run.lifeCycle()) {
            case "QUEUED" -> stages.after(timings().queued(), () -> enterPending(runId));
            case "PENDING" -> enterPending(runId);
            case "RUNNING" -> proceed(runId, run);
            case "TERMINATING" -> stages.after(timings().terminating(), () -> terminated(runId));
            default -> {
                return;
            }
        }
        if (run.timeoutSeconds() > 0) {
            long left = run.submitTime() + run.timeoutSeconds() * 1000 - stages.now();
            timeoutAfter(runId, run.timeoutSeconds(), java.time.Duration.ofMillis(Math.max(0, left)));
        }
    }

    ObjectNode submit(ApiRequest request) {
        JsonNode body = request.body();
        Optional<String> token = Json.text(body, "idempotency_token");
        if (token.isPresent() && token.get().length() > 64) {
            throw ApiException.invalidParameter("idempotency_token must be at most 64 characters, got "
                    + token.get().length());
        }
        synchronized (runsByIdempotencyToken) {
            if (token.isPresent() && runsByIdempotencyToken.containsKey(token.get())) {
                return Json.object().put("run_id", runsByIdempotencyToken.get(token.get()));
            }
            Run run = newRun(body, request.caller());
            token.ifPresent(t -> {
                runsByIdempotencyToken.put(t, run.runId());
                journal.keep(RUN_TOKEN, t, run::runId);
            });
            return Json.object().put("run_id", run.runId());
        }
    }

    private Run newRun(JsonNode body, String caller) {
        List<JsonNode> taskNodes = tasksOf(body);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < taskNodes.size(); i++) {
            tasks.add(task(taskNodes.get(i), i));
        }
        long timeoutSeconds = body.path("timeout_seconds").asLong(0);
        if (timeoutSeconds < 0) {
            throw ApiException.invalidParameter("timeout_seconds must not be negative, got " + timeoutSeconds);
        }
        List<Permissions.Grant> grants = new ArrayList<>(Permissions.parse("jobs", body.get("access_control_list")));
        if (grants.stream().noneMatch(g -> g.level().equals("IS_OWNER"))) {
            grants.add(0, new Permissions.Grant("user_name", caller, "IS_OWNER"));
        }
        long runId = sequence.addAndGet(1 + tasks.size());
        long jobId = runId / 1000;
        List<Task> numbered = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Task withId = new Task(runId + 1 + i, t.taskKey(), t.spec(), t.clusterId());
            parentOfTask.put(withId.taskRunId(), runId);
            numbered.add(withId);
        }
        boolean queued = !timings().queued().isZero();
        Run run = new Run(runId, jobId, Json.text(body, "run_name").orElse("Untitled"), caller, numbered,
                timeoutSeconds, faults.takeRunFailure().orElse(null), queued ? "QUEUED" : "PENDING",
                null, queued ? "Queued" : "Waiting for cluster", false, stages.now(), 0, 0, 0, Map.of());
        runs.put(runId, run);
        keep(runId);
        permissions.register("jobs", Long.toString(jobId), grants);
        if (queued) {
            stages.after(timings().queued(), () -> enterPending(runId));
        } else {
            enterPending(runId);
        }
        if (timeoutSeconds > 0) {
            timeoutAfter(runId, timeoutSeconds, java.time.Duration.ofSeconds(timeoutSeconds));
        }
        return run;
    }

    private void timeoutAfter(long runId, long timeoutSeconds, java.time.Duration delay) {
        stages.after(delay, () -> end(runId, "TIMEDOUT",
                "Run timed out after " + timeoutSeconds + " seconds (timeout_seconds).", true, Map.of()));
    }

    private void keep(long runId) {
        journal.keep(RUN, Long.toString(runId), () -> runs.get(runId));
    }

    private static List<JsonNode> tasksOf(JsonNode body) {
        JsonNode tasks = body.get("tasks");
        if (tasks != null && tasks.isArray() && !tasks.isEmpty()) {
            List<JsonNode> list = new ArrayList<>();
            tasks.forEach(list::add);
            return list;
        }
        // The single-task shape of Jobs API 2.0 puts the task fields at the top level.
        if (body.has("spark_python_task") || body.has("new_cluster")) {
            ObjectNode task = body.deepCopy();
            task.put("task_key", Json.text(body, "run_name").orElse("task"));
            return List.of(task);
        }
        throw ApiException.missingField("tasks");
    }

    private Task task(JsonNode node, int index) {
        String where = "tasks[" + index + "]";
        String key = Json.text(node, "task_key").orElseThrow(() -> ApiException.missingField(where + ".task_key"));
        ObjectNode spec = node.deepCopy();
        String existingCluster = Json.text(node, "existing_cluster_id").orElse(null);
        JsonNode newCluster = node.get("new_cluster");
        if (newCluster != null && newCluster.isObject()) {
            ObjectNode resolved = policies.applyTo((ObjectNode) newCluster, "job");
            Clusters.requireSparkVersion(resolved, where + ".new_cluster.spark_version");
            resolved.remove("apply_policy_default_values");
            spec.set("new_cluster", resolved);
        } else if (existingCluster != null) {
            if (!clusters.exists(existingCluster)) {
                throw ApiException.invalidParameter("Cluster " + existingCluster + " does not exist");
            }
        } else if (!node.has("environment_key")) {
            throw ApiException.invalidParameter("One of " + where + ".new_cluster, " + where
                    + ".existing_cluster_id or " + where + ".environment_key must be given");
        }
        JsonNode pythonTask = node.get("spark_python_task");
        if (pythonTask != null && Json.text(pythonTask, "python_file").isEmpty()) {
            throw ApiException.missingField(where + ".spark_python_task.python_file");
        }
        return new Task(0, key, spec, existingCluster);
    }

    private void enterPending(long runId) {
        boolean moved = change(runId, Set.of("QUEUED", "PENDING"), run -> {
            List<Task> withClusters = run.tasks().stream()
                    .map(t -> t.clusterId() != null || !t.spec().has("new_cluster") ? t
                            : t.onCluster(clusters.createForJob((ObjectNode) t.spec().get("new_cluster"),
                                    run.creator(), "job-" + run.jobId() + "-run-" + t.taskRunId())))
                    .toList();
            return run.moved("PENDING", "Waiting for cluster", withClusters, 0);
        });
        if (moved) {
            stages.after(timings().clusterStart(), () -> startRunning(runId));
        }
    }

    /** The workspace's run timings, or those a fault set. */
    private RunTimings timings() {
        return faults.timingsOr(options.timings());
    }

    private void startRunning(long runId) {
        Run run = runs.get(runId);
        if (run == null || !run.lifeCycle().equals("PENDING")) {
            return;
        }
        boolean allStarted = run.tasks().stream()
                .map(Task::clusterId)
                .filter(id -> id != null)
                .allMatch(clusters::start);
        if (!allStarted) {
            // A cluster that never starts keeps the run PENDING until it is cancelled or times out.
            change(runId, Set.of("PENDING"), r -> r.moved("PENDING", "Waiting for the cluster to start", r.tasks(), 0));
            return;
        }
        boolean moved = change(runId, Set.of("PENDING"), r -> r.moved("RUNNING", "In run", r.tasks(), stages.now()));
        if (!moved) {
            return;
        }
        if (faults.takeRunHangs()) {
            // a hung run: RUNNING until it is cancelled or its timeout_seconds pass
            return;
        }
        proceed(runId, run);
    }

    /** A RUNNING run goes on to its end: the injected failure, its python tasks run, or the running time passed. */
    private void proceed(long runId, Run run) {
        Optional<String> failure = Optional.ofNullable(run.injectedFailure());
        if (failure.isPresent()) {
            Map<Long, TaskOutput> outputs = new LinkedHashMap<>();
            run.tasks().forEach(t -> outputs.put(t.taskRunId(), new TaskOutput("", failure.get(), failure.get())));
            stages.after(timings().running(), () -> end(runId, "FAILED", failure.get(), false, outputs));
        } else if (options.executePython()) {
            // with run timings set as a fault, the run takes at least their running time, whatever python takes
            RunTimings set = faults.timingsOr(null);
            if (set == null || set.running().isZero()) {
                stages.inBackground(() -> execute(runId));
            } else {
                stages.after(set.running(), () -> stages.inBackground(() -> execute(runId)));
            }
        } else {
            stages.after(timings().running(), () -> end(runId, "SUCCESS", "", false, Map.of()));
        }
    }

    private void execute(long runId) {
        Run run = runs.get(runId);
        Map<Long, TaskOutput> outputs = new LinkedHashMap<>();
        for (Task task : run.tasks()) {
            JsonNode pythonTask = task.spec().get("spark_python_task");
            if (pythonTask == null) {
                continue;
            }
            String file = pythonTask.get("python_file").asText();
            Optional<Path> local = python.locate(file);
            if (local.isEmpty()) {
                String error = "FileNotFoundError: " + file + " was not found: the local workspace reads local paths"
                        + " and file: URIs, and other schemes only through the resolver it was started with";
                outputs.put(task.taskRunId(), new TaskOutput("", error, error));
                end(runId, "FAILED", error, false, outputs);
                return;
            }
            List<String> parameters = new ArrayList<>();
            pythonTask.path("parameters").forEach(p -> parameters.add(p.asText()));
            try {
                Path stdout = Files.createTempFile("run-" + task.taskRunId(), ".out");
                Path stderr = Files.createTempFile("run-" + task.taskRunId(), ".err");
                try {
                    Process process = python.start(local.get(), parameters, stdout, stderr);
                    processes.put(runId, process);
                    PythonTaskRunner.Outcome outcome = PythonTaskRunner.await(process, stdout, stderr);
                    processes.remove(runId);
                    if (outcome.exitCode() != 0) {
                        outputs.put(task.taskRunId(), new TaskOutput(outcome.stdout(), lastLine(outcome.stderr(),
                                outcome.exitCode()), outcome.stderr()));
                        end(runId, "FAILED", "Workload failed, see run output for details", false, outputs);
                        return;
                    }
                    outputs.put(task.taskRunId(), new TaskOutput(outcome.stdout(), null, null));
                } finally {
                    Files.deleteIfExists(stdout);
                    Files.deleteIfExists(stderr);
                }
            } catch (IOException e) {
                String error = "Cannot run " + options.pythonCommand() + " on " + file + ": " + e.getMessage();
                outputs.put(task.taskRunId(), new TaskOutput("", error, error));
                end(runId, "FAILED", error, false, outputs);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        end(runId, "SUCCESS", "", false, outputs);
    }

    private static String lastLine(String stderr, int exitCode) {
        String[] lines = stderr.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? "The python process exited with code " + exitCode : last;
    }

    /** Ends an active run with a result; a run already ending or ended is left as it is. */
    private void end(long runId, String result, String message, boolean byUserOrTimeout,
            Map<Long, TaskOutput> outputs) {
        boolean moved = change(runId, ACTIVE, run -> run.ending(result, message, byUserOrTimeout, outputs,
                stages.now()));
        if (!moved) {
            return;
        }
        Process process = processes.remove(runId);
        if (process != null) {
            process.destroyForcibly();
        }
        stages.after(timings().terminating(), () -> terminated(runId));
    }

    /** A TERMINATING run's job clusters are terminated and the run ends. */
    private void terminated(long runId) {
        Run run = runs.get(runId);
        run.tasks().stream()
                .filter(t -> t.spec().has("new_cluster") && t.clusterId() != null)
                .forEach(t -> clusters.terminate(t.clusterId(), "JOB_FINISHED"));
        change(runId, Set.of("TERMINATING"), r -> r.ended(stages.now()));
    }

    private boolean change(long runId, Set<String> from, UnaryOperator<Run> step) {
        boolean[] changed = {false};
        runs.computeIfPresent(runId, (id, run) -> {
            if (!from.contains(run.lifeCycle())) {
                return run;
            }
            changed[0] = true;
            return step.apply(run);
        });
        if (changed[0]) {
            keep(runId);
        }
        return changed[0];
    }

    ObjectNode get(ApiRequest request) {
        long id = request.requiredLong("run_id");
        Run parent = runs.get(id);
        if (parent != null) {
            return render(parent, Optional.empty());
        }
        Run ofTask = runOf(id);
        return render(ofTask, Optional.of(id));
    }

    ObjectNode getOutput(ApiRequest request) {
        long id = request.requiredLong("run_id");
        if (runs.containsKey(id)) {
            throw ApiException.invalidParameter(GET_OUTPUT_OF_PARENT);
        }
        Run run = runOf(id);
        ObjectNode answer = Json.object();
        answer.set("metadata", render(run, Optional.of(id)));
        TaskOutput output = run.outputs().get(id);
        if (output != null) {
            answer.put("logs", output.logs());
            answer.put("logs_truncated", false);
            if (output.error() != null) {
                answer.put("error", output.error());
                answer.put("error_trace", output.errorTrace());
            }
        }
        return answer;
    }

    ObjectNode cancel(ApiRequest request) {
        long id = request.requiredLong("run_id");
        long parent = runs.containsKey(id) ? id : runOf(id).runId();
        end(parent, "CANCELED", "Run cancelled by " + request.caller() + ".", true, Map.of());
        return Json.object();
    }

    ObjectNode list(ApiRequest request) {
        boolean activeOnly = request.field("active_only").map(Boolean::parseBoolean).orElse(false);
        boolean completedOnly = request.field("completed_only").map(Boolean::parseBoolean).orElse(false);
        if (activeOnly && completedOnly) {
            throw ApiException.invalidParameter("active_only and completed_only cannot both be true");
        }
        Optional<Long> jobId = request.field("job_id").map(Long::parseLong);
        int limit = request.field("limit").map(Integer::parseInt).orElse(25);
        int offset = request.field("offset").map(Integer::parseInt).orElse(0);
        if (limit < 1 || limit > 25) {
            throw ApiException.invalidParameter("limit must be between 1 and 25, got " + limit);
        }
        List<Run> matching = runs.values().stream()
                .filter(r -> !activeOnly || !r.lifeCycle().equals("TERMINATED"))
                .filter(r -> !completedOnly || r.lifeCycle().equals("TERMINATED"))
                .filter(r -> jobId.map(j -> j == r.jobId()).orElse(true))
                .sorted(Comparator.comparingLong(Run::runId).reversed())
                .toList();
        ArrayNode list = Json.array();
        matching.stream().skip(offset).limit(limit).forEach(r -> list.add(render(r, Optional.empty())));
        ObjectNode answer = Json.object();
        if (!list.isEmpty()) {
            answer.set("runs", list);
        }
        answer.put("has_more", matching.size() > offset + limit);
        return answer;
    }

    private Run runOf(long taskRunId) {
        Long parent = parentOfTask.get(taskRunId);
        if (parent == null) {
            throw ApiException.invalidParameter("Run " + taskRunId + " does not exist.");
        }
        return runs.get(parent);
    }

    private ObjectNode render(Run run, Optional<Long> onlyTask) {
        ObjectNode node = Json.object();
        node.put("job_id", run.jobId());
        node.put("run_id", onlyTask.orElse(run.runId()));
        if (onlyTask.isPresent()) {
            node.put("parent_run_id", run.runId());
        }
        node.put("number_in_job", run.runId());
        node.put("original_attempt_run_id", onlyTask.orElse(run.runId()));
        node.put("run_name", run.runName());
        node.put("creator_user_name", run.creator());
        node.put("run_type", "SUBMIT_RUN");
        node.put("format", "MULTI_TASK");
        node.set("state", state(run));
        node.set("status", status(run));
        times(node, run);
        node.put("run_page_url", baseUrl + "/?o=" + options.workspaceId() + "#job/" + run.jobId() + "/run/"
                + onlyTask.orElse(run.runId()));
        ArrayNode tasks = Json.array();
        for (Task task : run.tasks()) {
            if (onlyTask.isPresent() && onlyTask.get() != task.taskRunId()) {
                continue;
            }
            ObjectNode t = task.spec().deepCopy();
            t.put("run_id", task.taskRunId());
            t.put("task_key", task.taskKey());
            t.put("attempt_number", 0);
            t.set("state", state(run));
            t.set("status", status(run));
            times(t, run);
            t.put("run_page_url", baseUrl + "/?o=" + options.workspaceId() + "#job/" + run.jobId() + "/run/"
                    + task.taskRunId());
            if (task.clusterId() != null) {
                t.putObject("cluster_instance").put("cluster_id", task.clusterId());
            }
            tasks.add(t);
            if (onlyTask.isPresent()) {
                t.fields().forEachRemaining(e -> {
                    if (Set.of("new_cluster", "spark_python_task", "libraries", "cluster_instance")
                            .contains(e.getKey())) {
                        node.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        node.set("tasks", tasks);
        return node;
    }

    private static ObjectNode state(Run run) {
        ObjectNode state = Json.object();
        state.put("life_cycle_state", run.lifeCycle());
        if (run.result() != null && run.lifeCycle().equals("TERMINATED")) {
            state.put("result_state", run.result());
        }
        state.put("state_message", run.stateMessage());
        state.put("user_cancelled_or_timedout", run.userCancelledOrTimedOut());
        return state;
    }

    private static ObjectNode status(Run run) {
        ObjectNode status = Json.object().put("state", run.lifeCycle());
        if (run.lifeCycle().equals("TERMINATED")) {
            String[] codeAndType = switch (run.result()) {
                case "SUCCESS" -> new String[] {"SUCCESS", "SUCCESS"};
                case "CANCELED" -> new String[] {"USER_CANCELED", "SUCCESS"};
                case "TIMEDOUT" -> new String[] {"CANCELED", "SUCCESS"};
                default -> new String[] {"RUN_EXECUTION_ERROR", "CLIENT_ERROR"};
            };
            status.putObject("termination_details")
                    .put("code", codeAndType[0])
                    .put("type", codeAndType[1])
                    .put("message", run.stateMessage());
        }
        return status;
    }

    private static void times(ObjectNode node, Run run) {
        node.put("start_time", run.submitTime());
        if (run.runningTime() > 0) {
            node.put("setup_duration", run.runningTime() - run.submitTime());
        }
        if (run.terminatingTime() > 0 && run.runningTime() > 0) {
            node.put("execution_duration", run.terminatingTime() - run.runningTime());
        }
        if (run.endTime() > 0) {
            node.put("cleanup_duration", run.endTime() - run.terminatingTime());
            node.put("end_time", run.endTime());
            node.put("run_duration", run.endTime() - run.submitTime());
        }
    }

    /** Stops every python process still running, at shutdown. */
    void stopProcesses() {
        processes.values().forEach(Process::destroyForcibly);
        processes.clear();
    }
}
