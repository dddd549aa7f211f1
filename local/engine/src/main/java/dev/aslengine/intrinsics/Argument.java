package dev.aslengine.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;

/** One argument of an intrinsic call, parsed once: a literal, a path, or a nested call. */
sealed interface Argument permits Argument.Literal, Argument.Text, Argument.Path, Argument.Call {

    JsonNode value(PathScope scope);

    /** A number, boolean or null literal. */
    record Literal(JsonNode literal) implements Argument {
        @Override
        public JsonNode value(PathScope scope) {
            return literal;
        }
    }

    /**
     * A single-quoted string literal, escapes resolved. {@code parts} splits it at its unescaped {@code {}}
     * pairs, which only States.Format reads (an escaped brace is never a placeholder).
     */
    record Text(JsonNode literal, String[] parts) implements Argument {
        @Override
        public JsonNode value(PathScope scope) {
            return literal;
        }

        int placeholders() {
            return parts.length - 1;
        }
    }

    record Path(JsonPath path) implements Argument {
        @Override
        public JsonNode value(PathScope scope) {
            JsonNode v = path.read(scope);
            if (v == null) {
                JsonNode doc = switch (path.root()) {
                    case INPUT -> scope.input();
                    case CONTEXT -> scope.context();
                    case VARIABLE -> scope.variables().apply(path.variableName());
                };
                throw new StatesError(StatesError.RUNTIME, "The JsonPath argument for the field '" + path.expression()
                        + "' could not be found in the input '" + (doc == null ? "null" : Json.write(doc)) + "'");
            }
            return v;
        }
    }

    record Call(IntrinsicFunction function, Argument[] args) implements Argument {
        @Override
        public JsonNode value(PathScope scope) {
            JsonNode[] values = new JsonNode[args.length];
            for (int k = 0; k < args.length; k++) values[k] = args[k].value(scope);
            return function.apply(this, values);
        }
    }
}
