package dev.aslengine.model.choice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;

/** A data-test rule: the value at {@code Variable} compared by one operator with a literal or a path's value. */
public final class DataTestRule implements ChoiceRule {
    private final JsonPath variable;
    private final ComparisonOperator operator;
    private final JsonNode operand;
    private final ValueTest test;
    private final boolean testsPresence;
    private final boolean matchesWhenAbsent;

    DataTestRule(JsonPath variable, ComparisonOperator operator, JsonNode operand, ValueTest test) {
        this.variable = variable;
        this.operator = operator;
        this.operand = operand.deepCopy();
        this.test = test;
        this.testsPresence = operator == ComparisonOperator.IS_PRESENT;
        this.matchesWhenAbsent = testsPresence && !operand.booleanValue();
    }

    public JsonPath variable() {
        return variable;
    }

    public ComparisonOperator operator() {
        return operator;
    }

    /** The operand as the definition wrote it (a literal, or the path text of a {@code ...Path} operator). */
    public JsonNode operand() {
        return operand.deepCopy();
    }

    @Override
    public boolean matches(PathScope scope) {
        JsonNode value = variable.read(scope);
        if (value == null || value.isMissingNode()) {
            if (testsPresence) return matchesWhenAbsent;
            throw invalidPath(variable);
        }
        return test.test(value, scope);
    }

    /** The error AWS raises when a Choice rule's Variable or ...Path operand selects nothing. */
    static StatesError invalidPath(JsonPath path) {
        return new StatesError(StatesError.RUNTIME,
                "Invalid path '" + path.expression() + "': The choice state's condition path references an invalid value.");
    }

    @Override
    public String toString() {
        return "{Variable: " + variable + ", " + operator + ": " + operand + "}";
    }
}
