package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.config.ClusterConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import dev.controlplane.domain.launch.PolicySync;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda {@code SyncPolicies} (e.g. on a schedule): makes every team's cluster policy in this environment's
 * workspaces what config/teams says. Output {@code {environment, policies: [{team, policyName, policyId, outcome}],
 * drift: [{team, policyName, policyId, workspaceDefinition}]}}: drift is a policy edited by hand, now put back.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class SyncPoliciesHandler implements RequestStreamHandler {

    static final String FUNCTION = "SyncPolicies";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final PlatformConfig config;
    private final Workspaces workspaces;
    private final String environmentName;

    public SyncPoliciesHandler() {
        this(System.getenv());
    }

    public SyncPoliciesHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), DatabricksEnvironment.workspaces(environment),
                StackEnvironment.name(environment));
        // SnapStart: the policies' listing and creation through the Databricks SDK before the snapshot, from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> LaunchPriming.syncPolicies(config, environmentName));
    }

    public SyncPoliciesHandler(PlatformConfig config, Workspaces workspaces, String environmentName) {
        this.config = config;
        this.workspaces = workspaces;
        this.environmentName = environmentName;
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        List<Map<String, Object>> policies = new ArrayList<>();
        List<Map<String, Object>> drift = new ArrayList<>();
        for (TeamConfig team : config.teams()) {
            Optional<ClusterConfig> clusters = team.clusters();
            Optional<TeamWorkspace> workspace = clusters.flatMap(c -> c.workspace(environmentName));
            if (workspace.isEmpty()) {
                continue;
            }
            PolicySync.Result result = new PolicySync(workspaces.at(workspace.get().host(), workspace.get().tokenSecretId()))
                    .sync(team.name(), clusters.get().policy());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("team", result.team());
            entry.put("policyName", result.policyName());
            entry.put("policyId", result.policyId());
            entry.put("outcome", result.outcome().name());
            policies.add(entry);
            if (result.outcome() == PolicySync.Outcome.DRIFT_REVERTED) {
                Map<String, Object> reverted = new LinkedHashMap<>(entry);
                reverted.remove("outcome");
                reverted.put("workspaceDefinition", result.workspaceDefinition());
                drift.add(reverted);
                TaskLog.info("policy drift put back", reverted);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("environment", environmentName);
        answer.put("policies", policies);
        answer.put("drift", drift);
        TaskInput.JSON.writeValue(output, answer);
    }
}
