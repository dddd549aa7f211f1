package dev.aslengine.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole field value of a JSONata state (Arguments, Output, Assign, Items, Seconds, ...): a literal, one
 * {@code {% %}} expression, or an object/array whose strings are evaluated where they are expressions.
 *
 * <p>As on AWS, an expression that evaluates to undefined fails the state with States.QueryEvaluationError
 * naming the field ({@code Arguments/Input/pushLocation}, {@code Output/list[1]}); it is never left out.
 */
public final class JsonataTemplate {
    private final Part root;
    private final JsonNode written;

    private JsonataTemplate(Part root, JsonNode written) {
        this.root = root;
        this.written = written;
    }

    /**
     * Compiles a field value. {@code where} is the field's JSON Pointer in the definition (e.g.
     * {@code /States/X/Arguments}); each syntax problem is added to {@code problems} as {@code "WHERE: ..."}
     * and the answer is then null. Runtime errors name the field relative to its state, as AWS does.
     */
    public static JsonataTemplate compile(JsonNode value, String where, List<String> problems) {
        return compile(value, where, problems, false);
    }

    /**
     * {@link #compile(JsonNode, String, List)}; with {@code deferred}, each expression is compiled when first
     * evaluated ({@link JsonataExpression#deferred}).
     */
    public static JsonataTemplate compile(JsonNode value, String where, List<String> problems, boolean deferred) {
        int before = problems.size();
        Part root = compile(value, where, fieldOf(where), problems, deferred);
        return problems.size() > before ? null : new JsonataTemplate(root, value);
    }

    /** What AWS quotes in an error about the field's value: the expression without its {@code {% %}}, or the value as written. */
    public String source() {
        return root instanceof Expression e ? e.expression().body() : Json.write(written);
    }

    /** True when the value holds no expression: evaluation then only copies it. */
    public boolean isConstant() {
        return root instanceof Literal;
    }

    /** The value with every expression evaluated; objects and arrays are rebuilt, key order kept. */
    public JsonNode evaluate(JsonataScope scope) {
        return root.evaluate(new JsonataExpression.Bindings(scope));
    }

    private static Part compile(JsonNode value, String where, String field, List<String> problems, boolean deferred) {
        if (value.isTextual() && JsonataExpression.isExpression(value.textValue())) {
            try {
                return new Expression(deferred ? JsonataExpression.deferred(value.textValue())
                        : JsonataExpression.compile(value.textValue()), field);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                return new Literal(value);
            }
        }
        if (value.isObject()) {
            List<String> names = new ArrayList<>(value.size());
            List<Part> parts = new ArrayList<>(value.size());
            boolean constant = true;
            for (var it = value.fields(); it.hasNext(); ) {
                var e = it.next();
                Part part = compile(e.getValue(), where + "/" + escapePointer(e.getKey()), field + "/" + e.getKey(), problems,
                        deferred);
                constant &= part instanceof Literal;
                names.add(e.getKey());
                parts.add(part);
            }
            return constant ? new Literal(value) : new ObjectPart(names.toArray(String[]::new), parts.toArray(Part[]::new));
        }
        if (value.isArray()) {
            List<Part> parts = new ArrayList<>(value.size());
            boolean constant = true;
            for (int i = 0; i < value.size(); i++) {
                Part part = compile(value.get(i), where + "/" + i, field + "[" + i + "]", problems, deferred);
                constant &= part instanceof Literal;
                parts.add(part);
            }
            return constant ? new Literal(value) : new ArrayPart(parts.toArray(Part[]::new));
        }
        return new Literal(value);
    }

    /**
     * The field as AWS names it, relative to its state: {@code /States/X/Choices/1/Condition} is
     * {@code Choices[1]/Condition}. Array indexes become {@code [i]}.
     */
    static String fieldOf(String where) {
        String path = where;
        int states = path.lastIndexOf("/States/");
        if (states >= 0) {
            int stateEnd = path.indexOf('/', states + "/States/".length());
            path = stateEnd < 0 ? "" : path.substring(stateEnd + 1);
        } else if (path.startsWith("/")) {
            path = path.substring(1);
        }
        StringBuilder field = new StringBuilder(path.length());
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (field.length() > 0 && segment.chars().allMatch(Character::isDigit)) {
                field.append('[').append(segment).append(']');
            } else {
                if (field.length() > 0) {
                    field.append('/');
                }
                field.append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.toString();
    }

    private static String escapePointer(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }

    private sealed interface Part permits Literal, Expression, ObjectPart, ArrayPart {
        JsonNode evaluate(JsonataExpression.Bindings bindings);
    }

    /** A value with no expression; containers are copied so callers may change what they get. */
    private record Literal(JsonNode value) implements Part {
        public JsonNode evaluate(JsonataExpression.Bindings bindings) {
            return value.isContainerNode() ? value.deepCopy() : value;
        }
    }

    private record Expression(JsonataExpression expression, String field) implements Part {
        public JsonNode evaluate(JsonataExpression.Bindings bindings) {
            JsonNode result = expression.evaluate(bindings, field);
            if (result == null) {
                throw JsonataExpression.undefinedResult(expression, field);
            }
            return result;
        }
    }

    private record ObjectPart(String[] names, Part[] parts) implements Part {
        public JsonNode evaluate(JsonataExpression.Bindings bindings) {
            ObjectNode object = Json.NODES.objectNode();
            for (int i = 0; i < names.length; i++) {
                object.set(names[i], parts[i].evaluate(bindings));
            }
            return object;
        }
    }

    private record ArrayPart(Part[] parts) implements Part {
        public JsonNode evaluate(JsonataExpression.Bindings bindings) {
            ArrayNode array = Json.NODES.arrayNode(parts.length);
            for (Part part : parts) {
                array.add(part.evaluate(bindings));
            }
            return array;
        }
    }
}
