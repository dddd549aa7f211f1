package dev.aslengine.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mock configuration file in the format of AWS's Step Functions Local: {@code StateMachines} (a state machine's
 * name, its {@code TestCases}, each mapping Task state names to mocked responses) and {@code MockedResponses} (a name,
 * then its invocations, {@code "0"}, {@code "1-2"}, ..., each a {@code Return} or a {@code Throw}). Parsed once and
 * checked whole: a problem names the file and the field.
 */
public final class MockConfig {
    private static final Pattern INVOCATIONS = Pattern.compile("(\\d+)(?:-(\\d+))?");
    private static final Set<String> TOP_LEVEL = Set.of("StateMachines", "MockedResponses");

    /** What one invocation of a mocked state gives: a result ({@code Return}), or an error ({@code Throw}). */
    public record Outcome(JsonNode result, String error, String cause) {
        /** The result, or the error thrown as the task's failure (for its Retry and Catch). */
        public JsonNode resultOrThrow() {
            if (error != null) throw new StatesError(error, cause);
            return result;
        }
    }

    /** Invocations {@code from} to {@code to} (both counted from 0) of a mocked response. */
    record Range(int from, int to, Outcome outcome) {}

    /** A mocked response: consecutive ranges from invocation 0. */
    public record MockedResponse(String name, List<Range> ranges) {
        /** The outcome of invocation {@code n} (from 0); past the last range, the last range's outcome again. */
        public Outcome invocation(int n) {
            for (Range r : ranges) if (n <= r.to()) return r.outcome();
            return ranges.get(ranges.size() - 1).outcome();
        }
    }

    /** A test case of a state machine: its mocked Task states (by name) and what each answers. */
    public record TestCase(String stateMachine, String name, Map<String, MockedResponse> states) {}

    private final String source;
    private final Map<String, Map<String, TestCase>> testCases;

    private MockConfig(String source, Map<String, Map<String, TestCase>> testCases) {
        this.source = source;
        this.testCases = testCases;
    }

    /** Where the configuration came from (its file), as errors name it. */
    public String source() {
        return source;
    }

    /** The state machines that have test cases, with their test case names. */
    public Map<String, Set<String>> testCaseNames() {
        Map<String, Set<String>> names = new TreeMap<>();
        testCases.forEach((machine, cases) -> names.put(machine, cases.keySet()));
        return names;
    }

    /** The test case, or null when the configuration has none of that name for that state machine. */
    public TestCase testCase(String stateMachine, String name) {
        Map<String, TestCase> cases = testCases.get(stateMachine);
        return cases == null ? null : cases.get(name);
    }

