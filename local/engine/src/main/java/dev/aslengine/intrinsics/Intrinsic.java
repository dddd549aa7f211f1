package dev.aslengine.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.path.PathScope;

/** PLACEHOLDER: replaced by the paths branch. */
public final class Intrinsic {
    public static boolean isIntrinsic(String text) {
        return text != null && text.trim().startsWith("States.");
    }

    public static Intrinsic parse(String text) {
        throw new IllegalArgumentException("intrinsic functions are not available yet");
    }

    public JsonNode evaluate(PathScope scope) {
        return null;
    }
}
