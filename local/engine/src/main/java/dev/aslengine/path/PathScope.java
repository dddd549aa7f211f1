package dev.aslengine.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a path can read: the effective input ({@code $}), the context object ({@code $$}) and the
 * workflow variables ({@code $name}); {@code variables} answers null for an unknown name. The context
 * may be given lazily: most states never read it, and building it costs more than the rest of a transition.
 */
public final class PathScope {
    private final JsonNode input;
    private final Function<String, JsonNode> variables;
    private Supplier<JsonNode> contextSource;
    private JsonNode context;

    public PathScope(JsonNode input, JsonNode context, Function<String, JsonNode> variables) {
        this.input = input;
        this.context = context;
        this.variables = variables;
    }

    private PathScope(JsonNode input, Supplier<JsonNode> contextSource, Function<String, JsonNode> variables) {
        this.input = input;
        this.contextSource = contextSource;
        this.variables = variables;
    }

    public static PathScope of(JsonNode input, JsonNode context) {
        return new PathScope(input, context, name -> null);
    }

    /** A scope whose context object is built on first read. */
    public static PathScope withLazyContext(JsonNode input, Supplier<JsonNode> context, Function<String, JsonNode> variables) {
        return new PathScope(input, context, variables);
    }

    public JsonNode input() {
        return input;
    }

    public JsonNode context() {
        if (context == null && contextSource != null) {
            context = contextSource.get();
            contextSource = null;
        }
        return context;
    }

    public Function<String, JsonNode> variables() {
        return variables;
    }
}
