package dev.aslengine.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * What a JSONata expression can read: {@code $states.input}, {@code $states.result} (null when the state has
 * none yet), {@code $states.errorOutput} (null outside a Catch), {@code $states.context}, and the workflow
 * variables as {@code $name} ({@code variables} answers null for an unknown name).
 */
public record JsonataScope(
        JsonNode input,
        JsonNode result,
        JsonNode errorOutput,
        JsonNode context,
        Function<String, JsonNode> variables) {

    public JsonataScope {
        if (variables == null) {
            variables = name -> null;
        }
    }

    /** A scope with only the state input and the context object, as most fields see before a result exists. */
    public static JsonataScope of(JsonNode input, JsonNode context) {
        return new JsonataScope(input, null, null, context, name -> null);
    }
}