    /**
     * Parses and checks a mock configuration.
     *
     * @param source the file it was read from, named in every problem
     * @throws MockConfigException naming the file, the field and what was expected
     */
    public static MockConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MockConfigException(source + ": not valid JSON: " + e.getMessage());
        }
        Problems p = new Problems(source);
        if (!root.isObject()) throw p.at("(the document)", "must be a JSON object with StateMachines and MockedResponses");
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP_LEVEL.contains(f)) throw p.at(f, "is not a field of a mock configuration (expected StateMachines and MockedResponses)");
        });
        Map<String, MockedResponse> responses = new LinkedHashMap<>();
        JsonNode mocked = object(root.get("MockedResponses"), p, "MockedResponses");
        mocked.fields().forEachRemaining(e -> responses.put(e.getKey(), response(e.getKey(), e.getValue(), p)));

        Map<String, Map<String, TestCase>> machines = new LinkedHashMap<>();
        JsonNode sms = object(root.get("StateMachines"), p, "StateMachines");
        sms.fields().forEachRemaining(sm -> {
            String at = "StateMachines." + sm.getKey();
            JsonNode machine = object(sm.getValue(), p, at);
            machine.fieldNames().forEachRemaining(f -> {
                if (!f.equals("TestCases")) throw p.at(at + "." + f, "is not a field of a state machine's mocks (expected TestCases)");
            });
            JsonNode cases = object(machine.get("TestCases"), p, at + ".TestCases");
            Map<String, TestCase> byName = new LinkedHashMap<>();
            cases.fields().forEachRemaining(tc -> {
                String caseAt = at + ".TestCases." + tc.getKey();
                Map<String, MockedResponse> states = new LinkedHashMap<>();
                object(tc.getValue(), p, caseAt).fields().forEachRemaining(st -> {
                    String stateAt = caseAt + "." + st.getKey();
                    if (!st.getValue().isTextual()) throw p.at(stateAt, "must be the name of a mocked response, got " + Json.write(st.getValue()));
                    MockedResponse r = responses.get(st.getValue().asText());
                    if (r == null) {
                        throw p.at(stateAt, "names the mocked response '" + st.getValue().asText()
                                + "', which MockedResponses does not define (it has: " + String.join(", ", responses.keySet()) + ")");
                    }
                    states.put(st.getKey(), r);
                });
                byName.put(tc.getKey(), new TestCase(sm.getKey(), tc.getKey(), java.util.Collections.unmodifiableMap(states)));
            });
            machines.put(sm.getKey(), byName);
        });
        return new MockConfig(source, machines);
    }

    private static MockedResponse response(String name, JsonNode node, Problems p) {
        String at = "MockedResponses." + name;
        List<Range> ranges = new ArrayList<>();
        object(node, p, at).fields().forEachRemaining(e -> {
            String rangeAt = at + "." + e.getKey();
            Matcher m = INVOCATIONS.matcher(e.getKey());
            if (!m.matches()) throw p.at(rangeAt, "must name invocations as a number from 0 (\"0\") or a range (\"1-2\")");
            int from;
            int to;
            try {
                from = Integer.parseInt(m.group(1));
                to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            } catch (NumberFormatException tooLarge) {
                throw p.at(rangeAt, "names an invocation too large to count");
            }
            if (to < from) throw p.at(rangeAt, "is a range that ends before it starts");
            ranges.add(new Range(from, to, outcome(e.getValue(), p, rangeAt)));
        });
        if (ranges.isEmpty()) throw p.at(at, "must have at least invocation \"0\"");
        ranges.sort(Comparator.comparingInt(Range::from));
        int next = 0;
        for (Range r : ranges) {
            String rangeAt = at + "." + (r.from() == r.to() ? r.from() : r.from() + "-" + r.to());
            if (r.from() < next) throw p.at(rangeAt, "overlaps invocation " + (next - 1) + ", which another field already mocks");
            if (r.from() > next) throw p.at(rangeAt, "leaves invocation " + next + " unmocked (the invocations must follow on from \"0\")");
            next = r.to() + 1;
        }
        return new MockedResponse(name, List.copyOf(ranges));
    }

    private static Outcome outcome(JsonNode node, Problems p, String at) {
        object(node, p, at);
        boolean returns = node.has("Return");
        boolean throwsError = node.has("Throw");
        if (returns == throwsError || node.size() != 1) throw p.at(at, "must have exactly one field, Return or Throw");
        if (returns) return new Outcome(node.get("Return"), null, null);
        JsonNode t = object(node.get("Throw"), p, at + ".Throw");
        t.fieldNames().forEachRemaining(f -> {
            if (!f.equals("Error") && !f.equals("Cause")) throw p.at(at + ".Throw." + f, "is not a field of Throw (expected Error and Cause)");
        });
        JsonNode error = t.get("Error");
        if (error == null || !error.isTextual() || error.asText().isEmpty()) throw p.at(at + ".Throw.Error", "must be the error's name, a non-empty string");
        JsonNode cause = t.get("Cause");
        if (cause != null && !cause.isTextual()) throw p.at(at + ".Throw.Cause", "must be a string");
        return new Outcome(null, error.asText(), cause == null ? null : cause.asText());
    }

    private static JsonNode object(JsonNode node, Problems p, String at) {
        if (node == null) throw p.at(at, "is missing");
        if (!node.isObject()) throw p.at(at, "must be a JSON object, got " + Json.write(node));
        return node;
    }

    private record Problems(String source) {
        MockConfigException at(String field, String problem) {
            return new MockConfigException(source + ": " + field + " " + problem);
        }
    }
}
