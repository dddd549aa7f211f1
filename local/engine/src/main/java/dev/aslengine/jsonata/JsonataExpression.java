package dev.aslengine.jsonata;

import com.fasterxml.jackson.databind.JsonNode;

/** PLACEHOLDER: replaced by the jsonata branch. */
public final class JsonataExpression {
    public static boolean isExpression(String text) {
        return text != null && text.startsWith("{%") && text.endsWith("%}");
    }

    public static JsonataExpression compile(String text) {
        throw new IllegalArgumentException("JSONata is not available yet");
    }

    public JsonNode evaluate(JsonataScope scope) {
        return null;
    }
}
