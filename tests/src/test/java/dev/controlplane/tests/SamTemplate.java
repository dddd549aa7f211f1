package dev.controlplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * template.yaml as the template tests read it. CloudFormation's short-form tags are read as their plain values:
 * {@code !Ref X} is "X", {@code !GetAtt X.Arn} is "X.Arn", {@code !If [c, a, b]} is the list [c, a, b], which is
 * all the structural checks need.
 */
final class SamTemplate {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    final JsonNode root;
    final JsonNode resources;

    private SamTemplate(JsonNode root) {
        this.root = root;
        this.resources = root.path("Resources");
    }

    /**
     * template.yaml as CloudFormation receives it for {@code env}: bin/sam-transform written to {@code out}, with
     * samconfig.toml's parameters for it.
     */
    static Path transformed(String env, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", ROOT.resolve("bin/sam-transform").toString(), env, out.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES))
                .as("bin/sam-transform " + env + " ended").isTrue();
        org.assertj.core.api.Assertions.assertThat(process.exitValue()).as("bin/sam-transform " + env + ":\n" + output).isZero();
        return out;
    }

    static SamTemplate read() {
        return read(ROOT.resolve("template.yaml"));
    }

    /** A template file: template.yaml, or a transformed one (JSON is YAML too). */
    static SamTemplate read(Path file) {
        try {
            return new SamTemplate(new YAMLMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The resources of a type, by logical id, in template order. */
    Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getValue().path("Type").asText().equals(type)) {
                found.put(resource.getKey(), resource.getValue());
            }
        }
        return found;
    }

    /** A policy statement, with where it is (the logical id and the JSON path inside it). */
    record Statement(String resource, String path, JsonNode node) {
        boolean allows() {
            return node.path("Effect").asText().equals("Allow");
        }

        List<String> actions() {
            return texts(node.has("Action") ? node.get("Action") : node.path("NotAction"));
        }

        List<String> resources() {
            return texts(node.path("Resource"));
        }

        /** The statement as text, for "does it mention X" checks. */
        String text() {
            return node.toString();
        }

        @Override
        public String toString() {
            return resource + path;
        }
    }

    /** Every policy statement of the template (an object with Effect and Action or NotAction), wherever it is. */
    List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            walk(resource.getValue(), "", (path, node) -> {
                if (node.isObject() && node.has("Effect") && (node.has("Action") || node.has("NotAction"))) {
                    statements.add(new Statement(resource.getKey(), path, node));
                }
            });
        }
        return statements;
    }

    /** Every node under {@code node}, depth first, with its path. */
    static void walk(JsonNode node, String path, PathVisitor visitor) {
        visitor.visit(path, node);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> child = it.next();
                walk(child.getValue(), path + "/" + child.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }

    interface PathVisitor {
        void visit(String path, JsonNode node);
    }

    /** A text or a list of texts (nested lists, as from !If or !Split, flattened). */
    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        collect(node, texts::add);
        return texts;
    }

    private static void collect(JsonNode node, Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.textValue());
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, sink));
        }
    }
}
