package dev.controlplane.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.AwsAttributes;
import com.databricks.sdk.service.compute.ClusterPoliciesAPI;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.jobs.CancelRun;
import com.databricks.sdk.service.jobs.JobAccessControlRequest;
import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.JobPermissionLevel;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import dev.controlplane.domain.launch.JobRunSpec;
import dev.controlplane.domain.launch.RunAccess;
import dev.controlplane.domain.launch.RunStatus;
import dev.controlplane.domain.launch.WorkspacePolicies;
import dev.controlplane.domain.launch.WorkspacePolicy;
import dev.controlplane.domain.launch.WorkspaceRefusedException;
import dev.controlplane.errors.WorkspaceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * One Databricks workspace, through the SDK's service APIs only: one-time runs ({@code jobs()}) and the cluster
 * policies ({@code clusterPolicies()}). The SDK retries 429 itself but no 5xx; what it gives up on is translated
 * here: throttling, 5xx and connection failures become {@link WorkspaceUnavailableException} (the workflow retries it
 * with backoff), other refusals {@link WorkspaceRefusedException} with Databricks' error code and message.
 */
public final class DatabricksRuns implements WorkspacePolicies {

    static final String TASK_KEY = "main";
    /** Connect and read timeout of one HTTP exchange with the workspace. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

    private final JobsAPI jobs;
    private final ClusterPoliciesAPI policies;
    /** Null when the client's credentials are fixed. */
    private final RefreshingToken token;

    public DatabricksRuns(WorkspaceClient client) {
        this(Objects.requireNonNull(client, "client").jobs(), client.clusterPolicies());
    }

    public DatabricksRuns(JobsAPI jobs, ClusterPoliciesAPI policies) {
        this(jobs, policies, null);
    }

