package dev.aslengine.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * What a path can read: the effective input ({@code $}), the context object ({@code $$}) and the
 * workflow variables ({@code $name}); {@code variables} answers null for an unknown name.
 */
public record PathScope(JsonNode input, JsonNode context, Function<String, JsonNode> variables) {
    public static PathScope of(JsonNode input, JsonNode context) {
        return new PathScope(input, context, name -> null);
    }
}
