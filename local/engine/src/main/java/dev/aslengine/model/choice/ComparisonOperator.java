package dev.aslengine.model.choice;

import java.util.HashMap;
import java.util.Map;

/** The comparison operators of a data-test Choice rule (JSONPath mode), by the field name ASL gives them. */
public enum ComparisonOperator {
    STRING_EQUALS("StringEquals", Kind.STRING, Relation.EQ, false),
    STRING_EQUALS_PATH("StringEqualsPath", Kind.STRING, Relation.EQ, true),
    STRING_LESS_THAN("StringLessThan", Kind.STRING, Relation.LT, false),
    STRING_LESS_THAN_PATH("StringLessThanPath", Kind.STRING, Relation.LT, true),
    STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, Relation.GT, false),
    STRING_GREATER_THAN_PATH("StringGreaterThanPath", Kind.STRING, Relation.GT, true),
    STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, Relation.LE, false),
    STRING_LESS_THAN_EQUALS_PATH("StringLessThanEqualsPath", Kind.STRING, Relation.LE, true),
    STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, Relation.GE, false),
    STRING_GREATER_THAN_EQUALS_PATH("StringGreaterThanEqualsPath", Kind.STRING, Relation.GE, true),
    STRING_MATCHES("StringMatches", Kind.PATTERN, Relation.EQ, false),

    NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, Relation.EQ, false),
    NUMERIC_EQUALS_PATH("NumericEqualsPath", Kind.NUMERIC, Relation.EQ, true),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, Relation.LT, false),
    NUMERIC_LESS_THAN_PATH("NumericLessThanPath", Kind.NUMERIC, Relation.LT, true),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, Relation.GT, false),
    NUMERIC_GREATER_THAN_PATH("NumericGreaterThanPath", Kind.NUMERIC, Relation.GT, true),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, Relation.LE, false),
    NUMERIC_LESS_THAN_EQUALS_PATH("NumericLessThanEqualsPath", Kind.NUMERIC, Relation.LE, true),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, Relation.GE, false),
    NUMERIC_GREATER_THAN_EQUALS_PATH("NumericGreaterThanEqualsPath", Kind.NUMERIC, Relation.GE, true),

    BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, Relation.EQ, false),
    BOOLEAN_EQUALS_PATH("BooleanEqualsPath", Kind.BOOLEAN, Relation.EQ, true),

    TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP, Relation.EQ, false),
    TIMESTAMP_EQUALS_PATH("TimestampEqualsPath", Kind.TIMESTAMP, Relation.EQ, true),
    TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP, Relation.LT, false),
    TIMESTAMP_LESS_THAN_PATH("TimestampLessThanPath", Kind.TIMESTAMP, Relation.LT, true),
    TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP, Relation.GT, false),
    TIMESTAMP_GREATER_THAN_PATH("TimestampGreaterThanPath", Kind.TIMESTAMP, Relation.GT, true),
    TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP, Relation.LE, false),
    TIMESTAMP_LESS_THAN_EQUALS_PATH("TimestampLessThanEqualsPath", Kind.TIMESTAMP, Relation.LE, true),
    TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP, Relation.GE, false),
    TIMESTAMP_GREATER_THAN_EQUALS_PATH("TimestampGreaterThanEqualsPath", Kind.TIMESTAMP, Relation.GE, true),

    IS_NULL("IsNull", Kind.TYPE_TEST, Relation.EQ, false),
    IS_PRESENT("IsPresent", Kind.TYPE_TEST, Relation.EQ, false),
    IS_NUMERIC("IsNumeric", Kind.TYPE_TEST, Relation.EQ, false),
    IS_STRING("IsString", Kind.TYPE_TEST, Relation.EQ, false),
    IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST, Relation.EQ, false),
    IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST, Relation.EQ, false);

    /** What an operator compares: the type both sides must have for the rule to match. */
    public enum Kind { STRING, PATTERN, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    /** The ordering a comparison asks for. */
    public enum Relation {
        EQ, LT, GT, LE, GE;

        /** Whether a {@code compareTo} result satisfies this relation. */
        public boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case LT -> comparison < 0;
                case GT -> comparison > 0;
                case LE -> comparison <= 0;
                case GE -> comparison >= 0;
            };
        }
    }

    private static final Map<String, ComparisonOperator> BY_ASL_NAME = new HashMap<>();

    static {
        for (ComparisonOperator op : values()) BY_ASL_NAME.put(op.aslName, op);
    }

    private final String aslName;
    private final Kind kind;
    private final Relation relation;
    private final boolean operandIsPath;

    ComparisonOperator(String aslName, Kind kind, Relation relation, boolean operandIsPath) {
        this.aslName = aslName;
        this.kind = kind;
        this.relation = relation;
        this.operandIsPath = operandIsPath;
    }

    /** The operator named by a Choice rule field, or null when the name is not an operator. */
    public static ComparisonOperator byAslName(String name) {
        return BY_ASL_NAME.get(name);
    }

    public String aslName() {
        return aslName;
    }

    public Kind kind() {
        return kind;
    }

    public Relation relation() {
        return relation;
    }

    /** True for the {@code ...Path} variants, whose operand is a path resolved at evaluation. */
    public boolean operandIsPath() {
        return operandIsPath;
    }

    @Override
    public String toString() {
        return aslName;
    }
}
