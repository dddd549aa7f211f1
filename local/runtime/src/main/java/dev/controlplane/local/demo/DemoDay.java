package dev.controlplane.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.jobs.RunTask;
import dev.controlplane.databricks.DatabricksRuns;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.local.LocalEnvironments;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.RuntimeResources;
import dev.controlplane.local.template.LocalTemplate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * {@code controlplane demo}'s day, played against a running {@link LocalRuntime} through its public endpoints only (the
 * AWS SDK on the one AWS endpoint, HTTP to the webhook route), as CI, GitHub, a release manager, an operator and the
 * schedule would: prod data seeded; a signed push to a feature branch and that branch's CI upload; a signed merge to
 * the default branch and the default branch's upload, promoted through every environment with prod's approval given
 * as the console gives it; a signed release; a launch of the released script on a job cluster; a replication of the
 * configured datasets. Each execution is waited for; then it reports what happened.
 *
 * <p>What the day uses comes from config/ (the first team with a project and a workspace here, its first project and
 * script, the datasets) and from the template (tables, buckets, routes, state machines, the replication schedule).
 */
public final class DemoDay {
    /** The template's workflows, by logical id. */
    static final String PROMOTE = "PromoteArtifactStateMachine";
    static final String LAUNCH = "LaunchClusterStateMachine";
    static final String REPLICATE = "ReplicateDataStateMachine";

    /**
     * @param prodObjects      objects seeded into each dataset's prod source
     * @param pollSeconds      launch-cluster's poll_seconds for the launch
     * @param executionTimeout how long each execution may take before the step counts as failed
     */
    public record Settings(int prodObjects, int pollSeconds, Duration executionTimeout) {
        public static final Settings DEFAULT = new Settings(300, 2, Duration.ofMinutes(5));

        public Settings {
            if (prodObjects < 1) throw new IllegalArgumentException("prodObjects must be at least 1, got " + prodObjects);
            if (pollSeconds < 1 || pollSeconds > 3600) throw new IllegalArgumentException("pollSeconds must be 1 to 3600, got " + pollSeconds);
        }
    }

    private static final String VERSION = "1.4.0";

    private final LocalRuntime runtime;
    /** Where replicate-data runs: the environment whose template enables its schedule (staging), else the first. */
    private final LocalRuntime replicationRuntime;
    /** Each environment's public endpoints, by account: an execution is described where its ARN says it runs. */
    private final Map<String, PublicEndpoints> byAccount;
    /** Each environment running, by name: a version announced to one is followed there. */
    private final Map<String, LocalRuntime> byName;
    private final RuntimeResources resources;
    private final Settings settings;
    private final PrintStream out;
    private final PublicEndpoints aws;
    private final List<DemoStep> steps = new ArrayList<>();
    private final Map<String, String> outcomes = new LinkedHashMap<>();
    private final TeamConfig team;
    private final ProjectConfig project;
    private final String script;
    private final String featureBranch;
    private byte[] webhookSecret;
    private JsonNode launchOutput;
    private JsonNode replicationOutput;
    private String latestMoved;

