package dev.aslengine.model.choice;

import dev.aslengine.path.PathScope;
import java.util.List;

/** {@code And}: every operand holds; evaluation stops at the first that does not (as ASL specifies). */
public record AndRule(List<ChoiceRule> operands) implements ChoiceRule {
    public AndRule {
        if (operands.isEmpty()) throw new IllegalArgumentException("And needs at least one operand");
        operands = List.copyOf(operands);
    }

    @Override
    public boolean matches(PathScope scope) {
        for (int i = 0, n = operands.size(); i < n; i++) {
            if (!operands.get(i).matches(scope)) return false;
        }
        return true;
    }
}
