package dev.controlplane.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.UnknownProjectException;
import dev.controlplane.domain.config.UnknownScriptException;
import dev.controlplane.domain.config.UnknownTeamException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResolverTest {

    private static final String CHURN = "data-eng/churn/churn";

    @TempDir
    Path dir;

    private LaunchFixtures.Registry registry;
    private Map<String, RunResolver> resolvers;

    @BeforeEach
    void registry() {
        registry = new LaunchFixtures.Registry()
                .publish(CHURN, "1.4.0", List.of("dev", "prod"), CHURN + "/churn-1.4.0.py", CHURN + "/churn-1.4.0-py3-none-any.whl")
                .publish(CHURN, "1.5.0", List.of("dev"), CHURN + "/churn-1.5.0.py", CHURN + "/churn-1.5.0-py3-none-any.whl")
                .publish(CHURN, "1.5.0-feature-x", List.of("dev"), CHURN + "/churn-1.5.0-feature-x.py")
                .latest(CHURN, "dev", "1.5.0")
                .latest(CHURN, "prod", "1.4.0");
        PlatformConfig config = LaunchFixtures.config(dir);
        resolvers = Map.of("dev", new RunResolver(config, registry.in("dev")), "prod", new RunResolver(config, registry.in("prod")));
    }

    /** Resolves as the function serving the environment does. */
    private ResolvedRun resolve(RunRequest request, String environment) {
        return resolvers.get(environment).resolve(request);
    }

    private static RunRequest request(String team, String project, String script, String version, String library,
            boolean sharing) {
        return new RunRequest(team, project, script, version, library, List.of("--date", "2025-05-12"), sharing,
                List.of("analysts"));
    }

    @Test
    void latestIsTheLatestOfTheEnvironmentItResolvesIn() {
        ResolvedRun dev = resolve(request("data-eng", "churn", null, null, null, false), "dev");
        ResolvedRun prod = resolve(request("data-eng", "churn", null, null, null, false), "prod");

        assertThat(dev.scriptVersion()).isEqualTo("1.5.0");
        assertThat(dev.scriptPath()).isEqualTo("s3://controlplane-artifacts-dev-111111111111-us-east-1/" + CHURN + "/churn-1.5.0.py");
        assertThat(dev.wheelPath()).isEqualTo("s3://controlplane-artifacts-dev-111111111111-us-east-1/" + CHURN
                + "/churn-1.5.0-py3-none-any.whl");
        assertThat(prod.scriptVersion()).isEqualTo("1.4.0");
        assertThat(prod.scriptPath()).isEqualTo("s3://acme-prod-artifacts/" + CHURN + "/churn-1.4.0.py");
        assertThat(prod.instanceProfileArn()).isEqualTo("arn:aws:iam::333333333333:instance-profile/data-eng-jobs");
        assertThat(prod.workspaceHost()).isEqualTo("https://dbc-prod.cloud.databricks.com");
        assertThat(prod.tokenSecretId()).isEqualTo("controlplane/prod/databricks-token");
        assertThat(prod.policyName()).isEqualTo("controlplane-data-eng");
        assertThat(prod.costCentre()).isEqualTo("CC-1042");
        assertThat(prod.readZones()).containsExactly("raw", "curated");
        assertThat(prod.writeZone()).isEqualTo("curated");
        assertThat(prod.parameters()).containsExactly("--date", "2025-05-12");
        assertThat(prod.teamGroup()).isEqualTo("data-eng");
        assertThat(prod.viewGroups()).containsExactly("analysts");
    }

    @Test
    void explicitVersionsAreUsedAsGivenAndTheLibraryCanDiffer() {
        ResolvedRun run = resolve(request("data-eng", "churn", "churn", "1.5.0-feature-x", "1.4.0", true), "dev");

        assertThat(run.scriptVersion()).isEqualTo("1.5.0-feature-x");
        assertThat(run.scriptPath()).endsWith("/" + CHURN + "/churn-1.5.0-feature-x.py");
        assertThat(run.libraryVersion()).isEqualTo("1.4.0");
        assertThat(run.wheelPath()).endsWith("/" + CHURN + "/churn-1.4.0-py3-none-any.whl");
        assertThat(run.useDataSharing()).isTrue();
    }

    @Test
    void versionWithoutWheelRunsWithoutLibraryUnlessOneIsAskedFor() {
        ResolvedRun run = resolve(request("data-eng", "churn", null, "1.5.0-feature-x", null, false), "dev");

        assertThat(run.wheelPath()).isNull();
        assertThat(run.libraryVersion()).isNull();
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", null, "1.5.0", "1.5.0-feature-x", false), "dev"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessage("run request: library_version is '1.5.0-feature-x', but " + CHURN
                        + " version 1.5.0-feature-x has no wheel; expected a version of " + CHURN
                        + " published to dev, or 'latest'");
    }

    @Test
    void unknownTeamProjectAndScriptAreNamed() {
        assertThatThrownBy(() -> resolve(request("data-science", "churn", null, null, null, false), "dev"))
                .isInstanceOf(UnknownTeamException.class)
                .hasMessage("run request: team is 'data-science', which has no config/teams/data-science.json;"
                        + " expected one of the configured teams: data-eng, payments");
        assertThatThrownBy(() -> resolve(request("data-eng", "uplift", null, null, null, false), "dev"))
                .isInstanceOf(UnknownProjectException.class)
                .hasMessageContaining("project is 'uplift', which team data-eng does not configure");
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", "train", null, null, false), "dev"))
                .isInstanceOf(UnknownScriptException.class)
                .hasMessageContaining("script is 'train'");
    }

    @Test
    void unknownVersionAndMissingLatestAreNamedWithTheEnvironment() {
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", null, "9.9.9", null, false), "dev"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessage("run request: script_version is '9.9.9', but " + CHURN + " has no such version in dev;"
                        + " expected a version of " + CHURN + " published to dev, or 'latest'");
        // Published in dev only: prod knows nothing of dev.
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", null, "1.5.0", null, false), "prod"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessage("run request: script_version is '1.5.0', but " + CHURN + " has no such version in prod;"
                        + " expected a version of " + CHURN + " published to prod, or 'latest'");
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", "score", null, null, false), "dev"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessage("run request: script_version is 'latest', but data-eng/churn/score has no latest in dev;"
                        + " expected a released version of data-eng/churn/score in dev (release one, or name a"
                        + " published version)");
    }

    @Test
    void aVersionWhoseFilesHaveNoScriptIsRefusedNamingTheScriptKey() {
        registry.publish(CHURN, "1.7.0", List.of("dev"), CHURN + "/churn-1.7.0-py3-none-any.whl");

        assertThatThrownBy(() -> resolve(request("data-eng", "churn", null, "1.7.0", null, false), "dev"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("version 1.7.0 has no script " + CHURN + "/churn-1.7.0.py");
    }

    @Test
    void dataSharingIsRefusedOutsideDev() {
        assertThatThrownBy(() -> resolve(request("data-eng", "churn", null, null, null, true), "prod"))
                .isInstanceOf(DataSharingRefusedException.class)
                .hasMessage("run request: use_data_sharing is true in prod; expected false: data sharing (reading"
                        + " prod data) is allowed in dev only");
    }

    @Test
    void teamWithoutClustersCannotLaunch() {
        registry.publish("payments/ledger/ledger", "1.0.0", List.of("dev"), "payments/ledger/ledger/ledger-1.0.0.py");

        assertThatThrownBy(() -> resolve(request("payments", "ledger", null, "1.0.0", null, false), "dev"))
                .isInstanceOf(NoWorkspaceException.class)
                .hasMessage("run request: team is 'payments', which has no clusters section; expected a clusters"
                        + " section in config/teams/payments.json before its runs can launch in dev");
    }

    @Test
    void requestDefaultsAndRefusals() {
        RunRequest request = new RunRequest("data-eng", "churn", " ", null, "", null, false, List.of("a", "a"));

        assertThat(request.script()).isEqualTo("churn");
        assertThat(request.scriptVersion()).isEqualTo("latest");
        assertThat(request.libraryVersion()).isNull();
        assertThat(request.parameters()).isEmpty();
        assertThat(request.viewGroups()).containsExactly("a");
        assertThatThrownBy(() -> new RunRequest("data-eng", null, null, null, null, null, false, null))
                .isInstanceOf(InvalidRunRequestException.class)
                .hasMessage("run request: project_name is missing; expected one of the team's project names");
        assertThatThrownBy(() -> new RunRequest("data-eng", "churn", null, "../1.0", null, null, false, null))
                .isInstanceOf(InvalidRunRequestException.class)
                .hasMessageStartingWith("run request: script_version is '../1.0'");
    }
}
