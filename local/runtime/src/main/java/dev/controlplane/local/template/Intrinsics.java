package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation's intrinsic functions over a template's values: Ref (parameters, pseudo parameters,
 * resources and SAM's generated ones such as {@code Function.Alias} and {@code FunctionRole}), Fn::GetAtt, Fn::Sub,
 * Fn::Join, Fn::Select, Fn::Split, Fn::If, the condition functions, Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::Length
 * and Fn::ToJsonString. {@code AWS::NoValue} removes the property or list item that holds it.
 */
final class Intrinsics {
    /** Thrown for a value that cannot be evaluated; {@code path} says where in the template. */
    static final class Problem extends RuntimeException {
        Problem(String path, String message) {
            super(path + ": " + message, null, false, false);
        }
    }

    /** A resource as the intrinsics see it: its type and raw properties. */
    record Declared(String type, JsonNode properties) {}

    static final JsonNode NO_VALUE = MissingNode.getInstance();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, JsonNode> parameters;
    private final JsonNode conditionsDeclared;
    private final JsonNode mappings;
    private final Map<String, Declared> resources;
    private final Map<String, String> implicitResources;
    private final ResourceIds ids;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluatingConditions = new HashSet<>();
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> naming = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param implicitResources SAM's generated resources that Ref and GetAtt may name (logical id -> type)
     */
    Intrinsics(Map<String, JsonNode> parameters, JsonNode conditions, JsonNode mappings, Map<String, Declared> resources,
            Map<String, String> implicitResources, ResourceIds ids) {
        this.parameters = parameters;
        this.conditionsDeclared = conditions;
        this.mappings = mappings;
        this.resources = resources;
        this.implicitResources = implicitResources;
        this.ids = ids;
    }

    ResourceIds ids() {
        return ids;
    }

    /** The problems met inside values so far (evaluation substitutes "" for each and goes on). */
    List<String> problems() {
        return problems;
    }

    // ---------------------------------------------------------------- values

    /** The value with every intrinsic function evaluated; {@link #NO_VALUE} when it is {@code AWS::NoValue}. */
    JsonNode eval(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            if (object.size() == 1) {
                String key = object.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) return function(key, object.get(key), path + "." + key);
            }
            ObjectNode out = CfnYaml.NODES.objectNode();
            for (var it = object.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v;
                try {
                    v = eval(e.getValue(), path + "." + e.getKey());
                } catch (Problem p) {
                    // recorded, and evaluation goes on so that one run names every problem of the template
                    problems.add(p.getMessage());
                    v = CfnYaml.NODES.textNode("");
                }
                if (v != NO_VALUE) out.set(e.getKey(), v);
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = CfnYaml.NODES.arrayNode();
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = eval(array.get(i), path + "[" + i + "]");
                if (v != NO_VALUE) out.add(v);
            }
            return out;
        }
        return node;
    }

    private JsonNode function(String name, JsonNode arg, String path) {
        return switch (name) {
            case "Ref" -> ref(text(eval(arg, path), path, "a logical id or parameter name"), path);
            case "Fn::GetAtt" -> getAtt(arg, path);
            case "Fn::Sub" -> CfnYaml.NODES.textNode(sub(arg, path));
            case "Fn::Join" -> join(arg, path);
            case "Fn::Select" -> select(arg, path);
            case "Fn::Split" -> split(arg, path);
            case "Fn::If" -> ifThen(arg, path);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> CfnYaml.NODES.booleanNode(conditionValue(CfnYaml.NODES.objectNode().set(name, arg), path));
            case "Fn::FindInMap" -> findInMap(arg, path);
            case "Fn::Base64" -> CfnYaml.NODES.textNode(Base64.getEncoder().encodeToString(
                    text(eval(arg, path), path, "a string").getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs" -> {
                ArrayNode zones = CfnYaml.NODES.arrayNode();
                for (String z : List.of("a", "b", "c")) zones.add(ids.stack().region() + z);
                yield zones;
            }
            case "Fn::Length" -> CfnYaml.NODES.numberNode(list(eval(arg, path), path).size());
            case "Fn::ToJsonString" -> CfnYaml.NODES.textNode(eval(arg, path).toString());
            case "Fn::ImportValue" -> throw new Problem(path, "Fn::ImportValue reads another stack's export, which the local runtime"
                    + " has no stack for; pass the value as a parameter instead");
            default -> throw new Problem(path, name + " is not supported by the local runtime (it evaluates Ref, Fn::GetAtt, Fn::Sub,"
                    + " Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::FindInMap, Fn::Base64,"
                    + " Fn::GetAZs, Fn::Length and Fn::ToJsonString)");
        };
    }

    JsonNode ref(String target, String path) {
        JsonNode parameter = parameters.get(target);
        if (parameter != null) return parameter;
        switch (target) {
            case "AWS::Region": return CfnYaml.NODES.textNode(ids.stack().region());
            case "AWS::AccountId": return CfnYaml.NODES.textNode(ids.stack().accountId());
            case "AWS::Partition": return CfnYaml.NODES.textNode("aws");
            case "AWS::URLSuffix": return CfnYaml.NODES.textNode("amazonaws.com");
            case "AWS::StackName": return CfnYaml.NODES.textNode(ids.stack().stackName());
            case "AWS::StackId": return CfnYaml.NODES.textNode("arn:aws:cloudformation:" + ids.stack().region() + ":"
                    + ids.stack().accountId() + ":stack/" + ids.stack().stackName() + "/local");
            case "AWS::NotificationARNs": return CfnYaml.NODES.arrayNode();
            case "AWS::NoValue": return NO_VALUE;
            default: break;
        }
        Declared declared = resources.get(target);
        if (declared != null) return CfnYaml.NODES.textNode(ids.ref(target, declared.type(), name(target, path), declared.properties()));
        int dot = target.indexOf('.');
        if (dot > 0 && resources.containsKey(target.substring(0, dot))) {
            String function = target.substring(0, dot);
            String qualifier = target.substring(dot + 1);
            Declared f = resources.get(function);
            if (f.type().equals("AWS::Serverless::Function") && (qualifier.equals("Alias") || qualifier.equals("Version"))) {
                String alias = ResourceIds.text(f.properties(), "AutoPublishAlias");
                if (alias == null) {
                    throw new Problem(path, "Ref " + target + " needs AutoPublishAlias on " + function + " (SAM creates the alias and version from it)");
                }
                String arn = ids.functionArn(name(function, path));
                return CfnYaml.NODES.textNode(arn + ":" + (qualifier.equals("Alias") ? alias : "1"));
            }
        }
        String implicitType = implicitResources.get(target);
        if (implicitType != null) return CfnYaml.NODES.textNode(implicitRef(target, implicitType, path));
        throw new Problem(path, "Ref to '" + target + "': no parameter, pseudo parameter or resource of the template has that name");
    }

    /** The name CloudFormation gives a role SAM generates ({@code FunctionIdRole}): stack, logical id and a suffix. */
    String generatedRoleName(String roleLogicalId) {
        return ids.stack().stackName() + "-" + roleLogicalId + "-" + ResourceIds.suffix(roleLogicalId, 12).toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code Fn::GetAtt logicalId.attribute} of a resource of the template. */
    String attribute(String logicalId, String attribute) {
        return attribute(logicalId, attribute, "Resources." + logicalId);
    }

    private String implicitRef(String logicalId, String type, String path) {
        return switch (type) {
            case "AWS::IAM::Role" -> generatedRoleName(logicalId);
            case "AWS::Lambda::Alias", "AWS::Lambda::Version" -> {
                String function = logicalId.replaceFirst("(Alias[A-Za-z0-9]+|Version[A-Za-z0-9]+)$", "");
                yield ref(function + (type.equals("AWS::Lambda::Alias") ? ".Alias" : ".Version"), path).asText();
            }
            default -> ids.ref(logicalId, type, ids.stack().stackName() + "-" + logicalId, null);
        };
    }

    private JsonNode getAtt(JsonNode arg, String path) {
        JsonNode value = eval(arg, path);
        String resource;
        String attribute;
        if (value.isTextual() && value.asText().contains(".")) {
            resource = value.asText().substring(0, value.asText().indexOf('.'));
            attribute = value.asText().substring(value.asText().indexOf('.') + 1);
        } else if (value.isArray() && value.size() == 2 && value.get(0).isTextual() && value.get(1).isTextual()) {
            resource = value.get(0).asText();
            attribute = value.get(1).asText();
        } else {
            throw new Problem(path, "Fn::GetAtt expects [LogicalId, Attribute] or 'LogicalId.Attribute', got " + value);
        }
        return CfnYaml.NODES.textNode(attribute(resource, attribute, path));
    }

    private String attribute(String resource, String attribute, String path) {
        Declared declared = resources.get(resource);
        if (declared != null) return ids.attribute(resource, declared.type(), name(resource, path), declared.properties(), attribute);
        String implicitType = implicitResources.get(resource);
        if (implicitType != null) {
            String physical = implicitRef(resource, implicitType, path);
            if (implicitType.equals("AWS::IAM::Role") && attribute.equals("Arn")) return ids.roleArn(physical);
            return ids.attribute(resource, implicitType, physical, null, attribute);
        }
        throw new Problem(path, "Fn::GetAtt " + resource + "." + attribute + ": the template has no resource '" + resource + "'");
    }

    private String sub(JsonNode arg, String path) {
        String template;
        Map<String, String> variables = new HashMap<>();
        if (arg.isTextual()) {
            template = arg.asText();
        } else if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual() && arg.get(1).isObject()) {
            template = arg.get(0).asText();
            for (var it = arg.get(1).properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                variables.put(e.getKey(), text(eval(e.getValue(), path + "." + e.getKey()), path + "." + e.getKey(), "a string"));
            }
        } else {
            throw new Problem(path, "Fn::Sub expects a string or [string, {variables}], got " + arg);
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = variables.get(name);
            } else if (name.contains(".") && !parameters.containsKey(name) && !name.endsWith(".Alias") && !name.endsWith(".Version")) {
                int dot = name.indexOf('.');
                replacement = attribute(name.substring(0, dot), name.substring(dot + 1), path);
            } else {
                JsonNode v = ref(name, path);
                if (v.isArray()) throw new Problem(path, "Fn::Sub ${" + name + "} is a list; join it first with Fn::Join");
                replacement = v.asText();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode join(JsonNode arg, String path) {
        JsonNode v = eval(arg, path);
        if (!v.isArray() || v.size() != 2) throw new Problem(path, "Fn::Join expects [delimiter, [values]], got " + v);
        String delimiter = text(v.get(0), path, "a delimiter string");
        List<String> parts = new ArrayList<>();
        for (JsonNode item : list(v.get(1), path)) parts.add(text(item, path, "a string in the list"));
        return CfnYaml.NODES.textNode(String.join(delimiter, parts));
    }

    private JsonNode select(JsonNode arg, String path) {
        JsonNode v = eval(arg, path);
        if (!v.isArray() || v.size() != 2) throw new Problem(path, "Fn::Select expects [index, [values]], got " + v);
        int index;
        try {
            index = Integer.parseInt(v.get(0).asText());
        } catch (NumberFormatException e) {
            throw new Problem(path, "Fn::Select index must be a number, got " + v.get(0));
        }
        List<JsonNode> items = list(v.get(1), path);
        if (index < 0 || index >= items.size()) throw new Problem(path, "Fn::Select index " + index + " is outside the list of " + items.size());
        return items.get(index);
    }

    private JsonNode split(JsonNode arg, String path) {
        JsonNode v = eval(arg, path);
        if (!v.isArray() || v.size() != 2) throw new Problem(path, "Fn::Split expects [delimiter, string], got " + v);
        String delimiter = text(v.get(0), path, "a delimiter string");
        String source = text(v.get(1), path, "a string");
        ArrayNode out = CfnYaml.NODES.arrayNode();
        int from = 0;
        while (true) {
            int at = delimiter.isEmpty() ? -1 : source.indexOf(delimiter, from);
            if (at < 0) {
                out.add(source.substring(from));
                return out;
            }
            out.add(source.substring(from, at));
            from = at + delimiter.length();
        }
    }

    private JsonNode ifThen(JsonNode arg, String path) {
        if (!arg.isArray() || arg.size() != 3 || !arg.get(0).isTextual()) {
            throw new Problem(path, "Fn::If expects [ConditionName, value if true, value if false], got " + arg);
        }
        boolean holds = condition(arg.get(0).asText(), path);
        return eval(arg.get(holds ? 1 : 2), path + (holds ? "[1]" : "[2]"));
    }

    private JsonNode findInMap(JsonNode arg, String path) {
        JsonNode v = eval(arg, path);
        if (!v.isArray() || v.size() < 3) throw new Problem(path, "Fn::FindInMap expects [MapName, TopLevelKey, SecondLevelKey], got " + v);
        JsonNode found = mappings.path(v.get(0).asText()).path(v.get(1).asText()).path(v.get(2).asText());
        if (found.isMissingNode()) {
            if (v.size() == 4 && v.get(3).has("DefaultValue")) return v.get(3).get("DefaultValue");
            throw new Problem(path, "Fn::FindInMap: Mappings has no " + v.get(0).asText() + "." + v.get(1).asText() + "." + v.get(2).asText());
        }
        return eval(found, path);
    }

    // ---------------------------------------------------------------- conditions

    /** The value of a named condition of the Conditions section. */
    boolean condition(String name, String path) {
        Boolean known = conditions.get(name);
        if (known != null) return known;
        JsonNode declared = conditionsDeclared.get(name);
        if (declared == null) throw new Problem(path, "the template has no condition named '" + name + "'");
        if (!evaluatingConditions.add(name)) throw new Problem(path, "condition '" + name + "' depends on itself");
        try {
            boolean value = conditionValue(declared, "Conditions." + name);
            conditions.put(name, value);
            return value;
        } finally {
            evaluatingConditions.remove(name);
        }
    }

    private boolean conditionValue(JsonNode node, String path) {
        if (node.isBoolean()) return node.booleanValue();
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) return Boolean.parseBoolean(node.asText());
        if (!(node instanceof ObjectNode object) || object.size() != 1) {
            throw new Problem(path, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, got " + node);
        }
        String fn = object.fieldNames().next();
        JsonNode arg = object.get(fn);
        String at = path + "." + fn;
        switch (fn) {
            case "Condition":
                return condition(text(arg, at, "a condition name"), at);
            case "Fn::Equals": {
                if (!arg.isArray() || arg.size() != 2) throw new Problem(at, "Fn::Equals expects [value, value], got " + arg);
                return comparable(eval(arg.get(0), at + "[0]")).equals(comparable(eval(arg.get(1), at + "[1]")));
            }
            case "Fn::Not": {
                if (!arg.isArray() || arg.size() != 1) throw new Problem(at, "Fn::Not expects [condition], got " + arg);
                return !conditionValue(arg.get(0), at + "[0]");
            }
            case "Fn::And":
            case "Fn::Or": {
                if (!arg.isArray() || arg.size() < 2 || arg.size() > 10) throw new Problem(at, fn + " expects 2 to 10 conditions, got " + arg);
                boolean and = fn.equals("Fn::And");
                for (int i = 0; i < arg.size(); i++) {
                    boolean v = conditionValue(arg.get(i), at + "[" + i + "]");
                    if (and && !v) return false;
                    if (!and && v) return true;
                }
                return and;
            }
            default:
                throw new Problem(at, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, got " + fn);
        }
    }

    /** Fn::Equals compares the string forms of scalars, as CloudFormation does (1 equals "1"). */
    private static String comparable(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    // ---------------------------------------------------------------- names

    /** The physical name of a resource (its name property evaluated, or a generated one); names may refer to others. */
    String name(String logicalId, String path) {
        String known = names.get(logicalId);
        if (known != null) return known;
        Declared declared = resources.get(logicalId);
        if (!naming.add(logicalId)) throw new Problem(path, "the name of " + logicalId + " depends on itself");
        try {
            JsonNode properties = declared.properties() == null ? CfnYaml.NODES.objectNode() : declared.properties();
            ObjectNode named = CfnYaml.NODES.objectNode();
            for (String field : List.of("BucketName", "TableName", "FunctionName", "Name", "StateMachineName", "TopicName",
                    "QueueName", "RoleName", "LogGroupName", "GroupName")) {
                if (properties.has(field)) {
                    JsonNode v = eval(properties.get(field), "Resources." + logicalId + ".Properties." + field);
                    if (v != NO_VALUE) named.set(field, v);
                }
            }
            String name = ids.name(logicalId, declared.type(), named);
            names.put(logicalId, name);
            return name;
        } finally {
            naming.remove(logicalId);
        }
    }

    // ---------------------------------------------------------------- helpers

    static String text(JsonNode v, String path, String expected) {
        if (v == null || v == NO_VALUE || !v.isValueNode() || v.isNull()) {
            throw new Problem(path, "expected " + expected + ", got " + (v == null || v == NO_VALUE ? "nothing" : v.toString()));
        }
        return v.asText();
    }

    private static List<JsonNode> list(JsonNode v, String path) {
        if (!v.isArray()) throw new Problem(path, "expected a list, got " + v);
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }
}
