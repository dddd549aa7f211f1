package dev.controlplane.domain.launch;

import dev.controlplane.domain.config.ClusterConfig;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.ProjectRef;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.TeamWorkspace;
import dev.controlplane.domain.config.UnknownScriptException;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns operator parameters into a concrete run in the environment its {@link RunArtifacts} serve: {@code latest}
 * becomes the version latest points at there, the artifacts become S3 paths in the environment's artifacts bucket
 * (the keys its index records, as {@link dev.controlplane.domain.ArtifactName} names them), and the team's config
 * gives the policy, instance profile, zones and workspace.
 */
public final class RunResolver {

    private final PlatformConfig config;
    private final RunArtifacts artifacts;

    public RunResolver(PlatformConfig config, RunArtifacts artifacts) {
        this.config = Objects.requireNonNull(config, "config");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    /**
     * @throws dev.controlplane.domain.config.UnknownTeamException       team not configured
     * @throws dev.controlplane.domain.config.UnknownProjectException    project not the team's
     * @throws UnknownScriptException                                    script not the project's
     * @throws UnknownVersionException                                   version not published in the environment
     * @throws DataSharingRefusedException                               use_data_sharing outside the first environment
     * @throws NoWorkspaceException                                      the team cannot run in the environment
     */
    public ResolvedRun resolve(RunRequest request) {
        String environmentName = artifacts.environment();
        EnvironmentConfig environment = config.environment(environmentName).orElseThrow(() -> new IllegalStateException(
                "this function's environment '" + environmentName + "' is not in config/environments.json"));
        TeamConfig team = config.team(request.team(), RunRequest.INPUT);
        ProjectConfig project = team.project(request.project(), RunRequest.INPUT);
        if (!project.scripts().contains(request.script())) {
            throw new UnknownScriptException(RunRequest.INPUT, new ProjectRef(team, project), request.script());
        }
        String sharingEnvironment = config.firstEnvironment().name();
        if (request.useDataSharing() && !environment.name().equals(sharingEnvironment)) {
            throw new DataSharingRefusedException(environment.name(), sharingEnvironment);
        }
        ClusterConfig clusters = team.clusters().orElseThrow(() -> new NoWorkspaceException(team.name(), environment.name(), false));
        TeamWorkspace workspace = clusters.workspace(environment.name())
                .orElseThrow(() -> new NoWorkspaceException(team.name(), environment.name(), true));

        String artifact = request.artifact();
        String scriptVersion = concrete("script_version", artifact, request.scriptVersion(), environment.name());
        PublishedVersion script = published("script_version", artifact, scriptVersion, environment.name());
        String scriptKey = artifact + "/" + request.script() + "-" + scriptVersion + ".py";
        if (!script.fileKeys().contains(scriptKey)) {
            throw new UnknownVersionException("script_version", artifact, scriptVersion, environment.name(),
                    "version " + scriptVersion + " has no script " + scriptKey);
        }

        String libraryVersion = request.libraryVersion() == null ? scriptVersion
                : concrete("library_version", artifact, request.libraryVersion(), environment.name());
        PublishedVersion library = libraryVersion.equals(scriptVersion) ? script
                : published("library_version", artifact, libraryVersion, environment.name());
        Optional<String> wheelKey = library.fileKeys().stream().filter(key -> key.endsWith(".whl")).findFirst();
        if (wheelKey.isEmpty() && request.libraryVersion() != null) {
            throw new UnknownVersionException("library_version", artifact, request.libraryVersion(), environment.name(),
                    "version " + libraryVersion + " has no wheel");
        }
        String bucket = "s3://" + environment.artifactsBucket() + "/";
        return new ResolvedRun(environment.name(), team.name(), project.name(), request.script(), scriptVersion,
                wheelKey.isPresent() ? libraryVersion : null, bucket + scriptKey, wheelKey.map(key -> bucket + key).orElse(null),
                team.costCentre(), clusters.policy().name(), workspace.instanceProfileArn(), workspace.host(),
                workspace.tokenSecretId(), clusters.readZones(), clusters.writeZone(), request.parameters(),
                request.useDataSharing(), team.name(), request.viewGroups());
    }

    private String concrete(String field, String artifact, String version, String environment) {
        if (!RunRequest.LATEST.equals(version)) {
            return version;
        }
        return artifacts.latest(artifact).orElseThrow(() -> new UnknownVersionException(field, artifact,
                version, environment, "has no latest in " + environment));
    }

    private PublishedVersion published(String field, String artifact, String version, String environment) {
        return artifacts.version(artifact, version).orElseThrow(() -> new UnknownVersionException(
                field, artifact, version, environment, "has no such version in " + environment));
    }
}
