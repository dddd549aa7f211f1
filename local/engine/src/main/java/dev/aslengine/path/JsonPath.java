package dev.aslengine.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled ASL JSONPath: {@code $...} reads the input, {@code $$...} the context object, {@code $name...}
 * a workflow variable. Compile once at definition load; reading walks the compiled segments.
 *
 * <p>PLACEHOLDER SUBSET (dotted names and [index]); the full syntax replaces this class body.
 */
public final class JsonPath {
    public enum Root { INPUT, CONTEXT, VARIABLE }

    private final String expression;
    private final Root root;
    private final String variable;
    private final List<Object> segments; // String name or Integer index

    private JsonPath(String expression, Root root, String variable, List<Object> segments) {
        this.expression = expression;
        this.root = root;
        this.variable = variable;
        this.segments = segments;
    }

    /** Compiles a path; IllegalArgumentException with a message saying what is wrong where. */
    public static JsonPath compile(String expression) {
        if (expression == null || !expression.startsWith("$")) {
            throw new IllegalArgumentException("a JSONPath must start with '$': " + expression);
        }
        int i;
        Root root;
        String variable = null;
        if (expression.startsWith("$$")) {
            root = Root.CONTEXT;
            i = 2;
        } else {
            i = 1;
            int j = i;
            while (j < expression.length() && (Character.isLetterOrDigit(expression.charAt(j)) || expression.charAt(j) == '_')) j++;
            if (j > i) {
                root = Root.VARIABLE;
                variable = expression.substring(i, j);
                i = j;
            } else {
                root = Root.INPUT;
            }
        }
        List<Object> segs = new ArrayList<>();
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < expression.length() && expression.charAt(j) != '.' && expression.charAt(j) != '[') j++;
                if (j == i + 1) throw new IllegalArgumentException("empty name in JSONPath " + expression);
                segs.add(expression.substring(i + 1, j));
                i = j;
            } else if (c == '[') {
                int j = expression.indexOf(']', i);
                if (j < 0) throw new IllegalArgumentException("unclosed '[' in JSONPath " + expression);
                String inner = expression.substring(i + 1, j);
                if (inner.startsWith("'") && inner.endsWith("'") && inner.length() >= 2) {
                    segs.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        segs.add(Integer.parseInt(inner.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unsupported JSONPath segment [" + inner + "] in " + expression);
                    }
                }
                i = j + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + i + " in JSONPath " + expression);
            }
        }
        return new JsonPath(expression, root, variable, List.copyOf(segs));
    }

    public String expression() {
        return expression;
    }

    public Root root() {
        return root;
    }

    /** The variable name for {@link Root#VARIABLE}, else null. */
    public String variableName() {
        return variable;
    }

    /** True when the path selects at most one node (no wildcard, deep scan, union, slice or filter). */
    public boolean isDefinite() {
        return true;
    }

    /** True when the path is a plain reference (names and indexes only): the only paths ResultPath accepts. */
    public boolean isReference() {
        return true;
    }

    /** Reads from the document its root names. Definite paths: the node, or null when absent. Indefinite: an array of matches. */
    public JsonNode read(PathScope scope) {
        JsonNode doc = switch (root) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> scope.variables().apply(variable);
        };
        return doc == null ? null : readFrom(doc);
    }

    /** Applies the segments to the given document, whatever the root. */
    public JsonNode readFrom(JsonNode document) {
        JsonNode cur = document;
        for (Object seg : segments) {
            if (cur == null) return null;
            cur = seg instanceof Integer idx ? (cur.isArray() ? cur.get(idx) : null) : (cur.isObject() ? cur.get((String) seg) : null);
        }
        return cur;
    }

    /**
     * Places {@code value} at this reference path inside {@code document} (ResultPath semantics): missing objects
     * on the way are created; {@code $} replaces the whole document. May mutate and return {@code document}.
     * Throws States.ResultPathMatchFailure when the path runs into a value that is not an object.
     */
    public JsonNode write(JsonNode document, JsonNode value) {
        if (segments.isEmpty()) return value;
        if (!document.isObject()) throw mismatch(document);
        ObjectNode cur = (ObjectNode) document;
        for (int k = 0; k < segments.size() - 1; k++) {
            Object seg = segments.get(k);
            JsonNode next = cur.get(String.valueOf(seg));
            if (next == null) {
                next = Json.object();
                cur.set(String.valueOf(seg), next);
            } else if (!next.isObject()) {
                throw mismatch(document);
            }
            cur = (ObjectNode) next;
        }
        cur.set(String.valueOf(segments.get(segments.size() - 1)), value);
        return document;
    }

    private StatesError mismatch(JsonNode document) {
        return new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath \"" + expression + "\" to input \"" + Json.write(document) + "\"");
    }

    @Override
    public String toString() {
        return expression;
    }
}