    private DemoDay(LocalRuntime runtime, LocalRuntime replicationRuntime, Map<String, PublicEndpoints> byAccount,
            Map<String, LocalRuntime> byName, Settings settings, PrintStream out, PublicEndpoints aws) {
        this.runtime = runtime;
        this.replicationRuntime = replicationRuntime;
        this.byAccount = byAccount;
        this.byName = byName;
        this.resources = runtime.resources();
        this.settings = settings;
        this.out = out;
        this.aws = aws;
        String environment = resources.environment();
        this.team = runtime.platformConfig().teams().stream()
                .filter(t -> !t.projects().isEmpty() && t.clusters().flatMap(c -> c.workspace(environment)).isPresent())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("config/teams has no team with a project and a"
                        + " Databricks workspace in " + environment + "; the demo needs one to build, promote and launch"));
        this.project = team.projects().get(0);
        this.script = project.scripts().isEmpty() ? project.name() : project.scripts().get(0);
        this.featureBranch = "feature/" + script + "-segments";
    }

    /**
     * Plays the day across the environments running, printing each step as it ends, and returns the steps and the
     * summary: builds arrive in the first environment; replication runs where the template schedules it.
     */
    public static DemoReport play(LocalEnvironments environments, Settings settings, PrintStream out) {
        LocalRuntime first = environments.first();
        LocalRuntime replication = environments.runtimes().stream().filter(DemoDay::schedulesReplication).findFirst().orElse(first);
        Map<String, PublicEndpoints> byAccount = new LinkedHashMap<>();
        Map<String, LocalRuntime> byName = new LinkedHashMap<>();
        for (LocalRuntime r : environments.runtimes()) byName.put(r.environment(), r);
        try {
            for (LocalRuntime r : environments.runtimes()) {
                URI webhook = r.resources().webhookPath() == null ? null : r.endpoints().httpApi().resolve(r.resources().webhookPath());
                byAccount.putIfAbsent(r.template().stack().accountId(), new PublicEndpoints(r.clientEnvironment(), webhook));
            }
            DemoDay day = new DemoDay(first, replication, byAccount, byName, settings, out, byAccount.get(first.template().stack().accountId()));
            day.playAll();
            String summary = day.summary();
            return new DemoReport(day.steps, summary);
        } finally {
            byAccount.values().forEach(PublicEndpoints::close);
        }
    }

    private static boolean schedulesReplication(LocalRuntime r) {
        Optional<String> machine = r.resources().stateMachine(REPLICATE);
        return machine.isPresent() && r.template().schedules().stream()
                .anyMatch(s -> s.enabled() && s.targetKind() == LocalTemplate.TargetKind.STATE_MACHINE && s.targetArn().equals(machine.get()));
    }

    /** The Step Functions client of the environment an execution or state machine ARN belongs to. */
    private SfnClient sfn(String arn) {
        return endpointsOf(arn).sfn;
    }

    /** The public endpoints of the environment an ARN belongs to (by its account), or the first environment's. */
    private PublicEndpoints endpointsOf(String arn) {
        return byAccount.getOrDefault(accountOf(arn), aws);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    private void playAll() {
        String repository = project.repository();
        String featureCommit = commit("feature " + featureBranch);
        String mergeCommit = commit("merge " + featureBranch + " into " + project.defaultBranch());
        out.println("The day: team " + team.name() + ", project " + project.name() + " (" + repository + "), script " + script
                + ", environments " + String.join(" -> ", resources.artifactBuckets().keySet()));
        step("Prod data seeded", this::seedProdData);
        step("Developer pushes " + featureBranch + " (signed GitHub webhook)", t -> featurePush(t, featureCommit));
        step("CI uploads " + script + " " + VERSION + " built from " + featureBranch,
                t -> upload(t, CiBuild.of(team.name(), project.name(), script, VERSION, featureBranch, project.defaultBranch(),
                        featureCommit), "published"));
        step("Pull request merged into " + project.defaultBranch() + " (signed GitHub webhook)", t -> merge(t, mergeCommit));
        step("CI uploads " + script + " " + VERSION + " built from " + project.defaultBranch()
                + ": promoted along the chain, approved where config asks",
                t -> upload(t, CiBuild.of(team.name(), project.name(), script, VERSION, project.defaultBranch(), project.defaultBranch(),
                        mergeCommit), "promoted"));
        step("Release v" + VERSION + " published (signed GitHub webhook)", this::release);
        step("Operator launches " + script + " (latest) on a job cluster", this::launch);
        step("Nightly replication of prod data to staging", this::replicate);
    }

    // ---------------------------------------------------------------- the steps

    private interface Action {
        DemoStep run(String title) throws Exception;
    }

    private void step(String title, Action action) {
        DemoStep done;
        try {
            done = action.run(title);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = DemoStep.failed(title, "interrupted", null);
        } catch (Exception e) {
            done = DemoStep.failed(title, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
        steps.add(done);
        out.printf("[%s] %s%n      %s%n", done.status().label(), done.title(), done.detail());
        out.flush();
    }

    private DemoStep seedProdData(String title) throws Exception {
        List<DatasetConfig> datasets = runtime.platformConfig().datasets();
        if (datasets.isEmpty()) return new DemoStep(title, DemoStep.Status.NOT_RUN, "config/datasets names no dataset", null);
        List<String> lines = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (DatasetConfig d : datasets) {
                List<Future<Integer>> puts = new ArrayList<>();
                int days = Math.max(1, Math.min(10, settings.prodObjects() / 30));
                for (int i = 0; i < settings.prodObjects(); i++) {
                    String key = d.source().prefix() + "date=2026-11-" + String.format("%02d", 1 + i % days)
                            + String.format("/part-%05d.json", i);
                    byte[] body = ("{\"order_id\": " + (100_000 + i) + ", \"amount\": " + (i * 37 % 500) + "." + (i % 100)
                            + ", \"currency\": \"EUR\"}\n").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
                    puts.add(pool.submit(() -> put(d.source().bucket(), key, body)));
                }
                // a marker the dataset's excludes leave behind, and yesterday's copy of an order file prod has since dropped
                puts.add(pool.submit(() -> put(d.source().bucket(), d.source().prefix() + "date=2026-11-01/_SUCCESS", new byte[0])));
                puts.add(pool.submit(() -> put(d.target().bucket(), d.target().prefix() + "date=2026-10-31/part-99999.json",
                        "{\"order_id\": 99999}\n".getBytes(StandardCharsets.UTF_8))));
                long bytes = 0;
                for (int i = 0; i < puts.size(); i++) {
                    int written = puts.get(i).get();
                    if (i < settings.prodObjects()) bytes += written;
                }
                lines.add(d.name() + ": " + settings.prodObjects() + " objects (" + bytes + " bytes) in " + d.source().uri()
                        + ", a _SUCCESS marker, and one stale object in " + d.target().uri());
            }
        }
        return DemoStep.succeeded(title, String.join("; ", lines), null);
    }

    private int put(String bucket, String key, byte[] body) {
        aws.s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(body));
        return body.length;
    }

    private DemoStep featurePush(String title, String commit) throws Exception {
        HttpResponse<String> answer = deliver("push", push("refs/heads/" + featureBranch, commit));
        JsonNode body = Json.parse(answer.body());
        if (answer.statusCode() == 202 && body.path("message").asText().equals("ignored")) {
            return DemoStep.succeeded(title, "HTTP 202, nothing started: " + body.path("reason").asText()
                    + " (the branch's build is published by its upload)", null);
        }
        return DemoStep.failed(title, "expected HTTP 202 ignored, got " + answer.statusCode() + " " + answer.body(), null);
    }

    private DemoStep upload(String title, CiBuild build, String expectedOutcome) throws Exception {
        if (resources.inboxBucket() == null) return DemoStep.failed(title, "the template has no bucket notifying manifest.json uploads", null);
        String machine = machine(PROMOTE);
        Map<String, Set<String>> before = new LinkedHashMap<>();
        for (LocalRuntime r : byName.values()) r.resources().stateMachine(PROMOTE).ifPresent(m -> before.put(m, executions(m)));
        build.upload(aws.s3, resources.inboxBucket());
        String execution = awaitNewExecution(machine, before.get(machine));
        DemoStep step = expect(title, execution, expectedOutcome, "s3://" + resources.inboxBucket() + "/" + build.prefix() + "manifest.json -> ");
        return step.status() == DemoStep.Status.SUCCEEDED ? followAnnouncements(title, step, execution, before) : step;
    }

    /**
     * Where a promotion ended announcing the version to the next environment, that environment's own promote-artifact
     * pulls it in (approved there where its config asks): each one is waited for in turn, up the chain.
     */
    private DemoStep followAnnouncements(String title, DemoStep first, String execution, Map<String, Set<String>> before) throws Exception {
        StringBuilder detail = new StringBuilder(first.detail());
        String last = execution;
        for (JsonNode output = output(execution); output.hasNonNull("announcedTo"); output = output(last)) {
            String environment = output.get("announcedTo").asText();
            LocalRuntime next = byName.get(environment);
            Optional<String> machine = next == null ? Optional.empty() : next.resources().stateMachine(PROMOTE);
            if (machine.isEmpty()) {
                detail.append("\n      announced to ").append(environment).append(", whose promote-artifact is not running here");
                return new DemoStep(title, DemoStep.Status.SUCCEEDED, detail.toString(), last);
            }
            last = awaitNewExecution(machine.get(), before.getOrDefault(machine.get(), Set.of()));
            DemoStep hop = expect(title, last, "promoted", "announced to " + environment + " -> its own ");
            detail.append("\n      ").append(hop.detail());
            if (hop.status() != DemoStep.Status.SUCCEEDED) return DemoStep.failed(title, detail.toString(), last);
        }
        return DemoStep.succeeded(title, detail.toString(), execution);
    }

    private DemoStep merge(String title, String commit) throws Exception {
        return started(title, deliver("push", push("refs/heads/" + project.defaultBranch(), commit)), "awaiting-build");
    }

    private DemoStep release(String title) throws Exception {
        ObjectNode body = Json.object();
        body.put("action", "published");
        body.putObject("release").put("tag_name", "v" + VERSION).put("name", VERSION).put("target_commitish", project.defaultBranch())
                .put("draft", false).put("prerelease", false).put("published_at", Instant.now().toString());
        repository(body);
        body.putObject("sender").put("login", "release-manager");
        DemoStep step = started(title, deliver("release", Json.write(body)), "latest-moved");
        if (step.status() == DemoStep.Status.SUCCEEDED) latestMoved = VERSION;
        return step;
    }

    private DemoStep launch(String title) throws Exception {
        ObjectNode input = Json.object();
        input.put("team", team.name()).put("project_name", project.name()).put("script_name", script);
        input.putObject("parameters").put("date", LocalDate.now(ZoneOffset.UTC).toString()).put("mode", "full");
        input.putArray("view_access_control_list").add("analysts");
        input.put("poll_seconds", settings.pollSeconds());
        // The demo waits this long for the launch; a short poll needs a timeout within launch-cluster's 500 polls.
        input.put("timeout_seconds", settings.executionTimeout().toSeconds());
        String execution = aws.sfn.startExecution(s -> s.stateMachineArn(machine(LAUNCH))
                .name("demo-launch-" + script + "-" + System.currentTimeMillis()).input(Json.write(input))).executionArn();
        DemoStep step = expect(title, execution, "succeeded", "StartExecution " + Json.write(input) + " -> ");
        launchOutput = output(execution);
        if (step.status() == DemoStep.Status.SUCCEEDED && launchOutput.has("runId")) {
            String printed = scriptOutput(launchOutput.get("runId").asLong());
            return DemoStep.succeeded(title, step.detail() + "\n      the run's output (jobs/runs/get-output): "
                    + (printed.isBlank() ? "(none)" : printed.strip().replace("\n", "\n        ")), execution);
        }
        return step;
    }

    private DemoStep replicate(String title) throws Exception {
        RuntimeResources where = replicationRuntime.resources();
        Optional<String> machine = where.stateMachine(REPLICATE);
        if (machine.isEmpty()) {
            String why = replicationRuntime.template().absent().stream().filter(a -> a.where().equals(REPLICATE)).map(LocalTemplate.NotEmulated::reason)
                    .findFirst().orElse("the template has no " + REPLICATE);
            List<String> alsoAbsent = replicationRuntime.template().absent().stream().map(LocalTemplate.NotEmulated::where)
                    .filter(w -> !w.equals(REPLICATE)).toList();
            return new DemoStep(title, DemoStep.Status.NOT_RUN, REPLICATE + " is not running here: " + why
                    + (alsoAbsent.isEmpty() ? "" : " (also left out: " + String.join(", ", alsoAbsent) + ")")
                    + "; the replication step needs it", null);
        }
        Optional<LocalTemplate.Schedule> schedule = replicationRuntime.template().schedules().stream()
                .filter(s -> s.targetKind() == LocalTemplate.TargetKind.STATE_MACHINE && s.targetArn().equals(machine.get())).findFirst();
        String execution;
        String how;
        if (schedule.isPresent()) {
            LocalTemplate.Schedule s = schedule.get();
            execution = replicationRuntime.fireSchedule(s.id());
            how = "in " + where.environment() + ", schedule " + s.id() + " (" + s.expression() + " " + s.timezone() + (s.enabled() ? "" : ", disabled in "
                    + where.environment() + " by the template") + ") fired now -> ";
        } else {
            execution = sfn(machine.get()).startExecution(s -> s.stateMachineArn(machine.get()).input("{}")).executionArn();
            how = "no schedule targets " + REPLICATE + "; StartExecution with {} -> ";
        }
        DescribeExecutionResponse done = await(execution);
        replicationOutput = output(execution);
        String name = done.name();
        if (done.status() == ExecutionStatus.SUCCEEDED) {
            return DemoStep.succeeded(title, how + name + " SUCCEEDED: " + reportsLine(replicationOutput), execution);
        }
        return DemoStep.failed(title, how + name + " " + done.statusAsString() + ": " + done.error() + ": " + done.cause(), execution);
    }

    /** What the run's task printed, read from the workspace as its run page shows it (the team's token, the SDK). */
    private String scriptOutput(long runId) {
        String tokenSecret = team.clusters().flatMap(c -> c.workspace(resources.environment())).map(w -> w.tokenSecretId()).orElseThrow();
        String token = aws.secrets.getSecretValue(g -> g.secretId(tokenSecret)).secretString();
        WorkspaceClient workspace = DatabricksRuns.client(runtime.endpoints().databricks().toString(), token);
        Long taskRunId = workspace.jobs().getRun(runId).getTasks().stream().map(RunTask::getRunId).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new IllegalStateException("run " + runId + " has no task run"));
        String logs = workspace.jobs().getRunOutput(taskRunId).getLogs();
        return logs == null ? "" : logs;
    }

    // ---------------------------------------------------------------- executions

    /** A webhook answer that started an execution: waits for it and checks its outcome. */
    private DemoStep started(String title, HttpResponse<String> answer, String expectedOutcome) throws Exception {
        JsonNode body = Json.parse(answer.body());
        if (answer.statusCode() != 202 || !body.hasNonNull("executionArn")) {
            return DemoStep.failed(title, "expected HTTP 202 with an executionArn, got " + answer.statusCode() + " " + answer.body(), null);
        }
        return expect(title, body.get("executionArn").asText(), expectedOutcome, "HTTP 202 " + body.path("message").asText() + " -> ");
    }

    private DemoStep expect(String title, String execution, String expectedOutcome, String how) throws Exception {
        DescribeExecutionResponse done = await(execution);
        String outcome = Json.parse(done.output() == null ? "{}" : done.output()).path("outcome").asText(null);
        outcomes.put(execution, done.status() == ExecutionStatus.SUCCEEDED ? outcome : done.error());
        String line = how + machineName(execution) + " " + done.name() + " " + done.statusAsString();
        if (done.status() == ExecutionStatus.SUCCEEDED && expectedOutcome.equals(outcome)) {
            return DemoStep.succeeded(title, line + ": " + describe(Json.parse(done.output())), execution);
        }
        return DemoStep.failed(title, line + (done.status() == ExecutionStatus.SUCCEEDED
                ? ": outcome " + outcome + ", expected " + expectedOutcome + " (" + done.output() + ")"
                : ": " + done.error() + ": " + done.cause()), execution);
    }

    /** Waits for an execution to end, approving the promotions it asks approval for (as the console's Approve does). */
    private DescribeExecutionResponse await(String execution) throws InterruptedException {
        long deadline = System.nanoTime() + settings.executionTimeout().toNanos();
        Set<String> approved = new HashSet<>();
        while (true) {
            DescribeExecutionResponse d = sfn(execution).describeExecution(r -> r.executionArn(execution));
            if (d.status() != ExecutionStatus.RUNNING && d.status() != ExecutionStatus.PENDING_REDRIVE) return d;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(execution + " still " + d.statusAsString() + " after " + settings.executionTimeout().toSeconds() + " s");
            }
            approvePending(execution, approved);
            Thread.sleep(100);
        }
    }

    private void approvePending(String execution, Set<String> approved) {
        String account = accountOf(execution);
        LocalRuntime where = byName.values().stream().filter(r -> r.template().stack().accountId().equals(account)).findFirst().orElse(runtime);
        String registry = where.resources().registryTable();
        PublicEndpoints aws = endpointsOf(execution);
        if (registry == null) return;
        var items = aws.dynamoDb.query(q -> q.tableName(registry).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("APPROVAL")))).items();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            AttributeValue token = item.get("taskToken");
            if (!sk.endsWith("#" + execution) || token == null || !approved.add(sk + token.s())) continue;
            String environment = sk.substring(0, sk.indexOf('#'));
            ObjectNode output = Json.object().put("approvedBy", "release-manager (controlplane demo)").put("approvedAt", Instant.now().toString());
            try {
                aws.sfn.sendTaskSuccess(s -> s.taskToken(token.s()).output(Json.write(output)));
                out.println("      approval of " + environment + " given (SendTaskSuccess with the registry's APPROVAL token)");
            } catch (SfnException e) {
                // the task is no longer waiting (answered, timed out, retried with a new token): the next poll sees the change
                approved.remove(sk + token.s());
            }
        }
    }

    private String awaitNewExecution(String machine, Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String e : executions(machine)) if (!before.contains(e)) return e;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the upload started no execution of " + machine + " within 60 s");
    }

    private Set<String> executions(String machine) {
        return sfn(machine).listExecutionsPaginator(l -> l.stateMachineArn(machine)).executions().stream()
                .map(ExecutionListItem::executionArn).collect(Collectors.toCollection(HashSet::new));
    }

    private JsonNode output(String execution) {
        String output = sfn(execution).describeExecution(r -> r.executionArn(execution)).output();
        return output == null ? Json.object() : Json.parse(output);
    }

    private String machine(String logicalId) {
        return resources.stateMachine(logicalId).orElseThrow(() -> new IllegalStateException("the template's " + logicalId
                + " is not running here"));
    }

    private static String machineName(String executionArn) {
        String[] parts = executionArn.split(":");
        return parts.length >= 8 ? parts[6] : executionArn;
    }

    // ---------------------------------------------------------------- GitHub

    private HttpResponse<String> deliver(String event, String body) throws Exception {
        if (resources.webhookPath() == null) throw new IllegalStateException("the template has no webhook route (a function with WEBHOOK_SECRET_ID and an HTTP API event)");
        if (webhookSecret == null) {
            webhookSecret = aws.secrets.getSecretValue(g -> g.secretId(resources.webhookSecretId())).secretString().getBytes(StandardCharsets.UTF_8);
        }
        return aws.deliver(event, body, webhookSecret);
    }

    private String push(String ref, String commit) {
        ObjectNode body = Json.object();
        body.put("ref", ref).put("before", commit("before " + commit)).put("after", commit).put("created", false).put("deleted", false)
                .put("forced", false);
        repository(body);
        body.putObject("pusher").put("name", "jdoe");
        body.putObject("head_commit").put("id", commit).put("message", ref.endsWith("/" + project.defaultBranch())
                ? "Merge pull request #42 from " + featureBranch : "Score customers by segment");
        return Json.write(body);
    }

    private void repository(ObjectNode body) {
        String full = project.repository();
        body.putObject("repository").put("name", full.substring(full.indexOf('/') + 1)).put("full_name", full)
                .put("default_branch", project.defaultBranch()).put("private", true);
    }

    /** A stable 40-hex commit id for a label of the story. */
    private static String commit(String label) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    // ---------------------------------------------------------------- the summary

    private static String describe(JsonNode output) {
        List<String> parts = new ArrayList<>();
        output.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode()) parts.add(e.getKey() + " " + v.asText());
            else if (v.isArray() && v.size() <= 5 && allValues(v)) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                parts.add(e.getKey() + " [" + String.join(", ", items) + "]");
            }
        });
        return String.join(", ", parts);
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode x : array) if (!x.isValueNode()) return false;
        return true;
    }

    private static String reportsLine(JsonNode output) {
        List<String> lines = new ArrayList<>();
        for (JsonNode r : output.path("reports")) lines.add(reportLine(r));
        return lines.isEmpty() ? "no report in the output " + output : String.join("; ", lines);
    }

    private static String reportLine(JsonNode r) {
        return r.path("dataset").asText() + (r.path("inSync").asBoolean() ? " in sync" : " NOT in sync") + ": copied "
                + r.path("copied").path("objects").asLong() + " objects (" + r.path("copied").path("bytes").asLong() + " bytes), deleted "
                + r.path("deleted").asLong() + ", skipped " + r.path("skipped").path("objects").asLong() + ", failed "
                + r.path("failed").asLong() + ", tables cloned " + r.path("tablesCloned").asLong() + " (failed "
                + r.path("tablesFailed").asLong() + "); report s3://" + r.path("planBucket").asText() + "/" + r.path("reportKey").asText();
    }

    private String summary() {
        StringBuilder s = new StringBuilder();
        s.append("\nWhat happened\n");
        s.append("\nExecutions (ListExecutions of each state machine)\n");
        // each environment's own state machines where the day ran them: the first's, each promote-artifact the version
        // was announced to, and replication's environment's
        Set<String> machines = new java.util.LinkedHashSet<>(resources.stateMachines().values());
        for (LocalRuntime r : byName.values()) r.resources().stateMachine(PROMOTE).ifPresent(machines::add);
        machines.addAll(replicationRuntime.resources().stateMachines().values());
        for (String machine : machines) {
            List<ExecutionListItem> all = list(machine);
            Map<String, Long> byStatus = all.stream().collect(Collectors.groupingBy(ExecutionListItem::statusAsString,
                    LinkedHashMap::new, Collectors.counting()));
            String name = machine.substring(machine.lastIndexOf(':') + 1);
            s.append(String.format("  %-42s %3d  %s%n", name, all.size(), byStatus.isEmpty() ? "" : byStatus.toString()));
        }
        s.append("\nThe day's executions\n");
        for (DemoStep step : steps) {
            if (step.executionArn() == null) continue;
            String arn = step.executionArn();
            DescribeExecutionResponse d = sfn(arn).describeExecution(r -> r.executionArn(arn));
            String outcome = outcomes.getOrDefault(arn, d.status() == ExecutionStatus.SUCCEEDED ? "" : d.error());
            s.append(String.format("  %-34s %-50s %-9s %s%n", machineName(arn), abbreviate(d.name(), 50), d.statusAsString(),
                    outcome == null ? "" : outcome));
        }
        s.append("\nArtifacts by environment (the artifact buckets)\n");
        resources.artifactBuckets().forEach((environment, bucket) -> {
            s.append("  ").append(environment).append("  s3://").append(bucket).append('\n');
            try {
                var objects = aws.s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().toList();
                // the bucket's version index (records and latest pointer) is the workflow's bookkeeping, not an artifact
                var files = objects.stream().filter(o -> !o.key().contains("/_index/")).toList();
                if (files.isEmpty()) s.append("    (no artifacts)\n");
                files.forEach(o -> s.append(String.format("    %-72s %6d bytes%n", o.key(), o.size())));
                if (files.size() < objects.size()) s.append("    (and " + (objects.size() - files.size()) + " version index objects under _index/)\n");
            } catch (SdkException e) {
                s.append("    (cannot list: ").append(e.getMessage()).append(")\n");
            }
        });
        if (latestMoved != null) s.append("  latest: ").append(team.name()).append('/').append(project.name()).append('/').append(script)
                .append(" ").append(latestMoved).append(" (moved by the release)\n");
        s.append(runs());
        s.append("\nReplication\n");
        if (replicationOutput == null) {
            s.append("  not run: ").append(steps.get(steps.size() - 1).detail()).append('\n');
        } else {
            for (JsonNode r : replicationOutput.path("reports")) s.append("  ").append(reportLine(r)).append('\n');
            if (!replicationOutput.has("reports")) s.append("  ").append(Json.write(replicationOutput)).append('\n');
        }
        return s.toString();
    }

    private String runs() {
        StringBuilder s = new StringBuilder();
        String table = resources.runsTable();
        java.time.YearMonth month = java.time.YearMonth.now(ZoneOffset.UTC);
        s.append("\nRun records and cost (").append(team.name()).append(", ").append(month).append(", table ").append(table).append(")\n");
        if (table == null) return s.append("  the template has no runs table (RUNS_TABLE)\n").toString();
        try {
            var records = new dev.controlplane.aws.DynamoDbRunRecords(aws.dynamoDb, table).byTeamAndMonth(team.name(), month);
            if (records.isEmpty()) s.append("  (no runs)\n");
            double dbu = 0;
            double usd = 0;
            for (var r : records) {
                Duration took = r.endTime() == null ? null : Duration.between(r.startTime(), r.endTime());
                s.append(String.format("  run %-4d %s/%s %s %s  %s %s  %s  %s x%d-%d  %.4f DBU  USD %.4f%n", r.runId(), r.project(), r.script(),
                        r.version(), r.environment(), r.lifeCycleState(), r.resultState(), took == null ? "-" : took.toMillis() / 1000.0 + " s",
                        r.nodeTypeId(), r.minWorkers(), r.maxWorkers(), r.dbu(), r.usd()));
                dbu += r.dbu();
                usd += r.usd();
            }
            s.append(String.format("  total: %d run(s), %.4f DBU, USD %.4f (estimate)%n", records.size(), dbu, usd));
        } catch (SdkException e) {
            s.append("  cannot read the runs table: ").append(e.getMessage()).append('\n');
        }
        if (launchOutput != null && launchOutput.has("runPageUrl")) s.append("  run page: ").append(launchOutput.get("runPageUrl").asText()).append('\n');
        return s.toString();
    }

    private List<ExecutionListItem> list(String machine) {
        try {
            return sfn(machine).listExecutionsPaginator(l -> l.stateMachineArn(machine)).executions().stream().toList();
        } catch (SdkException e) {
            return List.of();
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
