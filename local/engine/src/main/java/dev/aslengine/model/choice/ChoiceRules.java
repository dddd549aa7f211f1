package dev.aslengine.model.choice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.model.choice.ComparisonOperator.Kind;
import dev.aslengine.path.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses JSONPath-mode Choice rules into {@link ChoiceRule}s, validating them as AWS does at definition time. */
public final class ChoiceRules {
    /** Fields of a top-level rule that the Choice state itself reads. */
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("Next", "Comment", "Assign", "Output");
    private static final Set<String> BOOLEAN_OPERATORS = Set.of("And", "Or", "Not");
    private static final String EXPECTED_SHAPE =
            "expected Variable with one comparison operator (e.g. StringEquals, NumericLessThanPath, IsPresent), or one of And, Or, Not";
    private static final String PATH_EXAMPLES = "a path such as $.field, $$.Execution.Id or $variable";

    private ChoiceRules() {}

    /**
     * Parses one rule (a top-level Choices[i] element, or a nested And/Or/Not operand). Problems are appended
     * to {@code problems} as "WHERE/Field: what is wrong, what was expected" (WHERE is e.g.
     * "/States/Route/Choices/0" and nested operands "/States/Route/Choices/0/And/1"); returns null when the rule
     * is invalid. At top level the caller handles the keys Next, Comment, Assign and Output: they are ignored
     * (only at top level).
     */
    public static ChoiceRule parse(JsonNode rule, String where, boolean topLevel, List<String> problems) {
        if (rule == null || !rule.isObject()) {
            problems.add(where + ": a Choice rule must be a JSON object, got " + describe(rule) + "; " + EXPECTED_SHAPE);
            return null;
        }
        int problemsBefore = problems.size();
        String booleanOperator = null;
        String operatorField = null;
        boolean hasVariable = false;
        boolean hasUnknownField = false; // most likely a misspelt operator: then "no operator" would only repeat it
        for (Map.Entry<String, JsonNode> entry : rule.properties()) {
            String field = entry.getKey();
            if (topLevel && TOP_LEVEL_FIELDS.contains(field)) continue;
            if (BOOLEAN_OPERATORS.contains(field)) {
                if (booleanOperator != null) {
                    problems.add(where + "/" + field + ": a Choice rule has only one of And, Or, Not, and this one already has "
                            + booleanOperator + "; nest the rules instead");
                } else {
                    booleanOperator = field;
                }
            } else if (field.equals("Variable")) {
                hasVariable = true;
            } else if (ComparisonOperator.byAslName(field) != null) {
                if (operatorField != null) {
                    problems.add(where + "/" + field + ": a second comparison operator beside " + operatorField
                            + "; a data-test rule has exactly one (combine rules with And or Or)");
                } else {
                    operatorField = field;
                }
            } else if (field.equals("Next") && !topLevel) {
                problems.add(where + "/Next: only a top-level Choice rule may have Next, not a rule nested in And, Or or Not");
            } else {
                problems.add(where + "/" + field + ": unknown field; " + EXPECTED_SHAPE);
                hasUnknownField = true;
            }
        }

        ChoiceRule parsed;
        if (booleanOperator != null) {
            if (hasVariable) {
                problems.add(where + "/Variable: not allowed in a rule with " + booleanOperator
                        + "; put Variable in the rules that " + booleanOperator + " combines");
            }
            if (operatorField != null) {
                problems.add(where + "/" + operatorField + ": a comparison operator is not allowed beside " + booleanOperator
                        + "; put it in the rules that " + booleanOperator + " combines");
            }
            parsed = parseBoolean(booleanOperator, rule.get(booleanOperator), where, problems);
        } else if (!hasVariable && operatorField == null) {
            if (!hasUnknownField) problems.add(where + ": the rule tests nothing; " + EXPECTED_SHAPE);
            parsed = null;
        } else {
            parsed = parseDataTest(rule, operatorField, hasVariable, hasUnknownField, where, problems);
        }
        return problems.size() == problemsBefore ? parsed : null;
    }

