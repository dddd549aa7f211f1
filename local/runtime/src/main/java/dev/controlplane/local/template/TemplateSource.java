package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A SAM / CloudFormation template as written: its parameters (checked against their declarations) and, once the
 * parameter values and the stack's pseudo parameters are known, the {@link LocalTemplate} the local runtime wires up.
 */
public final class TemplateSource {
    /** Globals sections and the resource type each applies to, as SAM merges them. */
    private static final Map<String, String> GLOBALS = Map.of(
            "Function", "AWS::Serverless::Function",
            "StateMachine", "AWS::Serverless::StateMachine",
            "HttpApi", "AWS::Serverless::HttpApi",
            "Api", "AWS::Serverless::Api",
            "SimpleTable", "AWS::Serverless::SimpleTable");

    private final Path file;
    private final ObjectNode root;

    private TemplateSource(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads and parses the template file (YAML, or JSON which is YAML too). */
    public static TemplateSource read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException(file.toString(), "no such template file");
        } catch (IOException e) {
            throw new TemplateException(file.toString(), "cannot read the template: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static TemplateSource parse(Path file, String text) {
        JsonNode root = CfnYaml.parse(file.toString(), text);
        if (!(root instanceof ObjectNode object) || !object.path("Resources").isObject()) {
            throw new TemplateException(file.toString(), "a template must be a mapping with a Resources section");
        }
        return new TemplateSource(file, object);
    }

    public Path file() {
        return file;
    }

    /** The folder relative paths of the template (DefinitionUri, CodeUri) are read from. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    /** The declared parameters' names, in template order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        root.path("Parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Each parameter's value: the override when given, else its Default; checked against Type, AllowedValues,
     * AllowedPattern, MinLength/MaxLength and MinValue/MaxValue.
     *
     * @param overrides values by parameter name (pseudo parameters such as {@code AWS::Region} are skipped here)
     * @throws TemplateException naming every parameter without a value, unknown override or value refused
     */
    public Map<String, String> parameterValues(Map<String, String> overrides) {
        JsonNode declared = root.path("Parameters");
        List<String> problems = new ArrayList<>();
        for (String name : overrides.keySet()) {
            if (!name.startsWith("AWS::") && !declared.has(name)) {
                problems.add("--parameter " + name + ": the template has no such parameter (it has " + parameterNames() + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameterNames()) {
            JsonNode spec = declared.get(name);
            String value = overrides.containsKey(name) ? overrides.get(name)
                    : spec.has("Default") ? spec.get("Default").asText() : null;
            if (value == null) {
                problems.add("parameter " + name + " has no Default: give it with --parameter " + name + "=VALUE"
                        + (spec.has("AllowedValues") ? " (one of " + spec.get("AllowedValues") + ")" : ""));
                continue;
            }
            String refused = check(name, spec, value);
            if (refused != null) problems.add(refused);
            values.put(name, value);
        }
        if (!problems.isEmpty()) throw new TemplateException(file.toString(), problems);
        return values;
    }

    private static String check(String name, JsonNode spec, String value) {
        String type = spec.path("Type").asText("String");
        boolean list = type.equals("CommaDelimitedList") || type.startsWith("List<");
        List<String> items = list ? List.of(value.split(",", -1)) : List.of(value);
        for (String item : items) {
            String v = list ? item.strip() : item;
            if (spec.has("AllowedValues")) {
                boolean allowed = false;
                for (JsonNode a : spec.get("AllowedValues")) allowed |= a.asText().equals(v);
                if (!allowed) return "parameter " + name + " is '" + v + "'; expected one of " + spec.get("AllowedValues");
            }
            if (spec.has("AllowedPattern")) {
                try {
                    if (!Pattern.compile(spec.get("AllowedPattern").asText()).matcher(v).matches()) {
                        return "parameter " + name + " is '" + v + "'; expected it to match " + spec.get("AllowedPattern").asText();
                    }
                } catch (PatternSyntaxException e) {
                    return "parameter " + name + ": AllowedPattern is not a valid regular expression";
                }
            }
            if (spec.has("MinLength") && v.length() < spec.get("MinLength").asInt()) {
                return "parameter " + name + " is shorter than MinLength " + spec.get("MinLength").asInt();
            }
            if (spec.has("MaxLength") && v.length() > spec.get("MaxLength").asInt()) {
                return "parameter " + name + " is longer than MaxLength " + spec.get("MaxLength").asInt();
            }
            if (type.equals("Number") || type.equals("List<Number>")) {
                BigDecimal n;
                try {
                    n = new BigDecimal(v);
                } catch (NumberFormatException e) {
                    return "parameter " + name + " is '" + v + "'; expected a number (Type " + type + ")";
                }
                if (spec.has("MinValue") && n.compareTo(spec.get("MinValue").decimalValue()) < 0) {
                    return "parameter " + name + " is " + v + ", below MinValue " + spec.get("MinValue").asText();
                }
                if (spec.has("MaxValue") && n.compareTo(spec.get("MaxValue").decimalValue()) > 0) {
                    return "parameter " + name + " is " + v + ", above MaxValue " + spec.get("MaxValue").asText();
                }
            }
        }
        return null;
    }

    /**
     * Resolves the template for the local runtime.
     *
     * @param parameterValues from {@link #parameterValues(Map)}
     * @throws TemplateException naming every value that cannot be resolved and every resource that cannot be wired
     */
    public LocalTemplate resolve(Map<String, String> parameterValues, StackContext stack) {
        return resolve(parameterValues, stack, false);
    }

    /**
     * Resolves the template for the local runtime, optionally leaving out what this checkout does not have yet.
     *
     * @param leaveOutAbsent true: a state machine whose DefinitionUri file does not exist is left out and listed in
     *                       {@link LocalTemplate#absent()}; false: it is refused like any unreadable definition
     */
    public LocalTemplate resolve(Map<String, String> parameterValues, StackContext stack, boolean leaveOutAbsent) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (var e : parameterValues.entrySet()) {
            String type = root.path("Parameters").path(e.getKey()).path("Type").asText("String");
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                ArrayNode list = CfnYaml.NODES.arrayNode();
                for (String item : e.getValue().split(",", -1)) list.add(item.strip());
                parameters.put(e.getKey(), list);
            } else {
                parameters.put(e.getKey(), CfnYaml.NODES.textNode(e.getValue()));
            }
        }
        Map<String, Intrinsics.Declared> resources = new LinkedHashMap<>();
        for (var it = root.get("Resources").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            JsonNode resource = e.getValue();
            String type = resource.path("Type").asText("");
            JsonNode properties = withGlobals(type, resource.path("Properties"));
            resources.put(e.getKey(), new Intrinsics.Declared(type, properties));
        }
        Intrinsics intrinsics = new Intrinsics(parameters, root.path("Conditions"), root.path("Mappings"), resources,
                implicitResources(resources), new ResourceIds(stack));
        return new TemplateModel(this, root, resources, intrinsics, parameterValues, leaveOutAbsent).build();
    }

    /** SAM's generated resources a template may Ref or GetAtt: function and state machine roles, aliases, the implicit APIs. */
    private static Map<String, String> implicitResources(Map<String, Intrinsics.Declared> resources) {
        Map<String, String> implicit = new LinkedHashMap<>();
        for (var e : resources.entrySet()) {
            String type = e.getValue().type();
            JsonNode p = e.getValue().properties();
            if (type.equals("AWS::Serverless::Function") || type.equals("AWS::Serverless::StateMachine")) {
                if (!p.has("Role")) implicit.put(e.getKey() + "Role", "AWS::IAM::Role");
            }
            if (type.equals("AWS::Serverless::Function")) {
                String alias = ResourceIds.text(p, "AutoPublishAlias");
                if (alias != null) {
                    implicit.put(e.getKey() + "Alias" + alias, "AWS::Lambda::Alias");
                    implicit.put(e.getKey() + "Version", "AWS::Lambda::Version");
                }
                for (JsonNode event : p.path("Events")) {
                    String eventType = event.path("Type").asText();
                    if (eventType.equals("HttpApi") && !event.path("Properties").has("ApiId")) {
                        implicit.put("ServerlessHttpApi", "AWS::Serverless::HttpApi");
                    }
                    if (eventType.equals("Api") && !event.path("Properties").has("RestApiId")) {
                        implicit.put("ServerlessRestApi", "AWS::Serverless::Api");
                    }
                }
            }
        }
        return implicit;
    }

    /** SAM's Globals merged into a resource's properties: the resource wins on scalars, maps merge, lists add up. */
    private JsonNode withGlobals(String type, JsonNode properties) {
        ObjectNode own = properties.isObject() ? ((ObjectNode) properties).deepCopy() : CfnYaml.NODES.objectNode();
        for (var g : GLOBALS.entrySet()) {
            if (!g.getValue().equals(type)) continue;
            JsonNode globals = root.path("Globals").path(g.getKey());
            if (globals.isObject()) return merge(globals, own);
        }
        return own;
    }

    private static JsonNode merge(JsonNode global, JsonNode local) {
        if (local == null || local.isMissingNode()) return global.deepCopy();
        if (global.isObject() && local.isObject() && !isIntrinsic(local) && !isIntrinsic(global)) {
            ObjectNode out = ((ObjectNode) global).deepCopy();
            for (var it = local.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                out.set(e.getKey(), merge(global.path(e.getKey()), e.getValue()));
            }
            return out;
        }
        if (global.isArray() && local.isArray()) {
            ArrayNode out = ((ArrayNode) global).deepCopy();
            out.addAll((ArrayNode) local.deepCopy());
            return out;
        }
        return local.deepCopy();
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (node.size() != 1) return false;
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** Every resource type the template declares, for messages. */
    public TreeSet<String> resourceTypes() {
        TreeSet<String> types = new TreeSet<>();
        root.get("Resources").forEach(r -> types.add(r.path("Type").asText()));
        return types;
    }
}
