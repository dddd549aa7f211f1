package dev.aslengine.jsonata;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One compiled {@code {% expr %}} JSONata expression. Compile once at definition load; {@link #evaluate} does
 * not re-parse and is safe to call from many threads at once.
 *
 * <p>The library (com.dashjoin:jsonata 0.9.10) keeps per-evaluation state in a per-thread copy of the last
 * expression constructed on each thread, and binds the input into the expression's own frame when no bindings
 * are given. So every evaluation here passes a fresh bindings frame, and compiling leaves a private throwaway
 * expression as the compiling thread's copy, never a shared one.
 */
public final class JsonataExpression {
    private static final String OPEN = "{%";
    private static final String CLOSE = "%}";
    private static final String[] STATES_MEMBERS = {"input", "result", "errorOutput", "context"};

    /** The evaluation's clock for $now() and $millis(): one instant per evaluation, as JSONata defines it. */
    private static final ThreadLocal<long[]> CLOCK = ThreadLocal.withInitial(() -> new long[] {0L});

    private static final JFunction NOW = new JFunction(
            (input, args) -> Functions.dateTimeFromMillis(clock(), (String) argument(args, 0), (String) argument(args, 1)),
            "<s?s?:s>");
    private static final JFunction MILLIS = new JFunction((input, args) -> clock(), "<:n>");

    private final String body;
    /** Null until first evaluated when deferred ({@link #deferred}). */
    private volatile Jsonata compiled;
    private final boolean readsStates;
    private final String[] statesMembers;
    private final String[] variableNames;
    private final boolean readsClock;

    private JsonataExpression(String body, Jsonata compiled, Set<String> names, Set<String> statesMembers) {
        this.body = body;
        this.compiled = compiled;
        this.readsStates = names.remove("states");
        this.statesMembers = statesMembers.toArray(String[]::new);
        this.readsClock = body.contains("$now") || body.contains("$millis");
        this.variableNames = names.toArray(String[]::new);
    }

    /** The expression between {@code {%} and {@code %}}, trimmed: what AWS quotes in its errors. */
    public String body() {
        return body;
    }

    /** Whether a field value is a JSONata expression: the whole string starts with {@code {%} and ends with {@code %}}. */
    public static boolean isExpression(String text) {
        return text != null && text.length() >= OPEN.length() + CLOSE.length()
                && text.startsWith(OPEN) && text.endsWith(CLOSE);
    }

    /** Compiles a {@code {% expr %}} string; IllegalArgumentException naming the syntax problem and its position. */
    public static JsonataExpression compile(String text) {
        String body = body(text);
        return new JsonataExpression(body, build(body), referencedNames(body), statesMembersRead(body));
    }

    /**
     * A {@code {% expr %}} string compiled when first evaluated: its delimiters are checked now, its syntax then (a
     * problem is a States.QueryEvaluationError of the state evaluating it). For expressions known to be valid, e.g.
     * those of a definition checked when it was built: a short-lived process spares their compilation.
     */
    public static JsonataExpression deferred(String text) {
        String body = body(text);
        return new JsonataExpression(body, null, referencedNames(body), statesMembersRead(body));
    }

    private static String body(String text) {
        if (!isExpression(text)) {
            throw new IllegalArgumentException("a JSONata expression must start with '{%' and end with '%}', got '" + text + "'");
        }
        String body = text.substring(OPEN.length(), text.length() - CLOSE.length()).trim();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the JSONata expression '" + text + "' is empty");
        }
        return body;
    }

    private static Jsonata build(String body) {
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(body);
        } catch (JException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + body + "': " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + body + "': " + e, e);
        } finally {
            // The library makes the last expression built on a thread that thread's evaluation state; keep it private.
            Jsonata.jsonata("0");
        }
        if (compiled.getErrors() != null && !compiled.getErrors().isEmpty()) {
            throw new IllegalArgumentException("invalid JSONata expression '" + body + "': " + compiled.getErrors().get(0).getMessage());
        }
        compiled.setValidateInput(false);
        compiled.setOutputConvertNulls(false);
        StepFunctionsJsonataFunctions.registerOn(compiled);
        compiled.registerFunction("now", NOW);
        compiled.registerFunction("millis", MILLIS);
        return compiled;
    }

    /** The compiled expression, compiled now if it was deferred; a syntax problem is the state's error. */
    private Jsonata compiled(String field) {
        Jsonata expression = compiled;
        if (expression == null) {
            synchronized (this) {
                expression = compiled;
                if (expression == null) {
                    try {
                        expression = build(body);
                    } catch (IllegalArgumentException e) {
                        throw failure(field, e.getMessage());
                    }
                    compiled = expression;
                }
            }
        }
        return expression;
    }

    /** The expression text between the delimiters, trimmed, as error messages quote it. */
    public String text() {
        return body;
    }

    /**
     * Evaluates against a scope; Java null when the result is undefined (nothing matched).
     * A runtime error of the expression is a StatesError States.QueryEvaluationError naming the expression.
     */
    public JsonNode evaluate(JsonataScope scope) {
        return evaluate(new Bindings(scope), null);
    }

    /** Evaluates with bindings shared by the expressions of one template; {@code field} names the field in errors. */
    JsonNode evaluate(Bindings bindings, String field) {
        Jsonata expression = compiled(field);
        Jsonata.Frame frame = new Jsonata.Frame(null);
        if (readsStates) {
            frame.bind("states", bindings.states(statesMembers));
        }
        for (String name : variableNames) {
            Object value = bindings.variable(name);
            if (value != Bindings.ABSENT) {
                frame.bind(name, value);
            }
        }
        long[] clock = null;
        long previous = 0;
        if (readsClock) {
            clock = CLOCK.get();
            previous = clock[0];
            clock[0] = System.currentTimeMillis();
        }
        try {
            return JsonataValues.toJson(expression.evaluate(null, frame));
        } catch (JException e) {
            throw failure(field, describe(e));
        } catch (StackOverflowError e) {
            throw failure(field, "the evaluation nests too deeply");
        } catch (RuntimeException e) {
            throw failure(field, e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            if (clock != null) {
                clock[0] = previous;
            }
        }
    }

    private StatesError failure(String field, String problem) {
        String where = field == null ? "" : " specified for the field '" + field + "'";
        return new StatesError(StatesError.QUERY_EVALUATION_ERROR,
                "The JSONata expression '" + body + "'" + where + " threw an error: " + problem);
    }

    static StatesError undefinedResult(JsonataExpression expression, String field) {
        return new StatesError(StatesError.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression.body
                + "' specified for the field '" + field + "' returned nothing (undefined).");
    }

    private static String describe(JException e) {
        String message = e.getMessage();
        String code = e.getError();
        StringBuilder text = new StringBuilder();
        if (code != null && !code.isEmpty()) {
            text.append(code).append(": ");
        }
        text.append(message);
        if (e.getLocation() >= 0) {
            text.append(" (at position ").append(e.getLocation()).append(')');
        }
        return text.toString();
    }

    /** The names after each {@code $}, except calls ({@code $name(}), which read functions, not variables. */
    private static Set<String> referencedNames(String body) {
        Set<String> names = new LinkedHashSet<>();
        int n = body.length();
        for (int i = 0; i < n; i++) {
            if (body.charAt(i) != '$') {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < n && isNameChar(body.charAt(end))) {
                end++;
            }
            if (end == start) {
                continue;
            }
            int next = end;
            while (next < n && Character.isWhitespace(body.charAt(next))) {
                next++;
            }
            String name = body.substring(start, end);
            if (next >= n || body.charAt(next) != '(' || name.equals("states")) {
                names.add(name);
            }
            i = end - 1;
        }
        return names;
    }

    /** Which members of $states the expression may read; all of them when $states is used as a whole. */
    private static Set<String> statesMembersRead(String body) {
        Set<String> members = new LinkedHashSet<>();
        int at = body.indexOf("$states");
        while (at >= 0) {
            int next = at + "$states".length();
            if (next < body.length() && isNameChar(body.charAt(next))) {
                at = body.indexOf("$states", next);
                continue;
            }
            while (next < body.length() && Character.isWhitespace(body.charAt(next))) {
                next++;
            }
            if (next >= body.length() || body.charAt(next) != '.') {
                return new LinkedHashSet<>(java.util.List.of(STATES_MEMBERS));
            }
            at = body.indexOf("$states", next);
        }
        for (String member : STATES_MEMBERS) {
            if (body.contains(member)) {
                members.add(member);
            }
        }
        return members;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static long clock() {
        long now = CLOCK.get()[0];
        return now != 0 ? now : System.currentTimeMillis();
    }

    private static Object argument(java.util.List<?> args, int index) {
        return index < args.size() ? args.get(index) : null;
    }

    /**
     * The library values of one scope, converted once and shared by the expressions of one template evaluation
     * (never across threads: one Bindings belongs to one evaluation).
     */
    static final class Bindings {
        static final Object ABSENT = new Object();

        private final JsonataScope scope;
        private Map<String, Object> states;
        private final java.util.HashMap<String, Object> variables = new java.util.HashMap<>();

        Bindings(JsonataScope scope) {
            this.scope = scope;
        }

        Map<String, Object> states(String[] members) {
            if (states == null) {
                states = new java.util.LinkedHashMap<>();
            }
            for (String member : members) {
                if (!states.containsKey(member)) {
                    JsonNode node = member(member);
                    if (node != null && !node.isMissingNode()) {
                        states.put(member, JsonataValues.toLibrary(node));
                    }
                }
            }
            return states;
        }

        private JsonNode member(String member) {
            return switch (member) {
                case "input" -> scope.input();
                case "result" -> scope.result();
                case "errorOutput" -> scope.errorOutput();
                default -> scope.context();
            };
        }

        Object variable(String name) {
            Object value = variables.get(name);
            if (value == null && !variables.containsKey(name)) {
                JsonNode node = scope.variables().apply(name);
                value = node == null || node.isMissingNode() ? ABSENT : JsonataValues.toLibrary(node);
                variables.put(name, value);
            }
            return value;
        }
    }
}
