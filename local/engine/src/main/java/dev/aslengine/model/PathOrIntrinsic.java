package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.intrinsics.Intrinsic;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;

/** A Fail state's ErrorPath or CausePath: a path, or an intrinsic function (States.Format, ...) as AWS allows there. */
public record PathOrIntrinsic(JsonPath path, Intrinsic intrinsic) {

    /** The value; null when the path selects nothing. */
    public JsonNode read(PathScope scope) {
        return path != null ? path.read(scope) : intrinsic.evaluate(scope);
    }
}