    private DatabricksRuns(JobsAPI jobs, ClusterPoliciesAPI policies, RefreshingToken token) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.token = token;
    }

    /**
     * The two services a launch uses, on one SDK {@link ApiClient} for the workspace and a personal access token.
     * Not a {@link WorkspaceClient}: its constructor builds all 262 of the SDK's service APIs, of which a launch needs
     * two. And the API client is given the host and the PAT's bearer header directly rather than a
     * {@link DatabricksConfig} to resolve: resolving scans every config attribute by reflection and fetches the host's
     * metadata document (a round trip) to learn account and workspace ids and OIDC endpoints, none of which a PAT on
     * a workspace host uses. Requests, retries and error mapping are still the SDK's.
     */
    public static DatabricksRuns connect(String host, String token) {
        Objects.requireNonNull(token, "token");
        return connect(host, new RefreshingToken(() -> token, java.time.InstantSource.system()));
    }

    /**
     * As {@link #connect(String, String)}, the bearer header taken from {@code token} on every request, and a call
     * Databricks refuses with 401/403 tried once more when the token's secret holds another token by then.
     */
    public static DatabricksRuns connect(String host, RefreshingToken token) {
        return connect(host, token, new UrlConnectionTransport(HTTP_TIMEOUT));
    }

    static DatabricksRuns connect(String host, RefreshingToken token, com.databricks.sdk.core.http.HttpClient transport) {
        String workspace = Objects.requireNonNull(host, "host").strip().replaceAll("/+$", "");
        Objects.requireNonNull(token, "token");
        ApiClient api = new ApiClient.Builder()
                .withHttpClient(Objects.requireNonNull(transport, "transport"))
                .withGetHostFunc(none -> workspace)
                .withAuthenticateFunc(none -> Map.of("Authorization", "Bearer " + token.current()))
                .withGetAuthTypeFunc(none -> "pat")
                .build();
        return new DatabricksRuns(new JobsAPI(api), new ClusterPoliciesAPI(api), token);
    }

    /**
     * A whole workspace client, for tools and tests that look around the workspace. The PAT provider is passed
     * explicitly: with host and token alone the SDK's default chain first fetches the host's OIDC discovery document,
     * a round trip (and 8 s of retries when it is unreachable). The transport is the JDK's ({@link UrlConnectionTransport}).
     */
    public static WorkspaceClient client(String host, RefreshingToken token) {
        return client(host, token, new UrlConnectionTransport(HTTP_TIMEOUT));
    }

    /** As {@link #client(String, RefreshingToken)} through {@code transport} (SnapStart priming's in memory). */
    static WorkspaceClient client(String host, RefreshingToken token, com.databricks.sdk.core.http.HttpClient transport) {
        Objects.requireNonNull(token, "token");
        return new WorkspaceClient(new DatabricksConfig()
                .setHost(Objects.requireNonNull(host, "host"))
                .setCredentialsProvider(new CredentialsProvider() {
                    @Override
                    public String authType() {
                        return "pat";
                    }

                    @Override
                    public HeaderFactory configure(DatabricksConfig config) {
                        // Asked on every request: the token as its secret holds it (re-read once five minutes old).
                        return () -> Map.of("Authorization", "Bearer " + token.current());
                    }
                })
                .setHttpClient(Objects.requireNonNull(transport, "transport")));
    }

    /** As {@link #client(String, RefreshingToken)} with a token that never changes. */
    public static WorkspaceClient client(String host, String token) {
        return new WorkspaceClient(new DatabricksConfig()
                .setHost(Objects.requireNonNull(host, "host"))
                .setToken(Objects.requireNonNull(token, "token"))
                .setCredentialsProvider(new PatCredentialsProvider())
                .setHttpClient(new UrlConnectionTransport(HTTP_TIMEOUT)));
    }

    /**
     * Submits the one-time run. The same idempotency token returns the run already started, so a retried submit
     * never starts two.
     *
     * @param policyId the id of the team's policy in this workspace
     * @return the run id
     */
    public long submit(JobRunSpec spec, String policyId) {
        ClusterSpec cluster = new ClusterSpec()
                .setPolicyId(policyId)
                .setApplyPolicyDefaultValues(true)
                .setSparkVersion(spec.sparkVersion())
                .setNodeTypeId(spec.nodeTypeId())
                .setCustomTags(spec.customTags())
                .setSparkEnvVars(spec.sparkEnvVars());
        if (spec.size().autoscale()) {
            cluster.setAutoscale(new AutoScale().setMinWorkers(spec.size().minWorkers()).setMaxWorkers(spec.size().maxWorkers()));
        } else {
            cluster.setNumWorkers(spec.size().minWorkers());
        }
        if (spec.instanceProfileArn() != null) {
            cluster.setAwsAttributes(new AwsAttributes().setInstanceProfileArn(spec.instanceProfileArn()));
        }
        SubmitTask task = new SubmitTask()
                .setTaskKey(TASK_KEY)
                .setNewCluster(cluster)
                .setSparkPythonTask(new SparkPythonTask().setPythonFile(spec.pythonFile()).setParameters(spec.parameters()));
        if (spec.wheelPath() != null) {
            task.setLibraries(List.of(new Library().setWhl(spec.wheelPath())));
        }
        SubmitRun run = new SubmitRun()
                .setRunName(spec.runName())
                .setIdempotencyToken(spec.idempotencyToken())
                .setTasks(List.of(task))
                .setAccessControlList(spec.access().stream().map(DatabricksRuns::accessControl).toList());
        if (spec.timeoutSeconds() > 0) {
            run.setTimeoutSeconds(spec.timeoutSeconds());
        }
        return call("jobs/runs/submit", () -> jobs.submit(run).getResponse().getRunId());
    }

    private static JobAccessControlRequest accessControl(RunAccess access) {
        return new JobAccessControlRequest().setGroupName(access.group())
                .setPermissionLevel(JobPermissionLevel.valueOf(access.level()));
    }

    public RunStatus status(long runId) {
        Run run = call("jobs/runs/get", () -> jobs.getRun(runId));
        Long taskRunId = run.getTasks() == null ? null
                : run.getTasks().stream().map(RunTask::getRunId).filter(Objects::nonNull).findFirst().orElse(null);
        var state = run.getState();
        return new RunStatus(runId,
                state == null || state.getLifeCycleState() == null ? null : state.getLifeCycleState().name(),
                state == null || state.getResultState() == null ? null : state.getResultState().name(),
                state == null ? null : state.getStateMessage(),
                run.getRunPageUrl(), taskRunId, instant(run.getStartTime()), instant(run.getEndTime()));
    }

    /** The task run's error, as Databricks reports it: run output is asked of the task run, never of the run. */
    public Optional<String> error(long taskRunId) {
        RunOutput output = call("jobs/runs/get-output", () -> jobs.getRunOutput(taskRunId));
        return Optional.ofNullable(output.getError()).filter(error -> !error.isBlank());
    }

    /** Asks Databricks to cancel; returns without waiting for the run to end. */
    public void cancel(long runId) {
        perform("jobs/runs/cancel", () -> jobs.cancelRun(new CancelRun().setRunId(runId)));
    }

    @Override
    public Optional<WorkspacePolicy> byName(String name) {
        // The listing pages lazily: the whole walk is one call.
        Optional<Policy> found = call("policies/clusters/list", () -> StreamSupport.stream(
                policies.list(new ListClusterPoliciesRequest()).spliterator(), false)
                .filter(policy -> name.equals(policy.getName()))
                .findFirst());
        return found.map(policy -> new WorkspacePolicy(policy.getPolicyId(), policy.getName(), policy.getDefinition(),
                        policy.getDescription()));
    }

    /** The policy as the workspace has it now. */
    public Optional<WorkspacePolicy> policy(String policyId) {
        Policy policy = call("policies/clusters/get", () -> policies.get(policyId));
        return Optional.of(new WorkspacePolicy(policy.getPolicyId(), policy.getName(), policy.getDefinition(),
                policy.getDescription()));
    }

    @Override
    public String create(String name, String definition, String description) {
        return call("policies/clusters/create", () -> policies.create(new CreatePolicy().setName(name)
                .setDefinition(definition).setDescription(description)).getPolicyId());
    }

    @Override
    public void edit(String policyId, String name, String definition, String description) {
        perform("policies/clusters/edit", () -> policies.edit(new EditPolicy().setPolicyId(policyId)
                .setName(name).setDefinition(definition).setDescription(description)));
    }

    private void perform(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    private <T> T call(String operation, Supplier<T> call) {
        // Read outside the SDK, so a secret that cannot be read fails as itself; the SDK's header reads it cached.
        String used = token == null ? null : token.current();
        try {
            return call.get();
        } catch (DatabricksException e) {
            if (used != null && refused(e) && token.refreshAfterRefusal(used)) {
                // Rotated since it was read: once more with the token the secret holds now.
                try {
                    return call.get();
                } catch (DatabricksException again) {
                    throw translated(operation, again);
                }
            }
            throw translated(operation, e);
        }
    }

    private static boolean refused(DatabricksException e) {
        return e instanceof DatabricksError error && (error.getStatusCode() == 401 || error.getStatusCode() == 403);
    }

    /**
     * What the SDK gave up on, as the workflow acts on it: retry (unavailable) or fail (refused). The SDK reports a
     * connection it could not make, after its own retries, as status 523 IO_ERROR, so it counts as a 5xx here.
     */
    static RuntimeException translated(String operation, DatabricksException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabricksError error && (error.getStatusCode() == 429 || error.getStatusCode() >= 500)) {
                return new WorkspaceUnavailableException(operation, describe(error), e);
            }
            if (t instanceof IOException io) {
                return new WorkspaceUnavailableException(operation, "no answer (" + io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")", e);
            }
        }
        if (e instanceof DatabricksError error && error.getStatusCode() >= 400) {
            return new WorkspaceRefusedException(operation, describe(error), e);
        }
        return e;
    }

    private static String describe(DatabricksError error) {
        return error.getStatusCode() + (error.getErrorCode() == null ? "" : " " + error.getErrorCode()) + ": "
                + error.getMessage();
    }

    // Databricks reports times as epoch milliseconds, 0 for "not yet".
    private static Instant instant(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis);
    }
}
