package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.intrinsics.Intrinsic;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A JSONPath-mode payload template (Parameters, ResultSelector, ItemSelector, Assign): keys ending in {@code .$}
 * take their value from a path or an intrinsic function; everything else is copied as written. Compiled once.
 */
public final class PayloadTemplate {
    private sealed interface Part permits Constant, FromPath, FromIntrinsic, Obj, Arr {}

    private record Constant(JsonNode value) implements Part {}

    private record FromPath(String field, JsonPath path) implements Part {}

    private record FromIntrinsic(String field, Intrinsic function) implements Part {}

    private record Obj(String[] keys, Part[] values) implements Part {}

    private record Arr(Part[] items) implements Part {}

    private final Part root;

    private PayloadTemplate(Part root) {
        this.root = root;
    }

    /** Compiles {@code value}; problems are added as "WHERE/field: ..." and null is returned when there are any. */
    public static PayloadTemplate compile(JsonNode value, String where, List<String> problems) {
        int before = problems.size();
        Part part = compilePart(value, where, problems);
        return problems.size() > before ? null : new PayloadTemplate(part);
    }

    private static Part compilePart(JsonNode value, String where, List<String> problems) {
        if (value.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Part> parts = new ArrayList<>();
            boolean constant = true;
            for (var it = value.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String key = e.getKey();
                String at = where + "/" + key;
                Part part;
                if (key.endsWith(".$")) {
                    String field = key.substring(0, key.length() - 2);
                    part = compileDynamic(field, key, e.getValue(), at, problems);
                    key = field;
                } else {
                    part = compilePart(e.getValue(), at, problems);
                }
                constant &= part instanceof Constant;
                keys.add(key);
                parts.add(part);
            }
            return constant ? new Constant(value) : new Obj(keys.toArray(String[]::new), parts.toArray(Part[]::new));
        }
        if (value.isArray()) {
            List<Part> parts = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < value.size(); i++) {
                Part part = compilePart(value.get(i), where + "/" + i, problems);
                constant &= part instanceof Constant;
                parts.add(part);
            }
            return constant ? new Constant(value) : new Arr(parts.toArray(Part[]::new));
        }
        return new Constant(value);
    }

    private static Part compileDynamic(String field, String key, JsonNode value, String at, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(at + ": a field ending in .$ must hold a JSONPath or an intrinsic function as a string, got " + value.getNodeType().name().toLowerCase());
            return new Constant(value);
        }
        String text = value.asText();
        try {
            if (Intrinsic.isIntrinsic(text)) {
                return new FromIntrinsic(key, Intrinsic.parse(text));
            }
            return new FromPath(key, JsonPath.compile(text));
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
            return new Constant(value);
        }
    }

    /** True when no part of the template reads anything. */
    public boolean isConstant() {
        return root instanceof Constant;
    }

    /**
     * Builds the payload. A path that selects nothing fails with States.Runtime: AWS raises that, not the
     * States.ParameterPathFailure the ASL specification names, so States.ALL does not catch it.
     */
    public JsonNode evaluate(PathScope scope) {
        return eval(root, scope);
    }

    // instanceof tests, most frequent first: cheaper than a pattern switch before the JIT has compiled this
    private static JsonNode eval(Part part, PathScope scope) {
        if (part instanceof Constant c) return c.value();
        if (part instanceof FromPath p) {
            JsonNode v = p.path().read(scope);
            if (v == null) {
                throw new StatesError(StatesError.RUNTIME, "The JSONPath '" + p.path().expression()
                        + "' specified for the field '" + p.field() + "' could not be found in the input '"
                        + Json.write(sourceOf(p.path(), scope)) + "'");
            }
            return v;
        }
        if (part instanceof Obj o) {
            String[] keys = o.keys();
            Part[] values = o.values();
            // sized for its keys: no rehash while it is filled
            ObjectNode out = new ObjectNode(Json.NODES, new LinkedHashMap<>(keys.length * 4 / 3 + 1));
            for (int i = 0; i < keys.length; i++) out.set(keys[i], eval(values[i], scope));
            return out;
        }
        if (part instanceof FromIntrinsic f) return f.function().evaluate(scope);
        Arr a = (Arr) part;
        ArrayNode out = Json.NODES.arrayNode(a.items().length);
        for (Part item : a.items()) out.add(eval(item, scope));
        return out;
    }

    private static JsonNode sourceOf(JsonPath path, PathScope scope) {
        JsonNode doc = switch (path.root()) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> scope.variables().apply(path.variableName());
        };
        return doc == null ? Json.NODES.nullNode() : doc;
    }
}
