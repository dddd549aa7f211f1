package dev.controlplane.domain.config;

import static dev.controlplane.domain.config.ConfigFields.describe;
import static dev.controlplane.domain.config.ConfigFolder.DATASETS_FOLDER;
import static dev.controlplane.domain.config.ConfigFolder.ENVIRONMENTS_FILE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code datasets/{dataset}.json}: what replication copies from production and to where, checked against the
 * environments so that it never writes to production; records every problem.
 */
final class DatasetConfigReader {

    private static final Set<String> DATASET_FIELDS =
            Set.of("dataset", "source", "target", "mode", "include", "exclude", "tables");
    private static final Set<String> LOCATION_FIELDS = Set.of("bucket", "prefix");
    private static final Set<String> TABLE_FIELDS = Set.of("source", "target", "mode");

    private static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9_-]{0,62})");
    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*){1,2}");

    private static final String DATASET_NAME_RULE = "1 to 63 lower-case letters, digits, '-' or '_', starting with"
            + " a letter or digit";
    private static final String PREFIX_RULE = "a key prefix: empty for the whole bucket, or ending with '/' and not"
            + " starting with '/', e.g. sales/orders/";
    private static final String TABLE_RULE = "a Unity Catalog table name catalog.schema.table (or schema.table)";

    private final ConfigFolder folder;
    private final List<EnvironmentConfig> environments;

    DatasetConfigReader(ConfigFolder folder, List<EnvironmentConfig> environments) {
        this.folder = folder;
        this.environments = environments;
    }

    /** The datasets, in the order of their files' names; those with a problem (recorded) left out. */
    List<DatasetConfig> read() {
        List<DatasetConfig> datasets = new ArrayList<>();
        for (Path path : folder.jsonFiles(DATASETS_FOLDER)) {
            DatasetConfig dataset = dataset(path);
            if (dataset == null) {
                continue;
            }
            String file = folder.shownDir + "/" + DATASETS_FOLDER + "/" + path.getFileName();
            // Two datasets writing the same keys would undo each other, and a mirror would delete the other's objects.
            DatasetConfig overlapping = datasets.stream()
                    .filter(other -> other.target().overlaps(dataset.target())).findFirst().orElse(null);
            if (overlapping != null) {
                folder.problem(file, "/target", "is " + dataset.target().uri() + ", which overlaps dataset "
                        + overlapping.name() + "'s target " + overlapping.target().uri(),
                        "each dataset writing its own prefix");
                continue;
            }
            datasets.add(dataset);
        }
        return datasets;
    }

    private DatasetConfig dataset(Path path) {
        String fileName = path.getFileName().toString();
        String file = folder.shownDir + "/" + DATASETS_FOLDER + "/" + fileName;
        String fromFile = fileName.substring(0, fileName.length() - ".json".length());
        int before = folder.problems.size();
        if (!DATASET_NAME.matcher(fromFile).matches()) {
            folder.problem(file, "", "file name '" + fileName + "' does not name a dataset",
                    "{dataset}.json, where the dataset is " + DATASET_NAME_RULE);
        }
        JsonNode root = folder.document(path, file, "{\"dataset\", \"source\", \"target\", \"mode\"}");
        if (root == null) {
            return null;
        }
        ConfigFields fields = new ConfigFields(folder, file);
        fields.refuseUnknown(root, "", DATASET_FIELDS);
        String name = fields.matching(root, "", "dataset", DATASET_NAME, DATASET_NAME_RULE);
        if (name != null && !name.equals(fromFile)) {
            folder.problem(file, "/dataset", "is '" + name + "', but the file is " + fileName,
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
                folder.problem(file, "/mode", "is '" + modeText + "'",
                        "mirror (the target ends equal to the source) or additive (never delete)");
            }
        }
        List<String> include = globs(fields, root.get("include"), "/include");
        List<String> exclude = globs(fields, root.get("exclude"), "/exclude");
        List<TableClone> tables = tables(fields, root.get("tables"));
        if (source != null && target != null && source.overlaps(target)) {
            folder.problem(file, "/target", "is " + target.uri() + ", which overlaps the source " + source.uri(),
                    "a target outside the source (copying a prefix into itself never ends)");
        }
        if (target != null) {
            for (EnvironmentConfig environment : environments) {
                if (environment.production() && environment.buckets().contains(target.bucket())) {
                    folder.problem(file, "/target/bucket", "is '" + target.bucket() + "', a bucket of production environment "
                                    + environment.name() + " in " + folder.shownDir + "/" + ENVIRONMENTS_FILE,
                            "a bucket outside production: replication never writes to production");
                }
            }
        }
        if (folder.problems.size() > before) {
            return null;
        }
        return new DatasetConfig(name, source, target, mode, include, exclude, tables);
    }

    private DatasetLocation location(ConfigFields fields, JsonNode root, String field, String expected) {
        JsonNode node = root.get(field);
        String at = "/" + field;
        if (node == null || node.isNull() || !node.isObject()) {
            folder.problem(fields.file, at, node == null || node.isNull() ? "is missing" : "is " + describe(node),
                    "{\"bucket\", \"prefix\"}: " + expected);
            return null;
        }
        int before = folder.problems.size();
        fields.refuseUnknown(node, at, LOCATION_FIELDS);
        String bucket = fields.bucketName(at + "/bucket", node.get("bucket"));
        String prefix = "";
        JsonNode prefixNode = node.get("prefix");
        if (prefixNode != null && !prefixNode.isNull()) {
            prefix = fields.string(node, at, "prefix", PREFIX_RULE);
            if (prefix != null && !prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/")
                    || prefix.contains("//"))) {
                folder.problem(fields.file, at + "/prefix", "is '" + prefix + "'", PREFIX_RULE);
            }
        }
        return folder.problems.size() > before ? null : new DatasetLocation(bucket, prefix);
    }

    private List<String> globs(ConfigFields fields, JsonNode node, String at) {
        List<String> globs = new ArrayList<>();
        if (node == null || node.isNull()) {
            return globs;
        }
        if (!node.isArray()) {
            folder.problem(fields.file, at, "is " + describe(node), "an array of globs, each " + KeyGlob.RULE);
            return globs;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.isTextual()) {
                folder.problem(fields.file, at + "/" + i, "is " + describe(entry), KeyGlob.RULE);
                continue;
            }
            String problem = KeyGlob.problem(entry.asText()).orElse(null);
            if (problem != null) {
                folder.problem(fields.file, at + "/" + i, "is '" + entry.asText() + "', which " + problem, KeyGlob.RULE);
            } else {
                globs.add(entry.asText());
            }
        }
        return globs;
    }

    private List<TableClone> tables(ConfigFields fields, JsonNode node) {
        List<TableClone> tables = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tables;
        }
        if (!node.isArray()) {
            folder.problem(fields.file, "/tables", "is " + describe(node),
                    "an array of {\"source\", \"target\", \"mode\": \"DEEP\"|\"SHALLOW\"}");
            return tables;
        }
        Map<String, String> targets = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/tables/" + i;
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                folder.problem(fields.file, at, "is " + describe(entry), "an object {\"source\", \"target\", \"mode\"}");
                continue;
            }
            int before = folder.problems.size();
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
                    folder.problem(fields.file, at + "/mode", "is " + (text == null ? describe(kindNode) : "'" + text + "'"),
                            "DEEP (copies the data files, the default) or SHALLOW (references them)");
                }
            }
            if (target != null && target.split("\\.").length != 3) {
                folder.problem(fields.file, at + "/target", "is '" + target + "', without a catalog (it would be written in"
                        + " the SQL warehouse's default catalog, which may be production's)",
                        "catalog.schema.table in a catalog outside production");
            } else if (target != null) {
                String catalog = target.substring(0, target.indexOf('.'));
                for (EnvironmentConfig environment : environments) {
                    if (environment.production() && environment.ownsCatalog(catalog)) {
                        folder.problem(fields.file, at + "/target", "is '" + target + "', a table in catalog '" + catalog
                                        + "' of production environment " + environment.name() + " in " + folder.shownDir + "/"
                                        + ENVIRONMENTS_FILE,
                                "a table in a catalog outside production: replication never writes to production");
                    }
                }
            }
            if (source != null && source.equalsIgnoreCase(target)) {
                folder.problem(fields.file, at + "/target", "is '" + target + "', the source itself",
                        "another table than the source");
            }
            if (target != null) {
                String earlier = targets.putIfAbsent(target.toLowerCase(Locale.ROOT), at + "/target");
                if (earlier != null) {
                    folder.problem(fields.file, at + "/target", "is '" + target + "', as " + earlier + " already is",
                            "each target table cloned once");
                }
            }
            if (folder.problems.size() == before) {
                tables.add(new TableClone(source, target, kind));
            }
        }
        return tables;
    }
}
