package dev.controlplane.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.RejectedInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigTest {

    private static final String ENVIRONMENTS = """
            {"environments": [
              {"name": "dev", "account": "111111111111", "region": "eu-west-1"},
              {"name": "prod", "account": "333333333333", "region": "eu-west-1", "approvalRequired": true,
               "artifactsBucket": "acme-prod-artifacts"}
            ]}""";
    private static final String DATA_ENG = """
            {"team": "data-eng", "costCentre": "CC-1042", "projects": [
              {"name": "churn", "repository": "acme-data/churn", "defaultBranch": "trunk", "scripts": ["churn", "score"]},
              {"name": "uplift", "repository": "acme-data/uplift"}
            ]}""";

    @TempDir
    Path dir;

    private Path config(String environments, Map<String, String> teams) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("teams"));
        if (environments != null) {
            Files.writeString(config.resolve("environments.json"), environments);
        }
        for (Map.Entry<String, String> team : teams.entrySet()) {
            Files.writeString(config.resolve("teams").resolve(team.getKey()), team.getValue());
        }
        return config;
    }

    private List<String> problems(String environments, Map<String, String> teams) throws IOException {
        Path config = config(environments, teams);
        try {
            PlatformConfig.load(config);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems().stream().map(ConfigProblem::line).toList()));
            return e.problems().stream().map(ConfigProblem::line).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void goodConfigIsLoadedWithDefaults() throws IOException {
        PlatformConfig config = PlatformConfig.load(config(ENVIRONMENTS, Map.of("data-eng.json", DATA_ENG)));

        assertThat(config.environments()).containsExactly(
                new EnvironmentConfig("dev", "111111111111", "eu-west-1",
                        "controlplane-artifacts-dev-111111111111-eu-west-1", false),
                new EnvironmentConfig("prod", "333333333333", "eu-west-1", "acme-prod-artifacts", true));
        assertThat(config.firstEnvironment().name()).isEqualTo("dev");
        assertThat(config.environment("prod")).map(EnvironmentConfig::approvalRequired).contains(true);
        assertThat(config.environment("staging")).isEmpty();
        TeamConfig team = config.team("data-eng");
        assertThat(team.costCentre()).isEqualTo("CC-1042");
        assertThat(team.project("churn")).isEqualTo(
                new ProjectConfig("churn", "acme-data/churn", "trunk", List.of("churn", "score")));
        assertThat(team.project("uplift").defaultBranch()).as("default branch").isEqualTo("main");
        assertThat(team.project("uplift").scripts()).as("one script named like the project").containsExactly("uplift");
    }

    @Test
    void packagedConfigHasTheChainAndTheTeams() {
        PlatformConfig config = PlatformConfig.fromClasspath();

        assertThat(config.environments()).extracting(EnvironmentConfig::name).containsExactly("dev", "staging", "prod");
        assertThat(config.environments()).extracting(EnvironmentConfig::approvalRequired).containsExactly(false, false, true);
        assertThat(config.firstEnvironment().artifactsBucket()).isEqualTo("controlplane-artifacts-dev-111111111111-eu-west-1");
        assertThat(config.projectForRepository("acme-data/churn").project().scripts()).containsExactly("churn", "score");
        assertThat(config.projectForRepository("acme-pay/ledger").team().name()).isEqualTo("payments");
        assertThat(config.team("payments").project("ledger").scripts()).containsExactly("daily_close");
    }

    @Test
    void packagedConfigIsReadFromInsideAJar() throws IOException {
        Path jar = dir.resolve("functions.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "config/", null);
            entry(out, "config/environments.json", ENVIRONMENTS);
            entry(out, "config/teams/", null);
            entry(out, "config/teams/data-eng.json", DATA_ENG);
            entry(out, "config/teams/README.md", "not a team");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            PlatformConfig config = PlatformConfig.fromClassLoader(loader);

            assertThat(config.environments()).extracting(EnvironmentConfig::name).containsExactly("dev", "prod");
            assertThat(config.teams()).extracting(TeamConfig::name).containsExactly("data-eng");
        }
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (text != null) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }

    @Test
    void configDirVariableChoosesTheFolder() throws IOException {
        Path config = config(ENVIRONMENTS, Map.of("data-eng.json", DATA_ENG));

        PlatformConfig chosen = PlatformConfig.fromEnvironment(Map.of("CONTROLPLANE_CONFIG_DIR", config.toString()));

        assertThat(chosen.environments()).extracting(EnvironmentConfig::name).containsExactly("dev", "prod");
        assertThat(PlatformConfig.fromEnvironment(Map.of()).environments()).hasSize(3);
    }

    @Test
    void everyBadEnvironmentFieldIsReportedWithFileAndPointer() throws IOException {
        List<String> problems = problems("""
                {"environments": [
                  {"name": "Dev", "account": 111111111111, "region": "Ireland", "approvalRequired": "yes"},
                  {"name": "staging", "account": "2222", "region": "eu-west-1", "artifactsBucket": "Bad_Bucket"},
                  {"name": "staging", "account": "222222222222", "region": "eu-west-1", "aproval": true},
                  {"account": "333333333333", "region": "eu-west-1"},
                  {"name": "production-environment", "account": "333333333333", "region": "ap-southeast-2"}
                ]}""", Map.of());

        assertThat(problems).containsExactlyInAnyOrder(
                "config/environments.json: /environments/0/name: is 'Dev'; expected 1 to 20 lower-case letters,"
                        + " digits or '-', starting with a letter (e.g. dev, staging, prod)",
                "config/environments.json: /environments/0/account: is the number 111111111111; expected the 12-digit"
                        + " AWS account id as a string (quoted, so leading zeros survive)",
                "config/environments.json: /environments/0/region: is 'Ireland'; expected an AWS region code such as eu-west-1",
                "config/environments.json: /environments/0/approvalRequired: is the string \"yes\"; expected true or false"
                        + " (default false)",
                "config/environments.json: /environments/1/account: is '2222'; expected the 12-digit AWS account id as a"
                        + " string (quoted, so leading zeros survive)",
                "config/environments.json: /environments/1/artifactsBucket: is 'Bad_Bucket'; expected an S3 bucket name:"
                        + " 3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit",
                "config/environments.json: /environments/2/aproval: is not a known field; expected only account,"
                        + " approvalRequired, artifactsBucket, catalogs, dataBuckets, name, production, region, smokeRun",
                "config/environments.json: /environments/3/name: is missing; expected 1 to 20 lower-case letters,"
                        + " digits or '-', starting with a letter (e.g. dev, staging, prod)",
                "config/environments.json: /environments/4/name: is 'production-environment' (22 characters); expected"
                        + " 1 to 20 lower-case letters, digits or '-', starting with a letter (e.g. dev, staging, prod)");
    }

    @Test
    void duplicateEnvironmentAndOverlongDerivedBucketAreRefused() throws IOException {
        List<String> problems = problems("""
                {"environments": [
                  {"name": "dev", "account": "111111111111", "region": "eu-west-1"},
                  {"name": "dev", "account": "222222222222", "region": "eu-west-1"},
                  {"name": "integration-test1", "account": "222222222222", "region": "ap-southeast-2"}
                ]}""", Map.of());

        assertThat(problems).containsExactly(
                "config/environments.json: /environments/1/name: is 'dev', as /environments/0/name already is;"
                        + " expected each environment named once",
                "config/environments.json: /environments/2/name: is 'integration-test1', which makes the artifacts bucket"
                        + " name 'controlplane-artifacts-integration-test1-222222222222-ap-southeast-2' 68 characters long;"
                        + " expected a shorter name, or artifactsBucket set (S3 bucket names have at most 63 characters)");
    }

    @Test
    void missingOrEmptyChainIsRefused() throws IOException {
        assertThat(problems(null, Map.of())).containsExactly("config/environments.json: is missing; expected a JSON"
                + " object {\"environments\": [{\"name\", \"account\", \"region\"}, ...]}");
        assertThat(problems("{\"environments\": []}", Map.of())).containsExactly("config/environments.json:"
                + " /environments: is empty; expected at least one environment; the first is where builds land");
    }

    @Test
    void invalidJsonIsReportedWithItsLocation() throws IOException {
        List<String> problems = problems(ENVIRONMENTS, Map.of("data-eng.json", "{\"team\": \"data-eng\",\n \"projects\": [}"));

        assertThat(problems).singleElement().asString()
                .startsWith("config/teams/data-eng.json: is not valid JSON (")
                .contains("at line 2, column");
    }

    @Test
    void everyBadTeamFieldIsReportedWithFileAndPointer() throws IOException {
        List<String> problems = problems(ENVIRONMENTS, Map.of("data-eng.json", """
                {"team": "data-science", "projects": [
                  {"name": "Churn", "repository": "churn", "scripts": ["churn", "Score", "churn"], "cluster": {}},
                  {"name": "uplift", "repository": "acme-data/uplift", "defaultBranch": "my branch", "scripts": []},
                  {"name": "uplift", "repository": "acme-data/uplift2"},
                  "ltv"
                ], "owner": "ana"}"""));

        assertThat(problems).containsExactlyInAnyOrder(
                "config/teams/data-eng.json: /owner: is not a known field; expected only clusters, costCentre, projects, team",
                "config/teams/data-eng.json: /team: is 'data-science', but the file is data-eng.json; expected"
                        + " 'data-eng': a team's file is named config/teams/{team}.json",
                "config/teams/data-eng.json: /costCentre: is missing; expected the cost centre the team's runs are charged to",
                "config/teams/data-eng.json: /projects/0/cluster: is not a known field; expected only defaultBranch, name,"
                        + " repository, scripts",
                "config/teams/data-eng.json: /projects/0/name: is 'Churn'; expected 1 to 64 lower-case letters, digits,"
                        + " '-' or '_', starting with a letter and ending with a letter or digit",
                "config/teams/data-eng.json: /projects/0/repository: is 'churn'; expected owner/name, as GitHub's"
                        + " repository.full_name",
                "config/teams/data-eng.json: /projects/0/scripts/1: is 'Score'; expected 1 to 64 lower-case letters,"
                        + " digits, '-' or '_', starting with a letter and ending with a letter or digit",
                "config/teams/data-eng.json: /projects/0/scripts/2: is 'churn', which is listed before; expected each"
                        + " script listed once",
                "config/teams/data-eng.json: /projects/1/defaultBranch: is 'my branch'; expected a git branch name such as"
                        + " main (no spaces, '..', '~', '^', ':', '?', '*', '[', '\\', '//' or '@{')",
                "config/teams/data-eng.json: /projects/1/scripts: is empty; expected a non-empty array of script names"
                        + " (leave it out for one script named like the project)",
                "config/teams/data-eng.json: /projects/3: is the string \"ltv\"; expected an object {\"name\", \"repository\"}");
    }

    @Test
    void duplicateProjectNameInATeamIsRefused() throws IOException {
        List<String> problems = problems(ENVIRONMENTS, Map.of("data-eng.json", """
                {"team": "data-eng", "costCentre": "CC-1", "projects": [
                  {"name": "churn", "repository": "acme-data/churn"},
                  {"name": "churn", "repository": "acme-data/churn-v2"}
                ]}"""));

        assertThat(problems).containsExactly("config/teams/data-eng.json: /projects/1/name: is 'churn', as"
                + " /projects/0/name already is; expected each project of a team named once");
    }

    @Test
    void repositoryOfTwoProjectsIsRefusedWhateverItsCase() throws IOException {
        List<String> problems = problems(ENVIRONMENTS, Map.of("data-eng.json", DATA_ENG, "payments.json", """
                {"team": "payments", "costCentre": "CC-2077", "projects": [
                  {"name": "ledger", "repository": "Acme-Data/Churn"}
                ]}"""));

        assertThat(problems).containsExactly("config/teams/payments.json: /projects/0/repository: is 'Acme-Data/Churn',"
                + " which config/teams/data-eng.json /projects/0/repository already has; expected each repository in"
                + " one project only (GitHub compares names case-insensitively)");
    }

    @Test
    void teamFileNameMustBeATeamName() throws IOException {
        List<String> problems = problems(ENVIRONMENTS, Map.of("Data Eng.json", """
                {"team": "Data Eng", "costCentre": "CC-1", "projects": []}"""));

        assertThat(problems).contains("config/teams/Data Eng.json: file name 'Data Eng.json' does not name a team;"
                + " expected {team}.json, where the team is 1 to 64 lower-case letters, digits, '-' or '_', starting"
                + " with a letter and ending with a letter or digit");
    }

    @Test
    void problemsOfSeveralFilesAreReportedTogether() throws IOException {
        List<String> problems = problems("{\"environments\": [{\"name\": \"dev\"}]}", Map.of("data-eng.json",
                "{\"team\": \"data-eng\", \"costCentre\": \"CC-1\", \"projects\": 3}"));

        assertThat(problems).containsExactly(
                "config/environments.json: /environments/0/account: is missing; expected the 12-digit AWS account id"
                        + " as a string (quoted, so leading zeros survive)",
                "config/environments.json: /environments/0/region: is missing; expected an AWS region code such as eu-west-1",
                "config/teams/data-eng.json: /projects: is the number 3; expected an array of the team's projects");
    }

    @Test
    void configExceptionIsUserFacingAndNamesTheFirstProblem() throws IOException {
        Path config = config("{\"environments\": [], \"x\": 1}", Map.of());

        assertThatThrownBy(() -> PlatformConfig.load(config))
                .isInstanceOf(RejectedInputException.class)
                .satisfies(e -> {
                    RejectedInputException rejected = (RejectedInputException) e;
                    assertThat(rejected.input()).isEqualTo("config/environments.json");
                    assertThat(rejected.field()).isEqualTo("/x");
                });
    }

    @Test
    void unknownTeamNamesTheConfiguredTeams() {
        PlatformConfig config = PlatformConfig.fromClasspath();

        assertThatThrownBy(() -> config.team("marketing", "s3://inbox/marketing/x/manifest.json"))
                .isInstanceOf(UnknownTeamException.class)
                .hasMessage("s3://inbox/marketing/x/manifest.json: team is 'marketing', which has no"
                        + " config/teams/marketing.json; expected one of the configured teams: data-eng, payments");
    }

    @Test
    void unknownProjectNamesTheTeamsProjects() {
        TeamConfig team = PlatformConfig.fromClasspath().team("data-eng");

        assertThatThrownBy(() -> team.project("ltv"))
                .isInstanceOf(UnknownProjectException.class)
                .hasMessage("platform config: project is 'ltv', which team data-eng does not configure; expected one"
                        + " of data-eng's projects in config/teams/data-eng.json: churn");
    }

    @Test
    void repositoryIsFoundWhateverItsCaseAndAnUnknownOneIsNamed() {
        PlatformConfig config = PlatformConfig.fromClasspath();

        assertThat(config.projectForRepository("ACME-data/Churn").project().name()).isEqualTo("churn");
        assertThatThrownBy(() -> config.projectForRepository("acme-data/ltv", "push event"))
                .isInstanceOf(UnknownRepositoryException.class)
                .hasMessage("push event: repository is 'acme-data/ltv', which no team configures; expected the"
                        + " owner/name of a repository listed by a project in config/teams/*.json:"
                        + " acme-data/churn, acme-pay/ledger");
    }
}
