package dev.controlplane.domain.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code clusters} section of a team file, recording every problem with the file and JSON pointer. */
final class ClusterConfigReader {

    static final Set<String> CLUSTERS_FIELDS = Set.of("policy", "readZones", "writeZone", "workspaces", "smoke");
    private static final Set<String> SMOKE_FIELDS = Set.of("parameters", "timeoutSeconds", "pollSeconds");
    private static final Set<String> POLICY_FIELDS = Set.of("name", "definition");
    private static final Set<String> WORKSPACE_FIELDS = Set.of("host", "tokenSecretId", "instanceProfileArn");
    private static final Set<String> RULE_FIELDS =
            Set.of("type", "value", "values", "minValue", "maxValue", "pattern", "defaultValue", "isOptional", "hidden");
    private static final List<String> RULE_TYPES =
            List.of("fixed", "forbidden", "allowlist", "blocklist", "range", "regex", "unlimited");
    // A job cluster cannot start without these; the policy is where the team chooses them.
    static final List<String> REQUIRED_BY_JOB_CLUSTER = List.of("spark_version", "node_type_id");

    private static final Pattern ZONE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern HOST =
            Pattern.compile("https://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?|http://(?:127\\.0\\.0\\.1|localhost)(?::[0-9]{1,5})?");
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    private static final Pattern INSTANCE_PROFILE =
            Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):instance-profile/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern POLICY_NAME = Pattern.compile("[^\\p{Cntrl}]{1,100}");

    private static final String ZONE_RULE = "a zone name: a lower-case letter, then up to 39 lower-case letters, digits,"
            + " '_' or '-' (e.g. raw, curated)";
    private static final String HOST_RULE = "the workspace URL https://{host}, e.g. https://dbc-1234abcd-5678.cloud.databricks.com"
            + " (no path; http:// only for a local workspace on localhost or 127.0.0.1)";

    private final String file;
    private final List<ConfigProblem> problems;
    private final Map<String, EnvironmentConfig> environments;

    ClusterConfigReader(String file, List<ConfigProblem> problems, List<EnvironmentConfig> environments) {
        this.file = file;
        this.problems = problems;
        this.environments = new LinkedHashMap<>();
        environments.forEach(environment -> this.environments.put(environment.name(), environment));
    }

    /** Empty when the section is absent, null when it has a problem (recorded). */
    Optional<ClusterConfig> read(JsonNode node, String team) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String at = "/clusters";
        if (!node.isObject()) {
            problem(at, "is " + ConfigFields.describe(node), "an object {\"policy\", \"readZones\", \"writeZone\", \"workspaces\"}");
            return null;
        }
        int before = problems.size();
        refuseUnknown(node, at, CLUSTERS_FIELDS);
        ClusterPolicyConfig policy = policy(node.get("policy"), at + "/policy", team);
        List<String> readZones = readZones(node.get("readZones"), at + "/readZones");
        String writeZone = text(node, at, "writeZone", ZONE, ZONE_RULE + ", the one zone the team's runs write");
        Map<String, TeamWorkspace> workspaces = workspaces(node.get("workspaces"), at + "/workspaces");
        Optional<SmokeRunConfig> smoke = smoke(node.get("smoke"), at + "/smoke");
        if (problems.size() > before) {
            return null;
        }
        return Optional.of(new ClusterConfig(policy, readZones, writeZone, workspaces, smoke));
    }

    private Optional<SmokeRunConfig> smoke(JsonNode node, String at) {
        String shape = "an object {\"parameters\": {name: value, ...}, \"timeoutSeconds\": 60 to 86400 (default "
                + SmokeRunConfig.DEFAULT_TIMEOUT_SECONDS + "), \"pollSeconds\": 1 to 3600 (default " + SmokeRunConfig.DEFAULT_POLL_SECONDS + ")}";
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem(at, "is " + ConfigFields.describe(node), shape);
            return Optional.empty();
        }
        int before = problems.size();
        refuseUnknown(node, at, SMOKE_FIELDS);
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode given = node.get("parameters");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                problem(at + "/parameters", "is " + ConfigFields.describe(given), "an object of parameter names to text values");
            } else {
                given.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        parameters.put(e.getKey(), e.getValue().textValue());
                    } else {
                        problem(at + "/parameters/" + e.getKey(), "is " + ConfigFields.describe(e.getValue()), "a text value");
                    }
                });
            }
        }
        int timeout = seconds(node, "timeoutSeconds", at, SmokeRunConfig.DEFAULT_TIMEOUT_SECONDS, 60, 86_400);
        int poll = seconds(node, "pollSeconds", at, SmokeRunConfig.DEFAULT_POLL_SECONDS, 1, 3600);
        int polls = (timeout + poll - 1) / poll;
        if (problems.size() == before && polls > SmokeRunConfig.MAX_POLLS) {
            problem(at + "/pollSeconds", "is " + poll + ", which with timeoutSeconds " + timeout + " makes " + polls + " polls",
                    "at most " + SmokeRunConfig.MAX_POLLS + " polls (launch-cluster's bound): pollSeconds of at least "
                            + ((timeout + SmokeRunConfig.MAX_POLLS - 1) / SmokeRunConfig.MAX_POLLS) + ", or a shorter timeoutSeconds");
        }
        return Optional.of(new SmokeRunConfig(parameters, timeout, poll));
    }

    /** A field of whole seconds from {@code min} to {@code max}, or {@code fallback} when absent (or wrong: reported). */
    private int seconds(JsonNode node, String field, String at, int fallback, int min, int max) {
        JsonNode given = node.get(field);
        if (given == null || given.isNull()) {
            return fallback;
        }
        if (!given.isIntegralNumber() || given.asLong() < min || given.asLong() > max) {
            problem(at + "/" + field, "is " + ConfigFields.describe(given), "a whole number of seconds, " + min + " to " + max);
            return fallback;
        }
        return given.intValue();
    }

    private ClusterPolicyConfig policy(JsonNode node, String at, String team) {
        String shape = "an object {\"name\" (optional), \"definition\": {attribute: rule, ...}} in Databricks' policy"
                + " definition language";
        if (node == null || node.isNull()) {
            problem(at, "is missing", shape);
            return null;
        }
        if (!node.isObject()) {
            problem(at, "is " + ConfigFields.describe(node), shape);
            return null;
        }
        int before = problems.size();
        refuseUnknown(node, at, POLICY_FIELDS);
        String name = ClusterPolicyConfig.defaultName(team);
        if (node.hasNonNull("name")) {
            name = text(node, at, "name", POLICY_NAME, "the policy's name in the workspace: 1 to 100 characters"
                    + " (leave it out for " + ClusterPolicyConfig.defaultName(team) + ")");
        }
        JsonNode definition = node.get("definition");
        String definitionAt = at + "/definition";
        if (definition == null || definition.isNull()) {
            problem(definitionAt, "is missing", "the policy definition: an object {attribute: rule, ...}");
        } else if (!definition.isObject()) {
            problem(definitionAt, "is " + ConfigFields.describe(definition), "the policy definition: an object {attribute: rule, ...}");
        } else {
            for (Iterator<Entry<String, JsonNode>> rules = definition.fields(); rules.hasNext(); ) {
                Entry<String, JsonNode> rule = rules.next();
                rule(rule.getValue(), definitionAt + "/" + ConfigFields.escape(rule.getKey()));
            }
            for (String attribute : REQUIRED_BY_JOB_CLUSTER) {
                JsonNode rule = definition.get(attribute);
                boolean given = rule != null && rule.isObject()
                        && ("fixed".equals(rule.path("type").asText()) || rule.hasNonNull("defaultValue"));
                if (!given) {
                    problem(definitionAt + "/" + attribute, rule == null ? "is missing" : "gives no value",
                            "a fixed value or a defaultValue: the team's job clusters take " + attribute + " from the policy");
                }
            }
        }
        return problems.size() > before ? null : new ClusterPolicyConfig(name, definition.toString());
    }

    private void rule(JsonNode rule, String at) {
        if (!rule.isObject()) {
            problem(at, "is " + ConfigFields.describe(rule), "a rule object {\"type\": one of " + String.join(", ", RULE_TYPES) + ", ...}");
            return;
        }
        refuseUnknown(rule, at, RULE_FIELDS);
        JsonNode type = rule.get("type");
        if (type == null || !type.isTextual() || !RULE_TYPES.contains(type.asText())) {
            problem(at + "/type", type == null ? "is missing" : "is " + ConfigFields.describe(type),
                    "one of " + String.join(", ", RULE_TYPES));
            return;
        }
        switch (type.asText()) {
            case "fixed" -> {
                if (!scalar(rule.get("value"))) {
                    problem(at + "/value", describeOrMissing(rule.get("value")), "the fixed value: a string, number or boolean");
                }
            }
            case "allowlist", "blocklist" -> {
                JsonNode values = rule.get("values");
                boolean ok = values != null && values.isArray() && !values.isEmpty();
                for (int i = 0; ok && i < values.size(); i++) {
                    ok = scalar(values.get(i));
                }
                if (!ok) {
                    problem(at + "/values", describeOrMissing(values), "a non-empty array of strings, numbers or booleans");
                }
            }
            case "range" -> {
                JsonNode min = rule.get("minValue");
                JsonNode max = rule.get("maxValue");
                if (min == null && max == null) {
                    problem(at, "has neither minValue nor maxValue", "a range with minValue, maxValue or both (numbers)");
                }
                if (min != null && !min.isNumber()) {
                    problem(at + "/minValue", "is " + ConfigFields.describe(min), "a number");
                }
                if (max != null && !max.isNumber()) {
                    problem(at + "/maxValue", "is " + ConfigFields.describe(max), "a number");
                }
                if (min != null && max != null && min.isNumber() && max.isNumber() && min.doubleValue() > max.doubleValue()) {
                    problem(at + "/minValue", "is " + min + ", above maxValue " + max, "minValue <= maxValue");
                }
            }
            case "regex" -> {
                JsonNode pattern = rule.get("pattern");
                if (pattern == null || !pattern.isTextual()) {
                    problem(at + "/pattern", describeOrMissing(pattern), "a regular expression, a string");
                } else {
                    try {
                        Pattern.compile(pattern.asText());
                    } catch (PatternSyntaxException e) {
                        problem(at + "/pattern", "is '" + pattern.asText() + "', which does not compile ("
                                + e.getDescription() + ")", "a valid regular expression");
                    }
                }
            }
            default -> {
                // forbidden and unlimited take no value
            }
        }
        for (String flag : List.of("isOptional", "hidden")) {
            JsonNode value = rule.get(flag);
            if (value != null && !value.isBoolean()) {
                problem(at + "/" + flag, "is " + ConfigFields.describe(value), "true or false");
            }
        }
    }

    private List<String> readZones(JsonNode node, String at) {
        String expected = "a non-empty array of zone names the team's runs may read";
        if (node == null || node.isNull()) {
            problem(at, "is missing", expected);
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problem(at, node.isArray() ? "is empty" : "is " + ConfigFields.describe(node), expected);
            return List.of();
        }
        List<String> zones = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode zone = node.get(i);
            if (!zone.isTextual() || !ZONE.matcher(zone.asText()).matches()) {
                problem(at + "/" + i, zone.isTextual() ? "is '" + zone.asText() + "'" : "is " + ConfigFields.describe(zone), ZONE_RULE);
            } else if (!seen.add(zone.asText())) {
                problem(at + "/" + i, "is '" + zone.asText() + "', which is listed before", "each zone listed once");
            } else {
                zones.add(zone.asText());
            }
        }
        return zones;
    }

    private Map<String, TeamWorkspace> workspaces(JsonNode node, String at) {
        String expected = "an object {environment: {\"host\", \"tokenSecretId\", \"instanceProfileArn\"}} naming environments of"
                + " environments.json: " + String.join(", ", environments.keySet());
        Map<String, TeamWorkspace> workspaces = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            problem(at, "is missing", expected);
            return workspaces;
        }
        if (!node.isObject() || node.isEmpty()) {
            problem(at, node.isObject() ? "is empty" : "is " + ConfigFields.describe(node), expected);
            return workspaces;
        }
        for (Iterator<Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Entry<String, JsonNode> entry = entries.next();
            String here = at + "/" + ConfigFields.escape(entry.getKey());
            EnvironmentConfig environment = environments.get(entry.getKey());
            if (environment == null) {
                problem(here, "names environment '" + entry.getKey() + "', which environments.json does not have",
                        "one of " + String.join(", ", new TreeSet<>(environments.keySet())));
                continue;
            }
            JsonNode workspace = entry.getValue();
            if (!workspace.isObject()) {
                problem(here, "is " + ConfigFields.describe(workspace), "an object {\"host\", \"tokenSecretId\", \"instanceProfileArn\"}");
                continue;
            }
            int before = problems.size();
            refuseUnknown(workspace, here, WORKSPACE_FIELDS);
            String host = text(workspace, here, "host", HOST, HOST_RULE);
            String secret = text(workspace, here, "tokenSecretId", SECRET_ID,
                    "the Secrets Manager secret name or ARN holding the workspace token, e.g. controlplane/dev/databricks-token");
            String profileRule = "arn:aws:iam::" + environment.account() + ":instance-profile/{name}, an instance profile of "
                    + environment.name() + "'s account";
            String profile = text(workspace, here, "instanceProfileArn", INSTANCE_PROFILE, profileRule);
            if (profile != null) {
                Matcher matcher = INSTANCE_PROFILE.matcher(profile);
                if (matcher.matches() && !matcher.group(1).equals(environment.account())) {
                    problem(here + "/instanceProfileArn", "is in account " + matcher.group(1), profileRule);
                }
            }
            if (problems.size() == before) {
                workspaces.put(entry.getKey(), new TeamWorkspace(entry.getKey(), host, secret, profile));
            }
        }
        return workspaces;
    }

    private String text(JsonNode object, String at, String field, Pattern pattern, String expected) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            problem(at + "/" + field, "is missing", expected);
            return null;
        }
        if (!node.isTextual()) {
            problem(at + "/" + field, "is " + ConfigFields.describe(node), expected);
            return null;
        }
        if (!pattern.matcher(node.asText()).matches()) {
            problem(at + "/" + field, "is '" + node.asText() + "'", expected);
            return null;
        }
        return node.asText();
    }

    private void refuseUnknown(JsonNode object, String at, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(at + "/" + ConfigFields.escape(name), "is not a known field", "only " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static boolean scalar(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber() || node.isBoolean());
    }

    private static String describeOrMissing(JsonNode node) {
        return node == null ? "is missing" : "is " + ConfigFields.describe(node);
    }

    private void problem(String pointer, String problem, String expected) {
        problems.add(new ConfigProblem(file, pointer, problem, expected));
    }
}
