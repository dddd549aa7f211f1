package dev.aslengine.model;

import dev.aslengine.path.JsonPath;

/**
 * InputPath, OutputPath or ResultPath: absent (the default {@code $}), explicitly {@code null} (discard), or a path.
 */
public record OptionalPath(JsonPath path, boolean isNull) {
    public static final OptionalPath DEFAULT = new OptionalPath(null, false);
    public static final OptionalPath NULL = new OptionalPath(null, true);

    /** True for the default and for an explicit "$": the value passes through unchanged. */
    public boolean isIdentity() {
        return !isNull && (path == null || path.expression().equals("$"));
    }
}
