package dev.aslengine.model;

import dev.aslengine.jsonata.JsonataTemplate;
import java.util.List;

/**
 * What every state has. {@code next} is null for terminal states; {@code end} true when End is set.
 * JSONPath states use the paths and templates; JSONata states use arguments/output. Unused fields are null.
 */
public record Common(
        String name,
        String type,
        QueryLanguage queryLanguage,
        String next,
        boolean end,
        OptionalPath inputPath,
        PayloadTemplate parameters,
        PayloadTemplate resultSelector,
        OptionalPath resultPath,
        OptionalPath outputPath,
        JsonataTemplate arguments,
        JsonataTemplate output,
        Assign assign,
        List<Retrier> retry,
        List<Catcher> catchers) {

    public boolean isJsonata() {
        return queryLanguage == QueryLanguage.JSONATA;
    }
}
