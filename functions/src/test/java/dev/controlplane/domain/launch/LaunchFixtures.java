package dev.controlplane.domain.launch;

import dev.controlplane.domain.config.PlatformConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A dev/prod config with one launchable team, and in-memory published versions per environment. */
public final class LaunchFixtures {

    public static final String POLICY = """
            {"spark_version": {"type": "fixed", "value": "15.4.x-scala2.12"},
             "node_type_id": {"type": "allowlist", "values": ["m5.xlarge", "m5.2xlarge"], "defaultValue": "m5.xlarge"},
             "autoscale.max_workers": {"type": "range", "maxValue": 4},
             "custom_tags.team": {"type": "fixed", "value": "data-eng"}}""";

    private LaunchFixtures() {
    }

    /** Writes the config folder; {@code devHost} is the dev workspace (a local one in adapter tests). */
    public static Path writeConfig(Path dir, String devHost, String policy) {
        return writeConfig(dir, devHost, "https://dbc-prod.cloud.databricks.com", policy);
    }

    /** Writes the config folder with these dev and prod workspaces (local ones where runs are submitted). */
    public static Path writeConfig(Path dir, String devHost, String prodHost, String policy) {
        try {
            Path config = dir.resolve("config");
            Files.createDirectories(config.resolve("teams"));
            Files.writeString(config.resolve("environments.json"), """
                    {"environments": [
                      {"name": "dev", "account": "111111111111", "region": "us-east-1"},
                      {"name": "prod", "account": "333333333333", "region": "us-east-1", "artifactsBucket": "acme-prod-artifacts"}
                    ]}""");
            Files.writeString(config.resolve("teams/data-eng.json"), """
                    {"team": "data-eng", "costCentre": "CC-1042",
                     "projects": [{"name": "churn", "repository": "acme-data/churn", "scripts": ["churn", "score"]}],
                     "clusters": {"policy": {"definition": %s},
                       "readZones": ["raw", "curated"], "writeZone": "curated",
                       "workspaces": {
                         "dev": {"host": "%s", "tokenSecretId": "controlplane/dev/databricks-token",
                                 "instanceProfileArn": "arn:aws:iam::111111111111:instance-profile/data-eng-jobs"},
                         "prod": {"host": "%s", "tokenSecretId": "controlplane/prod/databricks-token",
                                  "instanceProfileArn": "arn:aws:iam::333333333333:instance-profile/data-eng-jobs"}}}}"""
                    .formatted(policy, devHost, prodHost));
            Files.writeString(config.resolve("teams/payments.json"), """
                    {"team": "payments", "costCentre": "CC-2077",
                     "projects": [{"name": "ledger", "repository": "acme-pay/ledger"}]}""");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PlatformConfig config(Path dir) {
        return PlatformConfig.load(writeConfig(dir, "https://dbc-dev.cloud.databricks.com", POLICY));
    }

    /** Versions and latest pointers of every environment, held in memory; {@link #in} is one environment's view. */
    public static final class Registry {
        private final Map<String, String> latest = new HashMap<>();
        private final Map<String, PublishedVersion> versions = new HashMap<>();

        /** Publishes the version into each of the environments. */
        public Registry publish(String artifact, String version, List<String> environments, String... keys) {
            for (String environment : environments) {
                versions.put(environment + "@" + artifact + "@" + version, new PublishedVersion(artifact, version, List.of(keys)));
            }
            return this;
        }

        public Registry latest(String artifact, String environment, String version) {
            latest.put(environment + "@" + artifact, version);
            return this;
        }

        /** What a function serving the environment reads. */
        public RunArtifacts in(String environment) {
            return new RunArtifacts() {
                @Override
                public String environment() {
                    return environment;
                }

                @Override
                public Optional<String> latest(String artifact) {
                    return Optional.ofNullable(latest.get(environment + "@" + artifact));
                }

                @Override
                public Optional<PublishedVersion> version(String artifact, String publishedVersion) {
                    return Optional.ofNullable(versions.get(environment + "@" + artifact + "@" + publishedVersion));
                }
            };
        }
    }
}
