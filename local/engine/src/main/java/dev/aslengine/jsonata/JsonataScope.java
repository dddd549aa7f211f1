package dev.aslengine.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

public record JsonataScope(JsonNode input, JsonNode result, JsonNode errorOutput, JsonNode context,
        Function<String, JsonNode> variables) {}
