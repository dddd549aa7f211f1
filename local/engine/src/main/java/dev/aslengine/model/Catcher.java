package dev.aslengine.model;

import dev.aslengine.jsonata.JsonataTemplate;
import java.util.List;

/** One Catch entry: JSONPath catchers use resultPath, JSONata catchers output; both may assign variables. */
public record Catcher(List<String> errorEquals, String next, OptionalPath resultPath, JsonataTemplate output,
        Assign assign) {}
