package dev.controlplane.handlers;

import dev.controlplane.databricks.DatabricksTableCloner;
import dev.controlplane.databricks.Workspaces;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SnapStart priming of the functions that call Databricks (SubmitRun, PollRun, CancelRun, SyncPolicies,
 * CloneTables), registered through a {@link SnapStartHook} as the triggers' priming is; a class of its own, apart from
 * the triggers' ({@link SnapStartPriming}), so that neither package holds what only the other's priming calls. Each
 * function's made-up request goes through it as {@link PrimingInvocation} sends one.
 */
final class LaunchPriming {

    private LaunchPriming() {
    }

    /**
     * A launch through SubmitRun's, PollRun's and CancelRun's own code, on workspaces that answer from memory
     * ({@link Workspaces#priming()}): the task inputs parsed, the team's policy created and the run submitted,
     * polled to its end with its error read, and cancelled, each through the Databricks SDK's request building,
     * serialisation and parsing, with the platform config as packaged. Nothing is sent and no secret is read. The
     * team is the first that has a workspace in {@code environment}; with none, nothing launches here and there is
     * nothing to prime.
     *
     * @return the three functions' answers, in order (none when nothing launches here)
     */
    static List<String> prime(PlatformConfig config, String environment) {
        Optional<TeamConfig> launching = config.teams().stream()
                .filter(team -> team.clusters().flatMap(clusters -> clusters.workspace(environment)).isPresent())
                .findFirst();
        if (launching.isEmpty()) {
            return List.of();
        }
        TeamConfig team = launching.get();
        TeamWorkspace workspace = team.clusters().flatMap(clusters -> clusters.workspace(environment)).orElseThrow();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("environment", environment);
        run.put("team", team.name());
        run.put("project", "snapstart-priming");
        run.put("script", "snapstart-priming");
        run.put("scriptVersion", "0.0.0");
        run.put("libraryVersion", "0.0.0");
        run.put("scriptPath", "s3://snapstart-priming/snapstart-priming-0.0.0.py");
        run.put("wheelPath", "s3://snapstart-priming/snapstart_priming-0.0.0-py3-none-any.whl");
        run.put("costCentre", team.costCentre());
        run.put("policyName", team.clusters().orElseThrow().policy().name());
        run.put("instanceProfileArn", workspace.instanceProfileArn());
        run.put("workspaceHost", workspace.host());
        run.put("tokenSecretId", workspace.tokenSecretId());
        run.put("readZones", team.clusters().orElseThrow().readZones());
        run.put("writeZone", team.clusters().orElseThrow().writeZone());
        run.put("parameters", List.of("--snapstart-priming"));
        run.put("useDataSharing", false);
        run.put("teamGroup", team.name());
        run.put("viewGroups", List.of());
        Workspaces workspaces = Workspaces.priming();
        String submitted = PrimingInvocation.invoke(new SubmitRunHandler(config, workspaces,
                SubmitRunHandler.DEFAULT_TIMEOUT, environment), LeanJson.write(Map.of("run", run,
                "execution", "snapstart-priming", "timeoutSeconds", 60)));
        String polled = PrimingInvocation.invoke(new PollRunHandler(config, workspaces, environment), submitted);
        String cancelled = PrimingInvocation.invoke(new CancelRunHandler(config, workspaces, environment), submitted);
        return List.of(submitted, polled, cancelled);
    }

    /**
     * A dataset's tables cloned through CloneTables' own code on a warehouse that answers from memory
     * ({@link DatabricksTableCloner#priming()}): the input parsed, the targets checked, each statement sent through the
     * SDK's statement execution, polled to its end and reported. The dataset is the first of the config with tables;
     * with none, nothing is cloned here and there is nothing to prime.
     *
     * @return CloneTables' answer, or empty
     */
    static Optional<String> cloneTables(PlatformConfig config) {
        return config.datasets().stream().filter(dataset -> !dataset.tables().isEmpty()).findFirst()
                .map(dataset -> PrimingInvocation.invoke(new CloneTablesHandler(config,
                        deadline -> DatabricksTableCloner.priming()), LeanJson.write(Map.of("dataset", dataset.name()))));
    }

    /**
     * The teams' cluster policies synced through SyncPolicies' own code on workspaces that answer from memory
     * ({@link Workspaces#priming()}): each team with a workspace in {@code environment} has its policy listed and
     * created through the SDK. Nothing is sent and no secret is read.
     *
     * @return SyncPolicies' answer (its policies empty when no team has a workspace here)
     */
    static String syncPolicies(PlatformConfig config, String environment) {
        return PrimingInvocation.invoke(new SyncPoliciesHandler(config, Workspaces.priming(), environment), "{}");
    }
}
