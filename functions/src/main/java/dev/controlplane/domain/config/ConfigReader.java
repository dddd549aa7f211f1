package dev.controlplane.domain.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.ArtifactNaming;
import dev.controlplane.domain.RejectedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads a config folder, collecting every problem before refusing it, so one run shows them all. */
final class ConfigReader {

    static final String ENVIRONMENTS_FILE = "environments.json";
    static final String TEAMS_FOLDER = "teams";
    static final String DATASETS_FOLDER = "datasets";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> ENVIRONMENTS_FIELDS = Set.of("environments");
    private static final Set<String> ENVIRONMENT_FIELDS =
            Set.of("name", "account", "region", "approvalRequired", "smokeRun", "artifactsBucket", "dataBuckets", "production",
                    "catalogs");
    private static final Set<String> TEAM_FIELDS = Set.of("team", "costCentre", "projects", "clusters");
    private static final Set<String> PROJECT_FIELDS = Set.of("name", "repository", "defaultBranch", "scripts");
    private static final Set<String> DATASET_FIELDS =
            Set.of("dataset", "source", "target", "mode", "include", "exclude", "tables");
    private static final Set<String> LOCATION_FIELDS = Set.of("bucket", "prefix");
    private static final Set<String> TABLE_FIELDS = Set.of("source", "target", "mode");

