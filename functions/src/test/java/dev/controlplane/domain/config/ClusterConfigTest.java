package dev.controlplane.domain.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

    private static final String ENVIRONMENTS = """
            {"environments": [
              {"name": "dev", "account": "111111111111", "region": "eu-west-1"},
              {"name": "prod", "account": "333333333333", "region": "eu-west-1", "approvalRequired": true}
            ]}""";

    @TempDir
    Path dir;

    private Path config(String clusters) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("teams"));
        Files.writeString(config.resolve("environments.json"), ENVIRONMENTS);
        Files.writeString(config.resolve("teams/data-eng.json"), """
                {"team": "data-eng", "costCentre": "CC-1042",
                 "projects": [{"name": "churn", "repository": "acme-data/churn"}]"""
                + (clusters == null ? "" : ", \"clusters\": " + clusters) + "}");
        return config;
    }

    private List<String> problems(String clusters) throws IOException {
        try {
            PlatformConfig.load(config(clusters));
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::line).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void clustersSectionIsLoadedWithTheDefaultPolicyName() throws IOException {
        PlatformConfig config = PlatformConfig.load(config("""
                {"policy": {"definition": {
                   "spark_version": {"type": "fixed", "value": "15.4.x-scala2.12"},
                   "node_type_id": {"type": "allowlist", "values": ["m5.xlarge"], "defaultValue": "m5.xlarge"},
                   "num_workers": {"type": "range", "maxValue": 4}}},
                 "readZones": ["raw", "curated"], "writeZone": "curated",
                 "workspaces": {"dev": {"host": "https://dbc-1.cloud.databricks.com",
                                        "tokenSecretId": "controlplane/dev/databricks-token",
                                        "instanceProfileArn": "arn:aws:iam::111111111111:instance-profile/data-eng-jobs"}}}"""));

        ClusterConfig clusters = config.team("data-eng").clusters().orElseThrow();
        assertThat(clusters.policy().name()).isEqualTo("controlplane-data-eng");
        assertThat(clusters.policy().definition()).isEqualTo("{\"node_type_id\":{\"defaultValue\":\"m5.xlarge\","
                + "\"type\":\"allowlist\",\"values\":[\"m5.xlarge\"]},\"num_workers\":{\"maxValue\":4,\"type\":\"range\"},"
                + "\"spark_version\":{\"type\":\"fixed\",\"value\":\"15.4.x-scala2.12\"}}");
        assertThat(clusters.policy().fixedOrDefault("node_type_id")).map(node -> node.asText()).contains("m5.xlarge");
        assertThat(clusters.readZones()).containsExactly("raw", "curated");
        assertThat(clusters.writeZone()).isEqualTo("curated");
        assertThat(clusters.workspace("dev")).contains(new TeamWorkspace("dev", "https://dbc-1.cloud.databricks.com",
                "controlplane/dev/databricks-token", "arn:aws:iam::111111111111:instance-profile/data-eng-jobs"));
        assertThat(clusters.workspace("prod")).as("not configured for prod").isEmpty();
    }

    static final String VALID_CLUSTERS = """
            {"policy": {"definition": {
               "spark_version": {"type": "fixed", "value": "15.4.x-scala2.12"},
               "node_type_id": {"type": "fixed", "value": "m5.xlarge"}}},
             "readZones": ["raw"], "writeZone": "curated",
             "workspaces": {"dev": {"host": "https://dbc-1.cloud.databricks.com", "tokenSecretId": "t",
                                    "instanceProfileArn": "arn:aws:iam::111111111111:instance-profile/x"}}""";

    @Test
    void smokeRunParametersAreTheTeamsWithADefaultTimeout() throws IOException {
        ClusterConfig given = PlatformConfig.load(config(VALID_CLUSTERS + """
                , "smoke": {"parameters": {"mode": "smoke", "date": "2026-01-01"}}}""")).team("data-eng").clusters().orElseThrow();
        assertThat(given.smoke()).contains(new SmokeRunConfig(Map.of("mode", "smoke", "date", "2026-01-01"), 3600));
        assertThat(PlatformConfig.load(config(VALID_CLUSTERS + "}")).team("data-eng").clusters().orElseThrow().smoke()).isEmpty();
    }

    @Test
    void badSmokeRunFieldsAreReportedWithFileAndPointer() throws IOException {
        assertThat(problems(VALID_CLUSTERS + """
                , "smoke": {"parameters": {"mode": 1}, "timeoutSeconds": 5, "retries": 2}}""")).containsExactlyInAnyOrder(
                "config/teams/data-eng.json: /clusters/smoke/retries: is not a known field; expected only parameters, pollSeconds, timeoutSeconds",
                "config/teams/data-eng.json: /clusters/smoke/parameters/mode: is the number 1; expected a text value",
                "config/teams/data-eng.json: /clusters/smoke/timeoutSeconds: is the number 5; expected a whole number of seconds, 60 to 86400");
    }

    @Test
    void aSmokeRunPollsAsOftenAsTheTeamSaysWithinLaunchClustersBound() throws IOException {
        ClusterConfig given = PlatformConfig.load(config(VALID_CLUSTERS + """
                , "smoke": {"timeoutSeconds": 600, "pollSeconds": 5}}""")).team("data-eng").clusters().orElseThrow();
        assertThat(given.smoke()).contains(new SmokeRunConfig(Map.of(), 600, 5));
        assertThat(problems(VALID_CLUSTERS + """
                , "smoke": {"pollSeconds": 0}}""")).containsExactly(
                "config/teams/data-eng.json: /clusters/smoke/pollSeconds: is the number 0; expected a whole number of seconds, 1 to 3600");
        assertThat(problems(VALID_CLUSTERS + """
                , "smoke": {"timeoutSeconds": 86400, "pollSeconds": 60}}""")).containsExactly(
                "config/teams/data-eng.json: /clusters/smoke/pollSeconds: is 60, which with timeoutSeconds 86400 makes 1440 polls;"
                        + " expected at most 500 polls (launch-cluster's bound): pollSeconds of at least 173, or a shorter timeoutSeconds");
    }

    @Test
    void teamWithoutClustersSectionHasNone() throws IOException {
        assertThat(PlatformConfig.load(config(null)).team("data-eng").clusters()).isEmpty();
    }

    @Test
    void definitionsDifferingOnlyInMemberOrderAreEqual() {
        assertThat(ClusterPolicyConfig.canonical("{\"b\": {\"value\": 1, \"type\": \"fixed\"}, \"a\": {\"type\": \"forbidden\"}}"))
                .isEqualTo(ClusterPolicyConfig.canonical("{\"a\":{\"type\":\"forbidden\"},\"b\":{\"type\":\"fixed\",\"value\":1}}"));
    }

    @Test
    void everyBadClustersFieldIsReportedWithFileAndPointer() throws IOException {
        List<String> problems = problems("""
                {"policy": {"definition": {
                   "spark_version": {"type": "fixed"},
                   "num_workers": {"type": "range"},
                   "autoscale.max_workers": {"type": "range", "minValue": 4, "maxValue": 2},
                   "custom_tags.team": {"type": "regex", "pattern": "data-("},
                   "node_type_id": {"type": "allowed", "values": []},
                   "driver_node_type_id": {"type": "allowlist", "values": [], "optional": true}}},
                 "readZones": ["raw", "Curated", "raw"], "writeZone": "gold zone",
                 "workspaces": {
                   "dev": {"host": "dbc-1.cloud.databricks.com", "tokenSecretId": "controlplane/dev/token",
                           "instanceProfileArn": "arn:aws:iam::333333333333:instance-profile/data-eng-jobs"},
                   "qa": {"host": "https://dbc-2.cloud.databricks.com", "tokenSecretId": "t",
                          "instanceProfileArn": "arn:aws:iam::111111111111:instance-profile/x"},
                   "prod": {"host": "https://dbc-3.cloud.databricks.com"}},
                 "zones": []}""");

        String file = "config/teams/data-eng.json: ";
        assertThat(problems).containsExactlyInAnyOrder(
                file + "/clusters/zones: is not a known field; expected only policy, readZones, smoke, workspaces, writeZone",
                file + "/clusters/policy/definition/spark_version/value: is missing; expected the fixed value: a string,"
                        + " number or boolean",
                file + "/clusters/policy/definition/num_workers: has neither minValue nor maxValue; expected a range with"
                        + " minValue, maxValue or both (numbers)",
                file + "/clusters/policy/definition/autoscale.max_workers/minValue: is 4, above maxValue 2; expected"
                        + " minValue <= maxValue",
                file + "/clusters/policy/definition/custom_tags.team/pattern: is 'data-(', which does not compile"
                        + " (Unclosed group); expected a valid regular expression",
                file + "/clusters/policy/definition/node_type_id/type: is the string \"allowed\"; expected one of fixed,"
                        + " forbidden, allowlist, blocklist, range, regex, unlimited",
                file + "/clusters/policy/definition/driver_node_type_id/optional: is not a known field; expected only"
                        + " defaultValue, hidden, isOptional, maxValue, minValue, pattern, type, value, values",
                file + "/clusters/policy/definition/driver_node_type_id/values: is the array []; expected a non-empty"
                        + " array of strings, numbers or booleans",
                file + "/clusters/policy/definition/node_type_id: gives no value; expected a fixed value or a defaultValue:"
                        + " the team's job clusters take node_type_id from the policy",
                file + "/clusters/readZones/1: is 'Curated'; expected a zone name: a lower-case letter, then up to 39"
                        + " lower-case letters, digits, '_' or '-' (e.g. raw, curated)",
                file + "/clusters/readZones/2: is 'raw', which is listed before; expected each zone listed once",
                file + "/clusters/writeZone: is 'gold zone'; expected a zone name: a lower-case letter, then up to 39"
                        + " lower-case letters, digits, '_' or '-' (e.g. raw, curated), the one zone the team's runs write",
                file + "/clusters/workspaces/dev/host: is 'dbc-1.cloud.databricks.com'; expected the workspace URL"
                        + " https://{host}, e.g. https://dbc-1234abcd-5678.cloud.databricks.com (no path; http:// only"
                        + " for a local workspace on localhost or 127.0.0.1)",
                file + "/clusters/workspaces/dev/instanceProfileArn: is in account 333333333333; expected"
                        + " arn:aws:iam::111111111111:instance-profile/{name}, an instance profile of dev's account",
                file + "/clusters/workspaces/qa: names environment 'qa', which environments.json does not have;"
                        + " expected one of dev, prod",
                file + "/clusters/workspaces/prod/tokenSecretId: is missing; expected the Secrets Manager secret name or"
                        + " ARN holding the workspace token, e.g. controlplane/dev/databricks-token",
                file + "/clusters/workspaces/prod/instanceProfileArn: is missing; expected"
                        + " arn:aws:iam::333333333333:instance-profile/{name}, an instance profile of prod's account");
    }

    @Test
    void missingPolicyAndWorkspacesAreReported() throws IOException {
        assertThat(problems("{\"readZones\": [\"raw\"], \"writeZone\": \"raw\"}")).containsExactly(
                "config/teams/data-eng.json: /clusters/policy: is missing; expected an object {\"name\" (optional),"
                        + " \"definition\": {attribute: rule, ...}} in Databricks' policy definition language",
                "config/teams/data-eng.json: /clusters/workspaces: is missing; expected an object {environment:"
                        + " {\"host\", \"tokenSecretId\", \"instanceProfileArn\"}} naming environments of"
                        + " environments.json: dev, prod");
    }

    @Test
    void packagedTeamsCanRunInEveryEnvironment() {
        PlatformConfig config = PlatformConfig.fromClasspath();

        for (TeamConfig team : config.teams()) {
            ClusterConfig clusters = team.clusters().orElseThrow();
            assertThat(clusters.workspaces().keySet()).as(team.name())
                    .containsExactlyInAnyOrderElementsOf(config.environments().stream().map(EnvironmentConfig::name).toList());
            assertThat(clusters.policy().fixedOrDefault("spark_version")).as(team.name()).isPresent();
        }
    }
}
