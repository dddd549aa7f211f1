package dev.aslengine.model.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** PLACEHOLDER: replaced by the choice branch. */
public final class ChoiceRules {
    public static ChoiceRule parse(JsonNode rule, String where, boolean topLevel, List<String> problems) {
        return scope -> false;
    }
}