    private static ChoiceRule parseBoolean(String operator, JsonNode value, String where, List<String> problems) {
        String at = where + "/" + operator;
        if (operator.equals("Not")) {
            if (!value.isObject()) {
                problems.add(at + ": expected a single Choice rule object, got " + describe(value));
                return null;
            }
            ChoiceRule operand = parse(value, at, false, problems);
            return operand == null ? null : new NotRule(operand);
        }
        if (!value.isArray() || value.isEmpty()) {
            problems.add(at + ": expected a non-empty array of Choice rules, got "
                    + (value.isArray() ? "an empty array" : describe(value)));
            return null;
        }
        List<ChoiceRule> operands = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            operands.add(parse(value.get(i), at + "/" + i, false, problems));
        }
        if (operands.contains(null)) return null;
        return operator.equals("And") ? new AndRule(operands) : new OrRule(operands);
    }

    private static ChoiceRule parseDataTest(JsonNode rule, String operatorField, boolean hasVariable,
                                            boolean hasUnknownField, String where, List<String> problems) {
        JsonPath variable = null;
        if (!hasVariable) {
            problems.add(where + "/Variable: missing; a rule with " + operatorField
                    + " needs Variable, the path of the value it tests");
        } else {
            variable = compilePath(rule.get("Variable"), where + "/Variable", problems);
        }
        if (operatorField == null) {
            if (!hasUnknownField) {
                problems.add(where + ": no comparison operator beside Variable; expected exactly one, e.g. StringEquals, "
                        + "NumericGreaterThan, TimestampLessThanPath, BooleanEquals or IsPresent");
            }
            return null;
        }
        ComparisonOperator operator = ComparisonOperator.byAslName(operatorField);
        JsonNode operand = rule.get(operatorField);
        ValueTest test = compileTest(operator, operand, where + "/" + operatorField, problems);
        if (variable == null || test == null) return null;
        return new DataTestRule(variable, operator, operand, test);
    }

    private static ValueTest compileTest(ComparisonOperator operator, JsonNode operand, String at, List<String> problems) {
        if (operator.operandIsPath()) {
            JsonPath path = compilePath(operand, at, problems);
            return path == null ? null : new ValueTest.PathOperand(operator, path);
        }
        Kind kind = operator.kind();
        switch (kind) {
            case STRING, PATTERN -> {
                if (!operand.isTextual()) return wrongType(at, "a string", operand, problems);
                if (kind == Kind.STRING) return new ValueTest.StringLiteral(operator.relation(), operand.textValue());
                try {
                    return new ValueTest.PatternLiteral(WildcardPattern.compile(operand.textValue()));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": invalid pattern " + Json.write(operand) + ": " + e.getMessage());
                    return null;
                }
            }
            case NUMERIC -> {
                if (!operand.isNumber()) return wrongType(at, "a number", operand, problems);
                return new ValueTest.NumericLiteral(operator.relation(), operand);
            }
            case BOOLEAN -> {
                if (!operand.isBoolean()) return wrongType(at, "true or false", operand, problems);
                return new ValueTest.BooleanLiteral(operand.booleanValue());
            }
            case TIMESTAMP -> {
                Instant instant = operand.isTextual() ? Rfc3339Timestamp.parse(operand.textValue()) : null;
                if (instant == null) {
                    return wrongType(at, "an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\" (uppercase T and Z, "
                            + "or an offset like +01:00)", operand, problems);
                }
                return new ValueTest.TimestampLiteral(operator.relation(), instant);
            }
            case TYPE_TEST -> {
                if (!operand.isBoolean()) return wrongType(at, "true or false", operand, problems);
                return new ValueTest.TypeTest(operator, operand.booleanValue());
            }
        }
        throw new IllegalStateException("unhandled operator kind " + kind);
    }

    private static JsonPath compilePath(JsonNode node, String at, List<String> problems) {
        if (!node.isTextual()) {
            wrongType(at, PATH_EXAMPLES, node, problems);
            return null;
        }
        try {
            return JsonPath.compile(node.textValue());
        } catch (IllegalArgumentException e) {
            problems.add(at + ": invalid path " + Json.write(node) + ": " + e.getMessage() + "; expected " + PATH_EXAMPLES);
            return null;
        }
    }

    private static ValueTest wrongType(String at, String expected, JsonNode actual, List<String> problems) {
        problems.add(at + ": expected " + expected + ", got " + describe(actual));
        return null;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isTextual()) return "the string " + Json.write(node);
        if (node.isNumber()) return "the number " + node;
        if (node.isBoolean()) return "the boolean " + node;
        if (node.isNull()) return "null";
        return node.isArray() ? "an array" : "an object";
    }
}
