package dev.controlplane.domain.launch;

import java.util.List;
import java.util.Objects;

/**
 * A run made concrete: versions resolved, artifact paths, and the team's policy, instance profile, zones and
 * workspace in the environment. What Resolve hands Submit through the workflow.
 *
 * @param scriptPath         {@code s3://{artifacts bucket}/{team}/{project}/{script}/{script}-{version}.py}
 * @param wheelPath          the project's wheel of {@code libraryVersion} beside it; null when that version has none
 * @param policyName         the team's cluster policy's name in the workspace (its id is looked up at submit)
 * @param teamGroup          the Databricks group of the team, which gets CAN_MANAGE_RUN
 */
public record ResolvedRun(String environment, String team, String project, String script, String scriptVersion,
        String libraryVersion, String scriptPath, String wheelPath, String costCentre, String policyName,
        String instanceProfileArn, String workspaceHost, String tokenSecretId, List<String> readZones,
        String writeZone, List<String> parameters, boolean useDataSharing, String teamGroup, List<String> viewGroups) {

    public ResolvedRun {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(scriptVersion, "scriptVersion");
        Objects.requireNonNull(scriptPath, "scriptPath");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(workspaceHost, "workspaceHost");
        Objects.requireNonNull(tokenSecretId, "tokenSecretId");
        readZones = List.copyOf(readZones);
        parameters = List.copyOf(parameters);
        viewGroups = List.copyOf(viewGroups);
    }
}
