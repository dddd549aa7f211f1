package dev.aslengine.model.choice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.model.choice.ComparisonOperator.Relation;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * How a data-test rule judges the value its Variable selected, with the operand compiled at parse time.
 * A value of the wrong type never matches (false, not an error), as ASL specifies.
 */
sealed interface ValueTest {
    /** {@code value} is what the Variable selected, never null. */
    boolean test(JsonNode value, PathScope scope);

    record TypeTest(ComparisonOperator operator, boolean expected) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            boolean actual = switch (operator) {
                case IS_PRESENT -> true;
                case IS_NULL -> value.isNull();
                case IS_NUMERIC -> value.isNumber();
                case IS_STRING -> value.isTextual();
                case IS_BOOLEAN -> value.isBoolean();
                case IS_TIMESTAMP -> value.isTextual() && Rfc3339Timestamp.isTimestamp(value.textValue());
                default -> throw new IllegalStateException("not a type test: " + operator);
            };
            return actual == expected;
        }
    }

    /** String order is Java's {@code String.compareTo} (UTF-16 units), which the AWS docs name as the rule. */
    record StringLiteral(Relation relation, String literal) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            return value.isTextual() && relation.holds(value.textValue().compareTo(literal));
        }
    }

    record PatternLiteral(WildcardPattern pattern) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            return value.isTextual() && pattern.matches(value.textValue());
        }
    }

    record NumericLiteral(Relation relation, JsonNode literal, BigDecimal decimal) implements ValueTest {
        NumericLiteral(Relation relation, JsonNode literal) {
            this(relation, literal, literal.decimalValue());
        }

        @Override
        public boolean test(JsonNode value, PathScope scope) {
            return value.isNumber() && relation.holds(compareNumbers(value, literal, decimal));
        }
    }

    record BooleanLiteral(boolean literal) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            return value.isBoolean() && value.booleanValue() == literal;
        }
    }

    record TimestampLiteral(Relation relation, Instant literal) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            if (!value.isTextual()) return false;
            Instant instant = Rfc3339Timestamp.parse(value.textValue());
            return instant != null && relation.holds(instant.compareTo(literal));
        }
    }

    /** The {@code ...Path} operators: the operand is read at evaluation and must select something. */
    record PathOperand(ComparisonOperator operator, JsonPath path) implements ValueTest {
        @Override
        public boolean test(JsonNode value, PathScope scope) {
            JsonNode operand = path.read(scope);
            if (operand == null || operand.isMissingNode()) throw DataTestRule.invalidPath(path);
            Relation relation = operator.relation();
            return switch (operator.kind()) {
                case STRING -> value.isTextual() && operand.isTextual()
                        && relation.holds(value.textValue().compareTo(operand.textValue()));
                case NUMERIC -> value.isNumber() && operand.isNumber()
                        && relation.holds(compareNumbers(value, operand, null));
                case BOOLEAN -> value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
                case TIMESTAMP -> {
                    if (!value.isTextual() || !operand.isTextual()) yield false;
                    Instant left = Rfc3339Timestamp.parse(value.textValue());
                    Instant right = left == null ? null : Rfc3339Timestamp.parse(operand.textValue());
                    yield right != null && relation.holds(left.compareTo(right));
                }
                case PATTERN, TYPE_TEST -> throw new IllegalStateException(operator + " has no Path variant");
            };
        }
    }

    /** Exact comparison (1 equals 1.0); plain integers skip BigDecimal. {@code rightDecimal} may be null. */
    static int compareNumbers(JsonNode left, JsonNode right, BigDecimal rightDecimal) {
        if ((left.isInt() || left.isLong()) && (right.isInt() || right.isLong())) {
            return Long.compare(left.longValue(), right.longValue());
        }
        return left.decimalValue().compareTo(rightDecimal != null ? rightDecimal : right.decimalValue());
    }
}
