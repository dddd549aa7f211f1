package dev.controlplane.domain.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The declarative platform config: the environments in promotion order, the data teams with their
 * projects and the datasets replicated from prod to staging. {@link #load} refuses a config with any problem,
 * so an instance is always consistent: environment names unique, repositories unique across teams, no dataset
 * writing to a production bucket.
 */
public record PlatformConfig(List<EnvironmentConfig> environments, List<TeamConfig> teams,
        List<DatasetConfig> datasets) {

    /** Environment variable naming a config folder to use instead of the packaged one. */
    public static final String CONFIG_DIR_VARIABLE = "CONTROLPLANE_CONFIG_DIR";
    /** Where the functions jar carries the config, and the folder's name in the repository. */
    public static final String CLASSPATH_FOLDER = "config";

    private static final String DEFAULT_INPUT = "platform config";

    public PlatformConfig {
        environments = List.copyOf(environments);
        teams = List.copyOf(teams);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("a platform config needs at least one environment");
        }
    }

    /** A config without datasets. */
    public PlatformConfig(List<EnvironmentConfig> environments, List<TeamConfig> teams) {
        this(environments, teams, List.of());
    }

    /**
     * Reads {@code environments.json}, {@code teams/*.json} and {@code datasets/*.json} under the folder.
     *
     * @throws ConfigException listing every problem found, each with its file and JSON pointer
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static PlatformConfig load(Path configDir) {
        return new ConfigReader(configDir).read();
    }

    /** The config packaged with the functions, from a folder on the classpath or from inside the jar. */
    public static PlatformConfig fromClasspath() {
        return fromClassLoader(PlatformConfig.class.getClassLoader());
    }

    /** {@value #CONFIG_DIR_VARIABLE} when set, else the packaged config. */
    public static PlatformConfig fromEnvironment(Map<String, String> environment) {
        String dir = environment.get(CONFIG_DIR_VARIABLE);
        return dir == null || dir.isBlank() ? fromClasspath() : load(Path.of(dir.strip()));
    }

    static PlatformConfig fromClassLoader(ClassLoader classLoader) {
        String marker = CLASSPATH_FOLDER + "/" + ConfigFolder.ENVIRONMENTS_FILE;
        URL url = classLoader.getResource(marker);
        if (url == null) {
            throw new IllegalStateException("the classpath has no " + marker
                    + "; expected the functions jar to carry the repository's config/ folder");
        }
        URI uri = toUri(url);
        if (uri.getScheme().equals("jar")) {
            return fromJar(uri);
        }
        return load(Path.of(uri).getParent());
    }

    // Serialised: a zip FileSystem is one per jar, and this one is closed after reading.
    private static synchronized PlatformConfig fromJar(URI resource) {
        String text = resource.toString();
        URI jar = URI.create(text.substring(0, text.indexOf("!/")));
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of())) {
            return load(zip.getPath("/" + CLASSPATH_FOLDER));
        } catch (FileSystemAlreadyExistsException opened) {
            return load(FileSystems.getFileSystem(jar).getPath("/" + CLASSPATH_FOLDER));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + jar + " to read the packaged config", e);
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the packaged config's location " + url + " is not a URI", e);
        }
    }

    /** Where builds land: the first environment of the chain. */
    public EnvironmentConfig firstEnvironment() {
        return environments.get(0);
    }

    public Optional<EnvironmentConfig> environment(String name) {
        return environments.stream().filter(environment -> environment.name().equals(name)).findFirst();
    }

    /** @throws UnknownTeamException naming the configured teams */
    public TeamConfig team(String name) {
        return team(name, DEFAULT_INPUT);
    }

    /**
     * @param input what named the team, for the error, e.g. the manifest's key
     * @throws UnknownTeamException naming the configured teams
     */
    public TeamConfig team(String name, String input) {
        return teams.stream().filter(team -> team.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownTeamException(input, name, teams.stream().map(TeamConfig::name).toList()));
    }

    /**
     * @param input what named the dataset, for the error, e.g. {@code PlanReplication input}
     * @throws UnknownDatasetException naming the configured datasets
     */
    public DatasetConfig dataset(String name, String input) {
        return datasets.stream().filter(dataset -> dataset.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownDatasetException(input, name,
                        datasets.stream().map(DatasetConfig::name).toList()));
    }

    /** The production environment a bucket belongs to (its artifact bucket or one of its data buckets), if any. */
    public Optional<EnvironmentConfig> productionOwnerOf(String bucket) {
        return environments.stream()
                .filter(environment -> environment.production() && environment.buckets().contains(bucket))
                .findFirst();
    }

    /** The production environment a Unity Catalog catalog belongs to, if any. */
    public Optional<EnvironmentConfig> productionOwnerOfCatalog(String catalog) {
        return environments.stream()
                .filter(environment -> environment.production() && environment.ownsCatalog(catalog))
                .findFirst();
    }

    /** @throws UnknownRepositoryException naming the configured repositories */
    public ProjectRef projectForRepository(String fullName) {
        return projectForRepository(fullName, DEFAULT_INPUT);
    }

    /**
     * The project built from a GitHub repository, compared case-insensitively as GitHub does.
     *
     * @param input what named the repository, for the error, e.g. {@code push event}
     * @throws UnknownRepositoryException naming the configured repositories
     */
    public ProjectRef projectForRepository(String fullName, String input) {
        if (fullName != null) {
            String wanted = fullName.toLowerCase(Locale.ROOT);
            for (TeamConfig team : teams) {
                for (ProjectConfig project : team.projects()) {
                    if (project.repository().toLowerCase(Locale.ROOT).equals(wanted)) {
                        return new ProjectRef(team, project);
                    }
                }
            }
        }
        throw new UnknownRepositoryException(input, fullName,
                teams.stream().flatMap(team -> team.projects().stream()).map(ProjectConfig::repository).toList());
    }
}
