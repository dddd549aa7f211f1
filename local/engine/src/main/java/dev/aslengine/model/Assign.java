package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.path.PathScope;

/** A state's (or catcher's) Assign block, in the state's query language. Evaluates to the object of new values. */
public record Assign(PayloadTemplate jsonPath, JsonataTemplate jsonata) {
    public ObjectNode evaluate(PathScope pathScope, JsonataScope jsonataScope) {
        JsonNode v = jsonPath != null ? jsonPath.evaluate(pathScope) : jsonata.evaluate(jsonataScope);
        return (ObjectNode) v;
    }
}
