package dev.aslengine.model.choice;

import dev.aslengine.path.PathScope;
import java.util.List;

/** {@code Or}: some operand holds; evaluation stops at the first that does (as ASL specifies). */
public record OrRule(List<ChoiceRule> operands) implements ChoiceRule {
    public OrRule {
        if (operands.isEmpty()) throw new IllegalArgumentException("Or needs at least one operand");
        operands = List.copyOf(operands);
    }

    @Override
    public boolean matches(PathScope scope) {
        for (int i = 0, n = operands.size(); i < n; i++) {
            if (operands.get(i).matches(scope)) return true;
        }
        return false;
    }
}
