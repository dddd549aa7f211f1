package dev.controlplane.domain.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a config folder, collecting every problem before refusing it, so one run shows them all: {@code
 * environments.json} ({@link EnvironmentConfigReader}) first, as {@code teams/*.json} ({@link TeamConfigReader}) and
 * {@code datasets/*.json} ({@link DatasetConfigReader}) are checked against its environments.
 */
final class ConfigReader {

    private final ConfigFolder folder;

    ConfigReader(Path dir) {
        this.folder = new ConfigFolder(dir);
    }

    PlatformConfig read() {
        List<EnvironmentConfig> environments = new EnvironmentConfigReader(folder).read();
        List<TeamConfig> teams = new TeamConfigReader(folder, environments).read();
        List<DatasetConfig> datasets = new DatasetConfigReader(folder, environments).read();
        if (!folder.problems.isEmpty()) {
            throw new ConfigException(folder.problems);
        }
        return new PlatformConfig(environments, teams, datasets);
    }
}
