package dev.aslengine.model.choice;

import dev.aslengine.path.PathScope;

/** PLACEHOLDER: replaced by the choice branch. */
public interface ChoiceRule {
    boolean matches(PathScope scope);
}
