package dev.aslengine.model.choice;

import dev.aslengine.path.PathScope;
import java.util.Objects;

/** {@code Not}: the operand does not hold. */
public record NotRule(ChoiceRule operand) implements ChoiceRule {
    public NotRule {
        Objects.requireNonNull(operand, "operand");
    }

    @Override
    public boolean matches(PathScope scope) {
        return !operand.matches(scope);
    }
}
