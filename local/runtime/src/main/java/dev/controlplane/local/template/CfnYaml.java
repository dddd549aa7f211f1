package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a CloudFormation / SAM template written in YAML into a JSON tree, turning the short-form intrinsic tags into
 * their long form as CloudFormation does: {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub ...} becomes {@code {"Fn::Sub": ...}} and so on.
 */
public final class CfnYaml {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Short tag -> long-form key. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Transform", "Fn::Transform"),
            Map.entry("!Length", "Fn::Length"),
            Map.entry("!ToJsonString", "Fn::ToJsonString"));

    private final String file;

    private CfnYaml(String file) {
        this.file = file;
    }

    /** Parses {@code text} (named {@code file} in errors) into a JSON tree; an empty document is an empty object. */
    public static JsonNode parse(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false).setCodePointLimit(Integer.MAX_VALUE).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            throw new TemplateException(file, "not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        return root.map(new CfnYaml(file)::convert).orElseGet(NODES::objectNode);
    }

    private JsonNode convert(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) return intrinsic(tag, node);
        return plain(node);
    }

    /** The node as YAML data, whatever its tag. */
    private JsonNode plain(Node node) {
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                for (Node item : sequence.getValue()) array.add(convert(item));
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                for (NodeTuple t : mapping.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode key)) throw problem(t.getKeyNode(), "a mapping key must be a plain scalar");
                    object.set(key.getValue(), convert(t.getValueNode()));
                }
                yield object;
            }
            default -> throw problem(node, "unexpected YAML node " + node.getNodeType());
        };
    }

    private JsonNode intrinsic(String tag, Node node) {
        String function = FUNCTIONS.get(tag);
        if (function == null) {
            throw problem(node, "unknown tag " + tag + " (CloudFormation's short forms are " + FUNCTIONS.keySet().stream().sorted().toList() + ")");
        }
        JsonNode argument;
        if (node instanceof ScalarNode scalar) {
            String text = scalar.getValue();
            if (function.equals("Fn::GetAtt")) {
                int dot = text.indexOf('.');
                if (dot <= 0 || dot == text.length() - 1) throw problem(node, "!GetAtt expects LogicalId.Attribute, got '" + text + "'");
                argument = NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1));
            } else {
                argument = NODES.textNode(text);
            }
        } else {
            argument = plain(node);
        }
        return NODES.objectNode().set(function, argument);
    }

    private JsonNode scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (tag.equals(Tag.NULL)) return NODES.nullNode();
            if (tag.equals(Tag.BOOL)) return NODES.booleanNode(text.equalsIgnoreCase("true"));
            if (tag.equals(Tag.INT)) return NODES.numberNode(parseInteger(text));
            if (tag.equals(Tag.FLOAT)) return NODES.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(text);
        }
        return NODES.textNode(text);
    }

    private static BigInteger parseInteger(String text) {
        String t = text.replace("_", "");
        if (t.startsWith("0x")) return new BigInteger(t.substring(2), 16);
        if (t.startsWith("0o")) return new BigInteger(t.substring(2), 8);
        return new BigInteger(t);
    }

    private TemplateException problem(Node node, String message) {
        return new TemplateException(file, "line " + node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0) + ": " + message);
    }
}
