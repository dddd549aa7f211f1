package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.Json;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.integration.ResourceArn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A definition checked as ValidateStateMachineDefinition checks it: the parser's problems as ERROR diagnostics with
 * AWS's codes (MISSING_TRANSITION_TARGET, INVALID_RESOURCE, ...), and AWS's WARNING codes for what runs but is
 * probably not meant (a path without {@code .$}, a path in a field whose name does not end in Path, a Pass Result
 * with {@code .$} keys).
 */
public final class DefinitionDiagnostics {
    /** One finding: severity ERROR or WARNING, AWS's code, a message and the JSON pointer of the field. */
    public record Diagnostic(String severity, String code, String message, String location) {
        public boolean isError() {
            return severity.equals("ERROR");
        }

        @Override
        public String toString() {
            return severity + " " + code + " at " + location + ": " + message;
        }
    }

    /** Payload template fields where a key without {@code .$} holding a path is taken literally. */
    private static final Set<String> TEMPLATE_FIELDS = Set.of("Parameters", "ItemSelector", "ResultSelector");
    /** Choice comparisons whose {@code ...Path} form compares with a path's value. */
    private static final Set<String> COMPARISONS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals", "NumericEquals", "NumericLessThan", "NumericGreaterThan",
            "NumericLessThanEquals", "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals", "TimestampLessThan",
            "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals");

    private final List<Diagnostic> found = new ArrayList<>();

    private DefinitionDiagnostics() {}

    /** Every diagnostic of {@code definition}, errors first; {@code express} adds what an EXPRESS state machine cannot run. */
    public static List<Diagnostic> of(String definition, boolean express) {
        DefinitionDiagnostics d = new DefinitionDiagnostics();
        if (definition == null || definition.isBlank()) {
            d.found.add(new Diagnostic("ERROR", "MISSING_DESCRIPTION", "The definition is empty; give the state machine's ASL JSON", "/"));
            return List.copyOf(d.found);
        }
        try {
            DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            for (String problem : e.problems()) d.found.add(error(problem));
        }
        JsonNode root;
        try {
            root = Json.parse(definition);
        } catch (IllegalArgumentException e) {
            return List.copyOf(d.found);
        }
        if (express) d.expressLimits(root, "");
        d.warnings(root, "");
        d.found.sort((a, b) -> Boolean.compare(b.isError(), a.isError()));
        return List.copyOf(d.found);
    }

    /** A parser problem ("LOCATION: message") as an ERROR with the code AWS gives that kind of problem. */
    private static Diagnostic error(String problem) {
        int colon = problem.indexOf(": ");
        String location = colon < 0 ? "/" : problem.substring(0, colon);
        String message = colon < 0 ? problem : problem.substring(colon + 2);
        if (location.isEmpty()) location = "/";
        String code;
        if (message.startsWith("the definition is not valid JSON")) code = "INVALID_JSON_DESCRIPTION";
        else if (message.matches("state \".*\" does not exist")) code = "MISSING_TRANSITION_TARGET";
        else if (location.endsWith("/Resource")) code = "INVALID_RESOURCE";
        else if (message.startsWith("a state name must be")) code = "INVALID_STATE_NAME";
        else code = "SCHEMA_VALIDATION_FAILED";
        return new Diagnostic("ERROR", code, message, location);
    }

    /** Walks the states of a graph (the top level, a Parallel branch or a Map's processor). */
    private void eachState(JsonNode graph, String where, StateVisitor visitor) {
        JsonNode states = graph.get("States");
        if (states == null || !states.isObject()) return;
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            String sw = where + "/States/" + e.getKey();
            JsonNode state = e.getValue();
            if (!state.isObject()) continue;
            visitor.visit(state, sw);
            JsonNode branches = state.get("Branches");
            if (branches != null && branches.isArray()) {
                for (int i = 0; i < branches.size(); i++) eachState(branches.get(i), sw + "/Branches/" + i, visitor);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                JsonNode p = state.get(processor);
                if (p != null && p.isObject()) eachState(p, sw + "/" + processor, visitor);
            }
        }
    }

    private interface StateVisitor {
        void visit(JsonNode state, String where);
    }

    /** EXPRESS workflows run at most five minutes and never wait on a job, a token or an activity. */
    private void expressLimits(JsonNode root, String where) {
        eachState(root, where, (state, sw) -> {
            JsonNode r = state.get("Resource");
            if (!"Task".equals(state.path("Type").asText()) || r == null || !r.isTextual()) return;
            ResourceArn resource;
            try {
                resource = ResourceArn.parse(r.asText());
            } catch (IllegalArgumentException e) {
                return;
            }
            if (resource.pattern() != IntegrationPattern.REQUEST_RESPONSE || resource.service().equals("activity")) {
                found.add(new Diagnostic("ERROR", "SCHEMA_VALIDATION_FAILED", "Express state machine does not support '"
                        + resource.pattern().suffix() + "' service integration pattern nor activities: \"" + r.asText()
                        + "\" (use a STANDARD state machine)", sw + "/Resource"));
            }
        });
    }

    private void warnings(JsonNode root, String where) {
        boolean jsonata = "JSONata".equals(root.path("QueryLanguage").asText());
        eachState(root, where, (state, sw) -> {
            if (jsonata || "JSONata".equals(state.path("QueryLanguage").asText())) return;
            for (String field : TEMPLATE_FIELDS) {
                JsonNode template = state.get(field);
                if (template != null) noDollar(template, sw + "/" + field);
            }
            String type = state.path("Type").asText();
            if (type.equals("Pass") && state.has("Result")) passResultIsStatic(state.get("Result"), sw + "/Result");
            if (type.equals("Fail")) {
                for (String f : List.of("Error", "Cause")) {
                    if (looksLikePath(state.get(f))) {
                        found.add(new Diagnostic("WARNING", "NO_PATH", "The value of " + f + " looks like a path but is taken literally; use "
                                + f + "Path to read it from the input", sw + "/" + f));
                    }
                }
            }
            if (type.equals("Choice") && state.get("Choices") instanceof JsonNode choices && choices.isArray()) {
                for (int i = 0; i < choices.size(); i++) choiceRule(choices.get(i), sw + "/Choices/" + i);
            }
        });
    }

    private void noDollar(JsonNode template, String where) {
        if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) noDollar(template.get(i), where + "/" + i);
        }
        if (!template.isObject()) return;
        for (Map.Entry<String, JsonNode> e : template.properties()) {
            String w = where + "/" + e.getKey();
            if (!e.getKey().endsWith(".$") && (looksLikePath(e.getValue()) || looksLikeIntrinsic(e.getValue()))) {
                found.add(new Diagnostic("WARNING", "NO_DOLLAR", "The value of \"" + e.getKey() + "\" looks like a path or an intrinsic"
                        + " function but is taken literally; name the field \"" + e.getKey() + ".$\" to evaluate it", w));
            }
            noDollar(e.getValue(), w);
        }
    }

    private void passResultIsStatic(JsonNode result, String where) {
        if (result.isArray()) {
            for (int i = 0; i < result.size(); i++) passResultIsStatic(result.get(i), where + "/" + i);
        }
        if (!result.isObject()) return;
        for (Map.Entry<String, JsonNode> e : result.properties()) {
            String w = where + "/" + e.getKey();
            if (e.getKey().endsWith(".$")) {
                found.add(new Diagnostic("WARNING", "PASS_RESULT_IS_STATIC", "A Pass state's Result is not evaluated: \"" + e.getKey()
                        + "\" keeps its name and value as written; use Parameters to select from the input", w));
            }
            passResultIsStatic(e.getValue(), w);
        }
    }

    private void choiceRule(JsonNode rule, String where) {
        if (!rule.isObject()) return;
        for (String op : COMPARISONS) {
            if (looksLikePath(rule.get(op))) {
                found.add(new Diagnostic("WARNING", "NO_PATH", "The value of " + op + " looks like a path but is compared literally; use "
                        + op + "Path to compare with the value it selects", where + "/" + op));
            }
        }
        for (String nested : List.of("And", "Or")) {
            if (rule.get(nested) instanceof JsonNode list && list.isArray()) {
                for (int i = 0; i < list.size(); i++) choiceRule(list.get(i), where + "/" + nested + "/" + i);
            }
        }
        if (rule.get("Not") instanceof JsonNode not) choiceRule(not, where + "/Not");
    }

    private static boolean looksLikePath(JsonNode v) {
        if (v == null || !v.isTextual()) return false;
        String s = v.textValue();
        return s.equals("$") || s.startsWith("$.") || s.startsWith("$[") || s.startsWith("$$.");
    }

    private static boolean looksLikeIntrinsic(JsonNode v) {
        return v != null && v.isTextual() && v.textValue().matches("States\\.[A-Za-z0-9]+\\(.*\\)");
    }
}