    private static final int MAX_ENVIRONMENT_NAME = 20;
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[1-9][0-9]?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]");
    private static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9._-]{1,100}");
    private static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9_-]{0,62})");
    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*){1,2}");
    private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String CATALOG_RULE = "an array of Unity Catalog catalog names (letters, digits, '_'), the"
            + " catalogs of the environment's tables (default: the catalog named after the environment)";
    private static final Pattern BRANCH_FORBIDDEN = Pattern.compile("[\\s~^:?*\\[\\\\\\p{Cntrl}]|\\.\\.|//|@\\{");

    private static final String ENVIRONMENT_NAME_RULE = "1 to " + MAX_ENVIRONMENT_NAME
            + " lower-case letters, digits or '-', starting with a letter (e.g. dev, staging, prod)";
    private static final String BUCKET_RULE = "an S3 bucket name: 3 to 63 lower-case letters, digits, '.' or '-',"
            + " starting and ending with a letter or digit";
    private static final String DATASET_NAME_RULE = "1 to 63 lower-case letters, digits, '-' or '_', starting with"
            + " a letter or digit";
    private static final String PREFIX_RULE = "a key prefix: empty for the whole bucket, or ending with '/' and not"
            + " starting with '/', e.g. sales/orders/";
    private static final String TABLE_RULE = "a Unity Catalog table name catalog.schema.table (or schema.table)";
    private static final String REPOSITORY_RULE = "owner/name, as GitHub's repository.full_name";
    private static final String BRANCH_RULE = "a git branch name such as main (no spaces, '..', '~', '^', ':', '?',"
            + " '*', '[', '\\', '//' or '@{')";

    private final Path dir;
    private final String shownDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(Path dir) {
        this.dir = dir;
        Path name = dir.getFileName();
        this.shownDir = name == null ? PlatformConfig.CLASSPATH_FOLDER : name.toString().replaceAll("/+$", "");
    }

    PlatformConfig read() {
        List<EnvironmentConfig> environments = environments();
        List<TeamConfig> teams = teams(environments);
        List<DatasetConfig> datasets = datasets(environments);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new PlatformConfig(environments, teams, datasets);
    }

    private List<EnvironmentConfig> environments() {
        String file = shownDir + "/" + ENVIRONMENTS_FILE;
        JsonNode root = document(dir.resolve(ENVIRONMENTS_FILE), file,
                "{\"environments\": [{\"name\", \"account\", \"region\"}, ...]}");
        List<EnvironmentConfig> environments = new ArrayList<>();
        if (root == null) {
            return environments;
        }
        Fields fields = new Fields(file);
        fields.refuseUnknown(root, "", ENVIRONMENTS_FIELDS);
        JsonNode list = root.get("environments");
        String at = "/environments";
        if (list == null || list.isNull()) {
            problem(file, at, "is missing", "the environments in promotion order; the first is where builds land");
            return environments;
        }
        if (!list.isArray()) {
            problem(file, at, "is " + describe(list), "an array of environments in promotion order");
            return environments;
        }
        if (list.isEmpty()) {
            problem(file, at, "is empty", "at least one environment; the first is where builds land");
        }
        Map<String, String> seen = new HashMap<>();
        Map<EnvironmentConfig, Integer> positions = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            EnvironmentConfig environment = environment(fields, list.get(i), at + "/" + i);
            if (environment == null) {
                continue;
            }
            String earlier = seen.putIfAbsent(environment.name(), at + "/" + i + "/name");
            if (earlier != null) {
                problem(file, at + "/" + i + "/name", "is '" + environment.name() + "', as " + earlier + " already is",
                        "each environment named once");
            } else {
                environments.add(environment);
                positions.put(environment, i);
            }
        }
        // Replication writes the data buckets of the environments outside production: none may be production's too.
        for (EnvironmentConfig writable : environments) {
            for (EnvironmentConfig production : environments) {
                if (writable.production() || !production.production()) {
                    continue;
                }
                for (int j = 0; j < writable.dataBuckets().size(); j++) {
                    String bucket = writable.dataBuckets().get(j);
                    if (production.buckets().contains(bucket)) {
                        problem(file, at + "/" + positions.get(writable) + "/dataBuckets/" + j, "is '" + bucket
                                        + "', a bucket of production environment " + production.name(),
                                "only " + writable.name() + "'s own buckets: replication writes them, and never production's");
                    }
                }
            }
        }
        return environments;
    }

    private EnvironmentConfig environment(Fields fields, JsonNode node, String at) {
        if (!node.isObject()) {
            problem(fields.file, at, "is " + describe(node), "an object {\"name\", \"account\", \"region\"}");
            return null;
        }
        int before = problems.size();
        fields.refuseUnknown(node, at, ENVIRONMENT_FIELDS);
        String name = fields.matching(node, at, "name", ENVIRONMENT_NAME, ENVIRONMENT_NAME_RULE);
        if (name != null && name.length() > MAX_ENVIRONMENT_NAME) {
            problem(fields.file, at + "/name", "is '" + name + "' (" + name.length() + " characters)",
                    ENVIRONMENT_NAME_RULE);
        }
        String account = fields.matching(node, at, "account", ACCOUNT,
                "the 12-digit AWS account id as a string (quoted, so leading zeros survive)");
        String region = fields.matching(node, at, "region", REGION, "an AWS region code such as eu-west-1");
        boolean approvalRequired = fields.optionalBoolean(node, at, "approvalRequired");
        boolean smokeRun = fields.optionalBoolean(node, at, "smokeRun");
        String bucket = fields.optionalMatching(node, at, "artifactsBucket", BUCKET, BUCKET_RULE);
        if (bucket != null && (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-."))) {
            problem(fields.file, at + "/artifactsBucket", "is '" + bucket + "'", BUCKET_RULE);
        }
        List<String> dataBuckets = dataBuckets(fields, node.get("dataBuckets"), at + "/dataBuckets");
        List<String> catalogs = catalogs(fields, node.get("catalogs"), at + "/catalogs");
        boolean production = name != null && EnvironmentConfig.isProductionName(name);
        JsonNode productionNode = node.get("production");
        if (productionNode != null && !productionNode.isNull()) {
            if (productionNode.isBoolean()) {
                production = productionNode.booleanValue();
            } else {
                problem(fields.file, at + "/production", "is " + describe(productionNode),
                        "true or false (default true for an environment named prod or production)");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        if (bucket == null) {
            String derived = EnvironmentConfig.derivedArtifactsBucket(name, account, region);
            if (derived.length() > 63) {
                problem(fields.file, at + "/name", "is '" + name + "', which makes the artifacts bucket name '"
                        + derived + "' " + derived.length() + " characters long",
                        "a shorter name, or artifactsBucket set (S3 bucket names have at most 63 characters)");
                return null;
            }
        }
        return new EnvironmentConfig(name, account, region, bucket, approvalRequired, dataBuckets, production, catalogs,
                smokeRun);
    }

    /** @return null when absent (the environment's own name is its catalog) */
    private List<String> catalogs(Fields fields, JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> catalogs = new ArrayList<>();
        if (!node.isArray()) {
            problem(fields.file, at, "is " + describe(node), CATALOG_RULE);
            return catalogs;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (entry.isTextual() && CATALOG_NAME.matcher(entry.asText()).matches()) {
                catalogs.add(entry.asText());
            } else {
                problem(fields.file, at + "/" + i, entry.isTextual() ? "is '" + entry.asText() + "'" : "is " + describe(entry),
                        CATALOG_RULE);
            }
        }
        return catalogs;
    }

    private List<String> dataBuckets(Fields fields, JsonNode node, String at) {
        List<String> buckets = new ArrayList<>();
        if (node == null || node.isNull()) {
            return buckets;
        }
        if (!node.isArray()) {
            problem(fields.file, at, "is " + describe(node), "an array of the environment's data bucket names");
            return buckets;
        }
        for (int i = 0; i < node.size(); i++) {
            String bucket = bucketName(fields.file, at + "/" + i, node.get(i));
            if (bucket != null && buckets.contains(bucket)) {
                problem(fields.file, at + "/" + i, "is '" + bucket + "', which is listed before", "each bucket once");
            } else if (bucket != null) {
                buckets.add(bucket);
            }
        }
        return buckets;
    }

    private String bucketName(String file, String at, JsonNode node) {
        if (node == null || !node.isTextual()) {
            problem(file, at, node == null ? "is missing" : "is " + describe(node), BUCKET_RULE);
            return null;
        }
        String bucket = node.asText();
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.contains(".-")
                || bucket.contains("-.")) {
            problem(file, at, "is '" + bucket + "'", BUCKET_RULE);
            return null;
        }
        return bucket;
    }

    private List<DatasetConfig> datasets(List<EnvironmentConfig> environments) {
        List<DatasetConfig> datasets = new ArrayList<>();
        for (Path path : jsonFiles(DATASETS_FOLDER)) {
            DatasetConfig dataset = dataset(path, environments);
            if (dataset == null) {
                continue;
            }
            String file = shownDir + "/" + DATASETS_FOLDER + "/" + path.getFileName();
            // Two datasets writing the same keys would undo each other, and a mirror would delete the other's objects.
            DatasetConfig overlapping = datasets.stream()
                    .filter(other -> other.target().overlaps(dataset.target())).findFirst().orElse(null);
            if (overlapping != null) {
                problem(file, "/target", "is " + dataset.target().uri() + ", which overlaps dataset "
                        + overlapping.name() + "'s target " + overlapping.target().uri(),
                        "each dataset writing its own prefix");
                continue;
            }
            datasets.add(dataset);
        }
        return datasets;
    }

    private DatasetConfig dataset(Path path, List<EnvironmentConfig> environments) {
        String fileName = path.getFileName().toString();
        String file = shownDir + "/" + DATASETS_FOLDER + "/" + fileName;
        String fromFile = fileName.substring(0, fileName.length() - ".json".length());
        int before = problems.size();
        if (!DATASET_NAME.matcher(fromFile).matches()) {
            problem(file, "", "file name '" + fileName + "' does not name a dataset",
                    "{dataset}.json, where the dataset is " + DATASET_NAME_RULE);
        }
        JsonNode root = document(path, file, "{\"dataset\", \"source\", \"target\", \"mode\"}");
        if (root == null) {
            return null;
        }
        Fields fields = new Fields(file);
        fields.refuseUnknown(root, "", DATASET_FIELDS);
        String name = fields.matching(root, "", "dataset", DATASET_NAME, DATASET_NAME_RULE);
        if (name != null && !name.equals(fromFile)) {
            problem(file, "/dataset", "is '" + name + "', but the file is " + fileName,
                    "'" + fromFile + "': a dataset's file is named config/datasets/{dataset}.json");
        }
        DatasetLocation source = location(fields, root, "source", "the prod bucket and prefix to copy from");
        DatasetLocation target = location(fields, root, "target", "the staging bucket and prefix to copy to");
        String modeText = fields.string(root, "", "mode", "mirror (the target ends equal to the source) or"
                + " additive (never delete)");
        ReplicationMode mode = null;
        if (modeText != null) {
            mode = ReplicationMode.fromConfigName(modeText).orElse(null);
            if (mode == null) {
                problem(file, "/mode", "is '" + modeText + "'",
                        "mirror (the target ends equal to the source) or additive (never delete)");
            }
        }
        List<String> include = globs(fields, root.get("include"), "/include");
        List<String> exclude = globs(fields, root.get("exclude"), "/exclude");
        List<TableClone> tables = tables(fields, root.get("tables"), environments);
        if (source != null && target != null && source.overlaps(target)) {
            problem(file, "/target", "is " + target.uri() + ", which overlaps the source " + source.uri(),
                    "a target outside the source (copying a prefix into itself never ends)");
        }
        if (target != null) {
            for (EnvironmentConfig environment : environments) {
                if (environment.production() && environment.buckets().contains(target.bucket())) {
                    problem(file, "/target/bucket", "is '" + target.bucket() + "', a bucket of production environment "
                                    + environment.name() + " in " + shownDir + "/" + ENVIRONMENTS_FILE,
                            "a bucket outside production: replication never writes to production");
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new DatasetConfig(name, source, target, mode, include, exclude, tables);
    }

    private DatasetLocation location(Fields fields, JsonNode root, String field, String expected) {
        JsonNode node = root.get(field);
        String at = "/" + field;
        if (node == null || node.isNull() || !node.isObject()) {
            problem(fields.file, at, node == null || node.isNull() ? "is missing" : "is " + describe(node),
                    "{\"bucket\", \"prefix\"}: " + expected);
            return null;
        }
        int before = problems.size();
        fields.refuseUnknown(node, at, LOCATION_FIELDS);
        String bucket = bucketName(fields.file, at + "/bucket", node.get("bucket"));
        String prefix = "";
        JsonNode prefixNode = node.get("prefix");
        if (prefixNode != null && !prefixNode.isNull()) {
            prefix = fields.string(node, at, "prefix", PREFIX_RULE);
            if (prefix != null && !prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/")
                    || prefix.contains("//"))) {
                problem(fields.file, at + "/prefix", "is '" + prefix + "'", PREFIX_RULE);
            }
        }
        return problems.size() > before ? null : new DatasetLocation(bucket, prefix);
    }

    private List<String> globs(Fields fields, JsonNode node, String at) {
        List<String> globs = new ArrayList<>();
        if (node == null || node.isNull()) {
            return globs;
        }
        if (!node.isArray()) {
            problem(fields.file, at, "is " + describe(node), "an array of globs, each " + KeyGlob.RULE);
            return globs;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.isTextual()) {
                problem(fields.file, at + "/" + i, "is " + describe(entry), KeyGlob.RULE);
                continue;
            }
            String problem = KeyGlob.problem(entry.asText()).orElse(null);
            if (problem != null) {
                problem(fields.file, at + "/" + i, "is '" + entry.asText() + "', which " + problem, KeyGlob.RULE);
            } else {
                globs.add(entry.asText());
            }
        }
        return globs;
    }

    private List<TableClone> tables(Fields fields, JsonNode node, List<EnvironmentConfig> environments) {
        List<TableClone> tables = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tables;
        }
        if (!node.isArray()) {
            problem(fields.file, "/tables", "is " + describe(node),
                    "an array of {\"source\", \"target\", \"mode\": \"DEEP\"|\"SHALLOW\"}");
            return tables;
        }
        Map<String, String> targets = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/tables/" + i;
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                problem(fields.file, at, "is " + describe(entry), "an object {\"source\", \"target\", \"mode\"}");
                continue;
            }
            int before = problems.size();
            fields.refuseUnknown(entry, at, TABLE_FIELDS);
            String source = fields.matching(entry, at, "source", TABLE_NAME, TABLE_RULE);
            String target = fields.matching(entry, at, "target", TABLE_NAME, TABLE_RULE);
            TableClone.Kind kind = TableClone.Kind.DEEP;
            JsonNode kindNode = entry.get("mode");
            if (kindNode != null && !kindNode.isNull()) {
                String text = kindNode.isTextual() ? kindNode.asText() : null;
                if ("DEEP".equals(text) || "SHALLOW".equals(text)) {
                    kind = TableClone.Kind.valueOf(text);
                } else {
                    problem(fields.file, at + "/mode", "is " + (text == null ? describe(kindNode) : "'" + text + "'"),
                            "DEEP (copies the data files, the default) or SHALLOW (references them)");
                }
            }
            if (target != null && target.split("\\.").length != 3) {
                problem(fields.file, at + "/target", "is '" + target + "', without a catalog (it would be written in"
                        + " the SQL warehouse's default catalog, which may be production's)",
                        "catalog.schema.table in a catalog outside production");
            } else if (target != null) {
                String catalog = target.substring(0, target.indexOf('.'));
                for (EnvironmentConfig environment : environments) {
                    if (environment.production() && environment.ownsCatalog(catalog)) {
                        problem(fields.file, at + "/target", "is '" + target + "', a table in catalog '" + catalog
                                        + "' of production environment " + environment.name() + " in " + shownDir + "/"
                                        + ENVIRONMENTS_FILE,
                                "a table in a catalog outside production: replication never writes to production");
                    }
                }
            }
            if (source != null && source.equalsIgnoreCase(target)) {
                problem(fields.file, at + "/target", "is '" + target + "', the source itself",
                        "another table than the source");
            }
            if (target != null) {
                String earlier = targets.putIfAbsent(target.toLowerCase(Locale.ROOT), at + "/target");
                if (earlier != null) {
                    problem(fields.file, at + "/target", "is '" + target + "', as " + earlier + " already is",
                            "each target table cloned once");
                }
            }
            if (problems.size() == before) {
                tables.add(new TableClone(source, target, kind));
            }
        }
        return tables;
    }

    private List<Path> jsonFiles(String folderName) {
        Path folder = dir.resolve(folderName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".json"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + shownDir + "/" + folderName, e);
        }
    }

    private List<TeamConfig> teams(List<EnvironmentConfig> environments) {
        Path folder = dir.resolve(TEAMS_FOLDER);
        List<TeamConfig> teams = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return teams;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".json"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + shownDir + "/" + TEAMS_FOLDER, e);
        }
        Map<String, String> repositories = new HashMap<>();
        for (Path path : files) {
            TeamConfig team = team(path, repositories, environments);
            if (team != null) {
                teams.add(team);
            }
        }
        return teams;
    }

    private TeamConfig team(Path path, Map<String, String> repositories, List<EnvironmentConfig> environments) {
        String fileName = path.getFileName().toString();
        String file = shownDir + "/" + TEAMS_FOLDER + "/" + fileName;
        String teamFromFile = fileName.substring(0, fileName.length() - ".json".length());
        int before = problems.size();
        if (nameProblem(teamFromFile, ArtifactNaming::requireTeam) != null) {
            problem(file, "", "file name '" + fileName + "' does not name a team",
                    "{team}.json, where the team is " + rule("", ArtifactNaming::requireTeam));
        }
        JsonNode root = document(path, file, "{\"team\", \"costCentre\", \"projects\": [...]}");
        if (root == null) {
            return null;
        }
        Fields fields = new Fields(file);
        fields.refuseUnknown(root, "", TEAM_FIELDS);
        String team = fields.string(root, "", "team", "the team's name, as the file is named: '" + teamFromFile + "'");
        if (team != null && !team.equals(teamFromFile)) {
            problem(file, "/team", "is '" + team + "', but the file is " + fileName,
                    "'" + teamFromFile + "': a team's file is named config/teams/{team}.json");
        }
        String costCentre = fields.string(root, "", "costCentre", "the cost centre the team's runs are charged to");
        if (costCentre != null && costCentre.isBlank()) {
            problem(file, "/costCentre", "is blank", "the cost centre the team's runs are charged to");
        }
        List<ProjectConfig> projects = new ArrayList<>();
        JsonNode list = root.get("projects");
        if (list == null || list.isNull()) {
            problem(file, "/projects", "is missing", "an array of the team's projects (it may be empty)");
        } else if (!list.isArray()) {
            problem(file, "/projects", "is " + describe(list), "an array of the team's projects");
        } else {
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "/projects/" + i;
                ProjectConfig project = project(fields, list.get(i), at, repositories);
                if (project == null) {
                    continue;
                }
                String earlier = names.putIfAbsent(project.name(), at + "/name");
                if (earlier != null) {
                    problem(file, at + "/name", "is '" + project.name() + "', as " + earlier + " already is",
                            "each project of a team named once");
                } else {
                    projects.add(project);
                }
            }
        }
        Optional<ClusterConfig> clusters = new ClusterConfigReader(file, problems, environments)
                .read(root.get("clusters"), team == null ? teamFromFile : team);
        return problems.size() > before || clusters == null ? null
                : new TeamConfig(team, costCentre, projects, clusters);
    }

    private ProjectConfig project(Fields fields, JsonNode node, String at, Map<String, String> repositories) {
        if (!node.isObject()) {
            problem(fields.file, at, "is " + describe(node), "an object {\"name\", \"repository\"}");
            return null;
        }
        int before = problems.size();
        fields.refuseUnknown(node, at, PROJECT_FIELDS);
        String name = fields.name(node, at, "name", ArtifactNaming::requireProject);
        String repository = fields.matching(node, at, "repository", REPOSITORY, REPOSITORY_RULE);
        if (repository != null && (repository.endsWith("/.") || repository.endsWith("/.."))) {
            problem(fields.file, at + "/repository", "is '" + repository + "'", REPOSITORY_RULE);
        } else if (repository != null) {
            String here = fields.file + " " + at + "/repository";
            String earlier = repositories.putIfAbsent(repository.toLowerCase(Locale.ROOT), here);
            if (earlier != null) {
                problem(fields.file, at + "/repository", "is '" + repository + "', which " + earlier + " already has",
                        "each repository in one project only (GitHub compares names case-insensitively)");
            }
        }
        String defaultBranch = null;
        JsonNode branch = node.get("defaultBranch");
        if (branch != null && !branch.isNull()) {
            defaultBranch = fields.string(node, at, "defaultBranch", BRANCH_RULE);
            if (defaultBranch != null && (defaultBranch.isEmpty() || BRANCH_FORBIDDEN.matcher(defaultBranch).find()
                    || defaultBranch.startsWith("/") || defaultBranch.endsWith("/") || defaultBranch.endsWith(".")
                    || defaultBranch.endsWith(".lock"))) {
                problem(fields.file, at + "/defaultBranch", "is '" + defaultBranch + "'", BRANCH_RULE);
            }
        }
        List<String> scripts = scripts(fields, node.get("scripts"), at + "/scripts");
        return problems.size() > before ? null : new ProjectConfig(name, repository, defaultBranch, scripts);
    }

    private List<String> scripts(Fields fields, JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        String expected = "a non-empty array of script names (leave it out for one script named like the project)";
        if (!node.isArray()) {
            problem(fields.file, at, "is " + describe(node), expected);
            return null;
        }
        if (node.isEmpty()) {
            problem(fields.file, at, "is empty", expected);
            return null;
        }
        List<String> scripts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String here = at + "/" + i;
            if (!entry.isTextual()) {
                problem(fields.file, here, "is " + describe(entry), "a script name, a string");
                continue;
            }
            String problem = nameProblem(entry.asText(), ArtifactNaming::requireScript);
            if (problem != null) {
                problem(fields.file, here, problemPart(problem), expectedPart(problem));
            } else if (!seen.add(entry.asText())) {
                problem(fields.file, here, "is '" + entry.asText() + "', which is listed before",
                        "each script listed once");
            } else {
                scripts.add(entry.asText());
            }
        }
        return scripts;
    }

    /** The JSON object in a file, or null (with the problem recorded) when it is missing or not an object. */
    private JsonNode document(Path path, String file, String shape) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            problem(file, "", "is missing", "a JSON object " + shape);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            problem(file, "", "is not valid JSON (" + e.getOriginalMessage() + locationOf(e) + ")",
                    "a JSON object " + shape);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (root == null || !root.isObject()) {
            problem(file, "", "is " + (root == null || root.isMissingNode() ? "empty" : describe(root)),
                    "a JSON object " + shape);
            return null;
        }
        return root;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private void problem(String file, String pointer, String problem, String expected) {
        problems.add(new ConfigProblem(file, pointer, problem, expected));
    }

    // The naming rules live in ArtifactNaming; their message is "{input}: {field} {problem}; expected {rule}".
    private static String nameProblem(String value, BiFunction<String, String, String> rule) {
        try {
            rule.apply("-", value);
            return null;
        } catch (RejectedInputException e) {
            return e.getMessage().substring(("-: " + e.field() + " ").length());
        }
    }

    private static String rule(String value, BiFunction<String, String, String> rule) {
        String problem = nameProblem(value, rule);
        return problem == null ? "a valid name" : expectedPart(problem);
    }

    private static String problemPart(String problem) {
        return problem.substring(0, problem.indexOf("; expected "));
    }

    private static String expectedPart(String problem) {
        return problem.substring(problem.indexOf("; expected ") + "; expected ".length());
    }

    static String describe(JsonNode node) {
        String shown = node.toString();
        String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return "the " + kind + " " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown);
    }

    /** RFC 6901: '~' and '/' in a member name are escaped. */
    static String escape(String member) {
        return member.replace("~", "~0").replace("/", "~1");
    }

    /** Field readers of one file: each records its problem and returns null (or the default) when it has one. */
    private final class Fields {
        final String file;

        Fields(String file) {
            this.file = file;
        }

        void refuseUnknown(JsonNode object, String at, Set<String> known) {
            Set<String> sortedKnown = new LinkedHashSet<>(known.stream().sorted().toList());
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    problem(file, at + "/" + escape(name), "is not a known field",
                            "only " + String.join(", ", sortedKnown));
                }
            }
        }

        String string(JsonNode object, String at, String field, String expected) {
            JsonNode node = object.get(field);
            if (node == null || node.isNull()) {
                problem(file, at + "/" + field, "is missing", expected);
                return null;
            }
            if (!node.isTextual()) {
                problem(file, at + "/" + field, "is " + describe(node), expected);
                return null;
            }
            return node.asText();
        }

        String matching(JsonNode object, String at, String field, Pattern pattern, String expected) {
            String value = string(object, at, field, expected);
            if (value != null && !pattern.matcher(value).matches()) {
                problem(file, at + "/" + field, "is '" + value + "'", expected);
                return null;
            }
            return value;
        }

        String optionalMatching(JsonNode object, String at, String field, Pattern pattern, String expected) {
            JsonNode node = object.get(field);
            return node == null || node.isNull() ? null : matching(object, at, field, pattern, expected);
        }

        String name(JsonNode object, String at, String field, BiFunction<String, String, String> rule) {
            String value = string(object, at, field, rule("", rule));
            if (value == null) {
                return null;
            }
            String problem = nameProblem(value, rule);
            if (problem != null) {
                problem(file, at + "/" + field, problemPart(problem), expectedPart(problem));
                return null;
            }
            return value;
        }

        boolean optionalBoolean(JsonNode object, String at, String field) {
            JsonNode node = object.get(field);
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isBoolean()) {
                problem(file, at + "/" + field, "is " + describe(node), "true or false (default false)");
                return false;
            }
            return node.booleanValue();
        }
    }
}
