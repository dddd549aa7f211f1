package dev.controlplane.domain.config;

import static dev.controlplane.domain.config.ConfigFields.BUCKET;
import static dev.controlplane.domain.config.ConfigFields.BUCKET_RULE;
import static dev.controlplane.domain.config.ConfigFields.describe;
import static dev.controlplane.domain.config.ConfigFolder.ENVIRONMENTS_FILE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code environments.json}: the environments in promotion order, recording every problem. */
final class EnvironmentConfigReader {

    private static final Set<String> ENVIRONMENTS_FIELDS = Set.of("environments");
    private static final Set<String> ENVIRONMENT_FIELDS =
            Set.of("name", "account", "region", "approvalRequired", "smokeRun", "artifactsBucket", "dataBuckets", "production",
                    "catalogs");

    private static final int MAX_ENVIRONMENT_NAME = 20;
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[1-9][0-9]?");
    private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String CATALOG_RULE = "an array of Unity Catalog catalog names (letters, digits, '_'), the"
            + " catalogs of the environment's tables (default: the catalog named after the environment)";

    private static final String ENVIRONMENT_NAME_RULE = "1 to " + MAX_ENVIRONMENT_NAME
            + " lower-case letters, digits or '-', starting with a letter (e.g. dev, staging, prod)";

    private final ConfigFolder folder;

    EnvironmentConfigReader(ConfigFolder folder) {
        this.folder = folder;
    }

    /** The environments in promotion order; those with a problem (recorded) left out. */
    List<EnvironmentConfig> read() {
        String file = folder.shownDir + "/" + ENVIRONMENTS_FILE;
        JsonNode root = folder.document(folder.dir.resolve(ENVIRONMENTS_FILE), file,
                "{\"environments\": [{\"name\", \"account\", \"region\"}, ...]}");
        List<EnvironmentConfig> environments = new ArrayList<>();
        if (root == null) {
            return environments;
        }
        ConfigFields fields = new ConfigFields(folder, file);
        fields.refuseUnknown(root, "", ENVIRONMENTS_FIELDS);
        JsonNode list = root.get("environments");
        String at = "/environments";
        if (list == null || list.isNull()) {
            folder.problem(file, at, "is missing", "the environments in promotion order; the first is where builds land");
            return environments;
        }
        if (!list.isArray()) {
            folder.problem(file, at, "is " + describe(list), "an array of environments in promotion order");
            return environments;
        }
        if (list.isEmpty()) {
            folder.problem(file, at, "is empty", "at least one environment; the first is where builds land");
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
                folder.problem(file, at + "/" + i + "/name", "is '" + environment.name() + "', as " + earlier + " already is",
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
                        folder.problem(file, at + "/" + positions.get(writable) + "/dataBuckets/" + j, "is '" + bucket
                                        + "', a bucket of production environment " + production.name(),
                                "only " + writable.name() + "'s own buckets: replication writes them, and never production's");
                    }
                }
            }
        }
        return environments;
    }

    private EnvironmentConfig environment(ConfigFields fields, JsonNode node, String at) {
        if (!node.isObject()) {
            folder.problem(fields.file, at, "is " + describe(node), "an object {\"name\", \"account\", \"region\"}");
            return null;
        }
        int before = folder.problems.size();
        fields.refuseUnknown(node, at, ENVIRONMENT_FIELDS);
        String name = fields.matching(node, at, "name", ENVIRONMENT_NAME, ENVIRONMENT_NAME_RULE);
        if (name != null && name.length() > MAX_ENVIRONMENT_NAME) {
            folder.problem(fields.file, at + "/name", "is '" + name + "' (" + name.length() + " characters)",
                    ENVIRONMENT_NAME_RULE);
        }
        String account = fields.matching(node, at, "account", ACCOUNT,
                "the 12-digit AWS account id as a string (quoted, so leading zeros survive)");
        String region = fields.matching(node, at, "region", REGION, "an AWS region code such as eu-west-1");
        boolean approvalRequired = fields.optionalBoolean(node, at, "approvalRequired");
        boolean smokeRun = fields.optionalBoolean(node, at, "smokeRun");
        String bucket = fields.optionalMatching(node, at, "artifactsBucket", BUCKET, BUCKET_RULE);
        if (bucket != null && (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-."))) {
            folder.problem(fields.file, at + "/artifactsBucket", "is '" + bucket + "'", BUCKET_RULE);
        }
        List<String> dataBuckets = dataBuckets(fields, node.get("dataBuckets"), at + "/dataBuckets");
        List<String> catalogs = catalogs(fields, node.get("catalogs"), at + "/catalogs");
        boolean production = name != null && EnvironmentConfig.isProductionName(name);
        JsonNode productionNode = node.get("production");
        if (productionNode != null && !productionNode.isNull()) {
            if (productionNode.isBoolean()) {
                production = productionNode.booleanValue();
            } else {
                folder.problem(fields.file, at + "/production", "is " + describe(productionNode),
                        "true or false (default true for an environment named prod or production)");
            }
        }
        if (folder.problems.size() > before) {
            return null;
        }
        if (bucket == null) {
            String derived = EnvironmentConfig.derivedArtifactsBucket(name, account, region);
            if (derived.length() > 63) {
                folder.problem(fields.file, at + "/name", "is '" + name + "', which makes the artifacts bucket name '"
                        + derived + "' " + derived.length() + " characters long",
                        "a shorter name, or artifactsBucket set (S3 bucket names have at most 63 characters)");
                return null;
            }
        }
        return new EnvironmentConfig(name, account, region, bucket, approvalRequired, dataBuckets, production, catalogs,
                smokeRun);
    }

    /** @return null when absent (the environment's own name is its catalog) */
    private List<String> catalogs(ConfigFields fields, JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> catalogs = new ArrayList<>();
        if (!node.isArray()) {
            folder.problem(fields.file, at, "is " + describe(node), CATALOG_RULE);
            return catalogs;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (entry.isTextual() && CATALOG_NAME.matcher(entry.asText()).matches()) {
                catalogs.add(entry.asText());
            } else {
                folder.problem(fields.file, at + "/" + i, entry.isTextual() ? "is '" + entry.asText() + "'" : "is " + describe(entry),
                        CATALOG_RULE);
            }
        }
        return catalogs;
    }

    private List<String> dataBuckets(ConfigFields fields, JsonNode node, String at) {
        List<String> buckets = new ArrayList<>();
        if (node == null || node.isNull()) {
            return buckets;
        }
        if (!node.isArray()) {
            folder.problem(fields.file, at, "is " + describe(node), "an array of the environment's data bucket names");
            return buckets;
        }
        for (int i = 0; i < node.size(); i++) {
            String bucket = fields.bucketName(at + "/" + i, node.get(i));
            if (bucket != null && buckets.contains(bucket)) {
                folder.problem(fields.file, at + "/" + i, "is '" + bucket + "', which is listed before", "each bucket once");
            } else if (bucket != null) {
                buckets.add(bucket);
            }
        }
        return buckets;
    }
}
