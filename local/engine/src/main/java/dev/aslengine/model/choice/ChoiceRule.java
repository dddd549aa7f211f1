package dev.aslengine.model.choice;

import dev.aslengine.path.PathScope;

/**
 * A parsed Choice rule of a JSONPath-mode Choice state: a boolean combination (And, Or, Not) or a data test.
 * Build one with {@link ChoiceRules#parse}; evaluation reads the state's effective input, context and variables.
 */
public sealed interface ChoiceRule permits AndRule, OrRule, NotRule, DataTestRule {
    /**
     * Whether the rule holds. Throws {@link dev.aslengine.StatesError} (States.Runtime) when a path the rule
     * needs selects nothing (except the Variable of IsPresent, which then is simply not present).
     */
    boolean matches(PathScope scope);
}
