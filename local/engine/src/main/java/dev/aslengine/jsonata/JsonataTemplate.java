package dev.aslengine.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** PLACEHOLDER: replaced by the jsonata branch. */
public final class JsonataTemplate {
    private final JsonNode value;

    private JsonataTemplate(JsonNode value) {
        this.value = value;
    }

    public static JsonataTemplate compile(JsonNode value, String where, List<String> problems) {
        return new JsonataTemplate(value);
    }

    public boolean isConstant() {
        return true;
    }

    public JsonNode evaluate(JsonataScope scope) {
        return value;
    }
}
