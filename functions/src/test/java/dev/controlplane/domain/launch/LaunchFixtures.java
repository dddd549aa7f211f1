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
import java.util.TreeSet;

/** A dev/prod config with one launchable team, and an in-memory registry. */
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
                         "prod": {"host": "https://dbc-prod.cloud.databricks.com", "tokenSecretId": "controlplane/prod/databricks-token",
                                  "instanceProfileArn": "arn:aws:iam::333333333333:instance-profile/data-eng-jobs"}}}}"""
                    .formatted(policy, devHost));
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

    /** Versions and latest pointers held in memory. */
    public static final class Registry implements RunArtifacts {
        private final Map<String, String> latest = new HashMap<>();
        private final Map<String, PublishedVersion> versions = new HashMap<>();

        public Registry publish(String artifact, String version, List<String> environments, String... keys) {
            versions.put(artifact + "@" + version, new PublishedVersion(artifact, version, new TreeSet<>(environments), List.of(keys)));
            return this;
        }

        public Registry latest(String artifact, String environment, String version) {
            latest.put(artifact + "@" + environment, version);
            return this;
        }

        @Override
        public Optional<String> latest(String artifact, String environment) {
            return Optional.ofNullable(latest.get(artifact + "@" + environment));
        }

        @Override
        public Optional<PublishedVersion> version(String artifact, String publishedVersion) {
            return Optional.ofNullable(versions.get(artifact + "@" + publishedVersion));
        }
    }
}
