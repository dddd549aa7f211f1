package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.Json;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.intrinsics.Intrinsic;
import dev.aslengine.jsonata.JsonataExpression;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.model.choice.ChoiceRule;
import dev.aslengine.model.choice.ChoiceRules;
import dev.aslengine.path.JsonPath;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses an ASL definition into the typed model and validates it, collecting every problem with the location of
 * the state and field (as AWS's InvalidDefinition does) before anything runs.
 */
public final class DefinitionParser {
    private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("Comment", "StartAt", "States", "ProcessorConfig", "QueryLanguage");
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
            "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
            "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Iterator");
    /** The intrinsics AWS accepts in a Fail state's ErrorPath and CausePath (those that return a string). */
    private static final Set<String> FAIL_INTRINSICS = Set.of("States.Format", "States.JsonToString", "States.ArrayGetItem",
            "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.UUID");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Assign", "Output"),
            "Task", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials",
                    "Assign", "Arguments", "Output"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign", "Output"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath",
                    "Assign", "Output"),
            "Succeed", Set.of("InputPath", "OutputPath", "Output"),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry",
                    "Catch", "Branches", "Assign", "Arguments", "Output"),
            "Map", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "ItemsPath", "Items", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
                    "ToleratedFailureCountPath", "ItemReader", "ItemBatcher", "ResultWriter", "Label", "Assign", "Arguments",
                    "Output"));

    private final List<String> problems = new ArrayList<>();
    private final boolean deferExpressions;

    private DefinitionParser(boolean deferExpressions) {
        this.deferExpressions = deferExpressions;
    }

    /** Parses definition text; InvalidDefinitionException listing every problem found. */
    public static StateMachineDefinition parse(String definition) {
        return parse(definition, false);
    }

    /**
     * {@link #parse(String)}; with {@code deferExpressions}, JSONata expressions are compiled when first evaluated
     * (their syntax is then not checked here: see {@link JsonataExpression#deferred}).
     */
    public static StateMachineDefinition parse(String definition, boolean deferExpressions) {
        JsonNode root;
        try {
            root = Json.parse(definition);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException("/: the definition is not valid JSON: " + e.getMessage());
        }
        return parse(root, deferExpressions);
    }

    public static StateMachineDefinition parse(JsonNode root) {
        return parse(root, false);
    }

    private static StateMachineDefinition parse(JsonNode root, boolean deferExpressions) {
        DefinitionParser parser = new DefinitionParser(deferExpressions);
        StateMachineDefinition def = parser.graph(root, "", QueryLanguage.JSONPATH, true);
        if (!parser.problems.isEmpty()) throw new InvalidDefinitionException(parser.problems);
        return def;
    }

    private JsonataTemplate template(JsonNode value, String where) {
        return JsonataTemplate.compile(value, where, problems, deferExpressions);
    }

    private StateMachineDefinition graph(JsonNode node, String where, QueryLanguage inherited, boolean top) {
        String at = where.isEmpty() ? "/" : where;
        if (node == null || !node.isObject()) {
            problems.add(at + ": expected an object with StartAt and States");
            return null;
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!(top ? TOP_FIELDS : BRANCH_FIELDS).contains(f)) problems.add(where + "/" + f + ": field is not supported here");
        }
        QueryLanguage lang = queryLanguage(node, where, inherited);
        if (!top && lang == QueryLanguage.JSONPATH && inherited == QueryLanguage.JSONATA) {
            problems.add(where + "/QueryLanguage: a JSONata machine cannot contain JSONPath states");
        }
        Long timeout = null;
        if (top && node.has("TimeoutSeconds")) timeout = positiveInt(node.get("TimeoutSeconds"), "/TimeoutSeconds");
        String startAt = text(node, "StartAt", where, true);
        JsonNode statesNode = node.get("States");
        Map<String, State> states = new LinkedHashMap<>();
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            problems.add(where + "/States: expected a non-empty object of states");
        } else {
            for (var it = statesNode.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String name = e.getKey();
                String sw = where + "/States/" + name;
                if (name.isEmpty() || name.length() > 80) problems.add(sw + ": a state name must be 1 to 80 characters");
                State s = state(name, e.getValue(), sw, lang);
                if (s != null) states.put(name, s);
            }
        }
        if (startAt != null && statesNode != null && statesNode.isObject() && !statesNode.has(startAt)) {
            problems.add(where + "/StartAt: state \"" + startAt + "\" does not exist");
        }
        if (startAt != null && statesNode != null && statesNode.isObject()) checkTransitions(startAt, statesNode, states, where);
        return new StateMachineDefinition(startAt, Map.copyOf(states), timeout, lang, textOrNull(node.get("Comment")));
    }

    /** Every transition target exists, and every state can be reached from StartAt. */
    private void checkTransitions(String startAt, JsonNode statesNode, Map<String, State> states, String where) {
        for (State s : states.values()) {
            String sw = where + "/States/" + s.name();
            for (String[] target : targets(s)) {
                if (!statesNode.has(target[1])) {
                    problems.add(sw + "/" + target[0] + ": state \"" + target[1] + "\" does not exist");
                }
            }
        }
        if (!statesNode.has(startAt) || states.size() != statesNode.size()) return;
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!seen.add(n) || !states.containsKey(n)) continue;
            for (String[] t : targets(states.get(n))) todo.push(t[1]);
        }
        for (String n : states.keySet()) {
            if (!seen.contains(n)) problems.add(where + "/States/" + n + ": state is not reachable from StartAt \"" + startAt + "\"");
        }
    }

    private static List<String[]> targets(State s) {
        List<String[]> out = new ArrayList<>();
        if (s.common().next() != null) out.add(new String[] {"Next", s.common().next()});
        if (s instanceof State.Choice c) {
            for (int i = 0; i < c.choices().size(); i++) {
                out.add(new String[] {"Choices/" + i + "/Next", c.choices().get(i).next()});
            }
            if (c.defaultNext() != null) out.add(new String[] {"Default", c.defaultNext()});
        }
        List<Catcher> catchers = s.common().catchers();
        for (int i = 0; i < catchers.size(); i++) out.add(new String[] {"Catch/" + i + "/Next", catchers.get(i).next()});
        return out;
    }

    private QueryLanguage queryLanguage(JsonNode node, String where, QueryLanguage inherited) {
        JsonNode q = node.get("QueryLanguage");
        if (q == null) return inherited;
        QueryLanguage lang = q.isTextual() ? QueryLanguage.fromAsl(q.asText()) : null;
        if (lang == null) {
            problems.add(where + "/QueryLanguage: expected \"JSONPath\" or \"JSONata\", got " + q);
            return inherited;
        }
        return lang;
    }

    private State state(String name, JsonNode node, String where, QueryLanguage inherited) {
        if (!node.isObject()) {
            problems.add(where + ": expected a state object");
            return null;
        }
        String type = text(node, "Type", where, true);
        if (type == null) return null;
        if (!TYPES.contains(type)) {
            problems.add(where + "/Type: unknown state type \"" + type + "\"; expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map");
            return null;
        }
        QueryLanguage lang = queryLanguage(node, where, inherited);
        if (inherited == QueryLanguage.JSONATA && lang == QueryLanguage.JSONPATH) {
            problems.add(where + "/QueryLanguage: a state cannot use JSONPath when the machine's QueryLanguage is JSONata");
        }
        Set<String> allowed = FIELDS.get(type);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (COMMON.contains(f)) continue;
            if (!allowed.contains(f)) {
                problems.add(where + "/" + f + ": field is not supported by a " + type + " state");
            } else if (lang == QueryLanguage.JSONATA && JSONPATH_ONLY.contains(f)) {
                problems.add(where + "/" + f + ": field is not supported with QueryLanguage JSONata (use Arguments, Output, Items or {% %} expressions)");
            } else if (lang == QueryLanguage.JSONPATH && JSONATA_ONLY.contains(f)) {
                problems.add(where + "/" + f + ": field is only supported with QueryLanguage JSONata");
            }
        }
        Common common = common(name, type, node, where, lang);
        return switch (type) {
            case "Pass" -> new State.Pass(common, node.get("Result"));
            case "Task" -> task(common, node, where);
            case "Choice" -> choice(common, node, where);
            case "Wait" -> waitState(common, node, where);
            case "Succeed" -> new State.Succeed(common);
            case "Fail" -> fail(common, node, where);
            case "Parallel" -> parallel(common, node, where);
            default -> map(common, node, where);
        };
    }

    private Common common(String name, String type, JsonNode node, String where, QueryLanguage lang) {
        boolean terminalType = type.equals("Succeed") || type.equals("Fail");
        boolean choice = type.equals("Choice");
        String next = null;
        boolean end = false;
        if (!terminalType && !choice) {
            next = text(node, "Next", where, false);
            JsonNode endNode = node.get("End");
            if (endNode != null && !endNode.isBoolean()) problems.add(where + "/End: expected true or false");
            end = endNode != null && endNode.asBoolean();
            if (next != null && end) problems.add(where + ": has both Next and End; a state has exactly one of them");
            if (next == null && !end) problems.add(where + ": has neither Next nor End (End: true); a " + type + " state needs one of them");
        }
        OptionalPath inputPath = optionalPath(node, "InputPath", where, false);
        OptionalPath outputPath = optionalPath(node, "OutputPath", where, false);
        OptionalPath resultPath = optionalPath(node, "ResultPath", where, true);
        PayloadTemplate parameters = payload(node, "Parameters", where);
        PayloadTemplate resultSelector = payload(node, "ResultSelector", where);
        JsonataTemplate arguments = jsonata(node, "Arguments", where);
        if (arguments != null && !(node.get("Arguments").isObject() || node.get("Arguments").isTextual())) {
            problems.add(where + "/Arguments: expected an object or a {% %} expression");
        }
        JsonataTemplate output = jsonata(node, "Output", where);
        Assign assign = assign(node.get("Assign"), where + "/Assign", lang);
        List<Retrier> retry = retriers(node.get("Retry"), where + "/Retry");
        List<Catcher> catchers = catchers(node.get("Catch"), where + "/Catch", lang);
        return new Common(name, type, lang, next, end, inputPath, parameters, resultSelector, resultPath, outputPath,
                arguments, output, assign, retry, catchers);
    }

    private Assign assign(JsonNode node, String where, QueryLanguage lang) {
        if (node == null) return null;
        if (!node.isObject()) {
            problems.add(where + ": expected an object of variable names to values");
            return null;
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            String plain = n.endsWith(".$") ? n.substring(0, n.length() - 2) : n;
            if (!plain.matches("[A-Za-z_][A-Za-z0-9_]*") || plain.length() > 80) {
                problems.add(where + "/" + n + ": a variable name must start with a letter or '_' and hold only letters, digits and '_' (at most 80)");
            } else if (plain.equals("states")) {
                problems.add(where + "/" + n + ": \"states\" is reserved and cannot be assigned");
            }
        }
        if (lang == QueryLanguage.JSONATA) {
            JsonataTemplate t = template(node, where);
            return t == null ? null : new Assign(null, t);
        }
        PayloadTemplate t = PayloadTemplate.compile(node, where, problems);
        return t == null ? null : new Assign(t, null);
    }

    private List<Retrier> retriers(JsonNode node, String where) {
        if (node == null) return List.of();
        if (!node.isArray()) {
            problems.add(where + ": expected an array of retriers");
            return List.of();
        }
        List<Retrier> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String w = where + "/" + i;
            if (!r.isObject()) {
                problems.add(w + ": expected a retrier object");
                continue;
            }
            onlyFields(r, w, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"));
            List<String> errors = errorEquals(r, w, i == node.size() - 1);
            double interval = 1;
            if (r.has("IntervalSeconds")) {
                Long v = positiveInt(r.get("IntervalSeconds"), w + "/IntervalSeconds");
                if (v != null) interval = v;
            }
            int maxAttempts = 3;
            if (r.has("MaxAttempts")) {
                JsonNode m = r.get("MaxAttempts");
                if (!m.isIntegralNumber() || m.asLong() < 0 || m.asLong() > 99999999) problems.add(w + "/MaxAttempts: expected an integer from 0 to 99999999, got " + m);
                else maxAttempts = m.asInt();
            }
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode b = r.get("BackoffRate");
                if (!b.isNumber() || b.asDouble() < 1.0) problems.add(w + "/BackoffRate: expected a number >= 1.0, got " + b);
                else backoff = b.asDouble();
            }
            Double maxDelay = null;
            if (r.has("MaxDelaySeconds")) {
                Long v = positiveInt(r.get("MaxDelaySeconds"), w + "/MaxDelaySeconds");
                if (v != null) maxDelay = v.doubleValue();
            }
            boolean jitter = false;
            if (r.has("JitterStrategy")) {
                String j = r.get("JitterStrategy").asText();
                if (!j.equals("FULL") && !j.equals("NONE")) problems.add(w + "/JitterStrategy: expected \"FULL\" or \"NONE\", got " + r.get("JitterStrategy"));
                jitter = j.equals("FULL");
            }
            out.add(new Retrier(errors, interval, maxAttempts, backoff, maxDelay, jitter));
        }
        return List.copyOf(out);
    }

    private List<Catcher> catchers(JsonNode node, String where, QueryLanguage lang) {
        if (node == null) return List.of();
        if (!node.isArray()) {
            problems.add(where + ": expected an array of catchers");
            return List.of();
        }
        List<Catcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String w = where + "/" + i;
            if (!c.isObject()) {
                problems.add(w + ": expected a catcher object");
                continue;
            }
            onlyFields(c, w, lang == QueryLanguage.JSONATA ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
                    : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment"));
            List<String> errors = errorEquals(c, w, i == node.size() - 1);
            String next = text(c, "Next", w, true);
            OptionalPath resultPath = optionalPath(c, "ResultPath", w, true);
            JsonataTemplate output = lang == QueryLanguage.JSONATA ? jsonata(c, "Output", w) : null;
            Assign assign = assign(c.get("Assign"), w + "/Assign", lang);
            if (next != null) out.add(new Catcher(errors, next, resultPath, output, assign));
        }
        return List.copyOf(out);
    }

    private List<String> errorEquals(JsonNode node, String where, boolean last) {
        JsonNode e = node.get("ErrorEquals");
        if (e == null || !e.isArray() || e.isEmpty()) {
            problems.add(where + "/ErrorEquals: expected a non-empty array of error names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : e) {
            if (!n.isTextual()) problems.add(where + "/ErrorEquals: error names are strings, got " + n);
            else out.add(n.asText());
        }
        if (out.contains("States.ALL")) {
            if (out.size() > 1) problems.add(where + "/ErrorEquals: States.ALL must appear alone");
            if (!last) problems.add(where + "/ErrorEquals: a retrier or catcher with States.ALL must be the last one");
        }
        return List.copyOf(out);
    }

    private State task(Common common, JsonNode node, String where) {
        JsonNode r = node.get("Resource");
        ResourceArn resource = null;
        JsonataTemplate resourceExpr = null;
        if (r == null || !r.isTextual()) {
            problems.add(where + "/Resource: expected an ARN string");
        } else if (common.isJsonata() && JsonataExpression.isExpression(r.asText())) {
            resourceExpr = template(r, where + "/Resource");
        } else {
            try {
                resource = ResourceArn.parse(r.asText());
            } catch (IllegalArgumentException e) {
                problems.add(where + "/Resource: " + e.getMessage());
            }
        }
        State.Seconds timeout = seconds(node, "TimeoutSeconds", where, common.isJsonata());
        State.Seconds heartbeat = seconds(node, "HeartbeatSeconds", where, common.isJsonata());
        if (timeout.literal() != null && heartbeat.literal() != null && heartbeat.literal() >= timeout.literal()) {
            problems.add(where + "/HeartbeatSeconds: must be smaller than TimeoutSeconds (" + timeout.literal() + ")");
        }
        return new State.Task(common, resource, resourceExpr, timeout, heartbeat, node.get("Credentials"));
    }

    private State choice(Common common, JsonNode node, String where) {
        JsonNode choices = node.get("Choices");
        List<State.ChoiceBranch> out = new ArrayList<>();
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            problems.add(where + "/Choices: expected a non-empty array of choice rules");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                JsonNode c = choices.get(i);
                String w = where + "/Choices/" + i;
                if (!c.isObject()) {
                    problems.add(w + ": expected a choice rule object");
                    continue;
                }
                String next = text(c, "Next", w, true);
                Assign assign = assign(c.get("Assign"), w + "/Assign", common.queryLanguage());
                ChoiceRule rule = null;
                JsonataTemplate condition = null;
                JsonataTemplate output = null;
                if (common.isJsonata()) {
                    onlyFields(c, w, Set.of("Condition", "Next", "Assign", "Output", "Comment"));
                    JsonNode cond = c.get("Condition");
                    if (cond == null) problems.add(w + "/Condition: a JSONata choice rule needs a Condition");
                    else condition = template(cond, w + "/Condition");
                    output = jsonata(c, "Output", w);
                } else {
                    rule = ChoiceRules.parse(c, w, true, problems);
                }
                if (next != null) out.add(new State.ChoiceBranch(rule, condition, next, assign, output));
            }
        }
        return new State.Choice(common, List.copyOf(out), text(node, "Default", where, false));
    }

    private State waitState(Common common, JsonNode node, String where) {
        int given = 0;
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) if (node.has(f)) given++;
        if (given != 1) problems.add(where + ": a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath");
        // AWS runs a Wait of 0 seconds (the ASL spec says positive; the service accepts 0)
        State.Seconds seconds = seconds(node, "Seconds", where, common.isJsonata(), true);
        Instant timestamp = null;
        JsonataTemplate tsExpr = null;
        JsonNode ts = node.get("Timestamp");
        if (ts != null) {
            if (common.isJsonata() && ts.isTextual() && JsonataExpression.isExpression(ts.asText())) {
                tsExpr = template(ts, where + "/Timestamp");
            } else {
                timestamp = timestamp(ts, where + "/Timestamp");
            }
        }
        return new State.Wait(common, seconds, timestamp, path(node, "TimestampPath", where), tsExpr);
    }

    /** Parses an RFC 3339 timestamp; null (and a problem) when it is not one. */
    private Instant timestamp(JsonNode ts, String where) {
        try {
            return OffsetDateTime.parse(ts.asText()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(where + ": expected an RFC 3339 timestamp such as 2026-01-31T09:00:00Z, got " + ts);
            return null;
        }
    }

    private State fail(Common common, JsonNode node, String where) {
        if (node.has("Error") && node.has("ErrorPath")) problems.add(where + ": Error and ErrorPath cannot both be set");
        if (node.has("Cause") && node.has("CausePath")) problems.add(where + ": Cause and CausePath cannot both be set");
        String error = null;
        String cause = null;
        JsonataTemplate errorExpr = null;
        JsonataTemplate causeExpr = null;
        JsonNode e = node.get("Error");
        if (e != null) {
            if (!e.isTextual()) problems.add(where + "/Error: expected a string");
            else if (common.isJsonata() && JsonataExpression.isExpression(e.asText())) errorExpr = template(e, where + "/Error");
            else error = e.asText();
        }
        JsonNode c = node.get("Cause");
        if (c != null) {
            if (!c.isTextual()) problems.add(where + "/Cause: expected a string");
            else if (common.isJsonata() && JsonataExpression.isExpression(c.asText())) causeExpr = template(c, where + "/Cause");
            else cause = c.asText();
        }
        return new State.Fail(common, error, pathOrIntrinsic(node, "ErrorPath", where), errorExpr, cause,
                pathOrIntrinsic(node, "CausePath", where), causeExpr);
    }

    private State parallel(Common common, JsonNode node, String where) {
        JsonNode branches = node.get("Branches");
        List<StateMachineDefinition> out = new ArrayList<>();
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            problems.add(where + "/Branches: expected a non-empty array of branches");
        } else {
            for (int i = 0; i < branches.size(); i++) {
                StateMachineDefinition b = graph(branches.get(i), where + "/Branches/" + i, common.queryLanguage(), false);
                if (b != null) out.add(b);
            }
        }
        return new State.Parallel(common, List.copyOf(out));
    }

    private State map(Common common, JsonNode node, String where) {
        JsonNode processorNode = node.get("ItemProcessor");
        if (processorNode != null && node.has("Iterator")) problems.add(where + ": ItemProcessor and Iterator cannot both be set");
        String processorField = "ItemProcessor";
        if (processorNode == null) {
            processorNode = node.get("Iterator");
            processorField = "Iterator";
        }
        boolean distributed = false;
        StateMachineDefinition processor = null;
        if (processorNode == null) {
            problems.add(where + "/ItemProcessor: a Map state needs an ItemProcessor (or the older Iterator)");
        } else {
            JsonNode config = processorNode.get("ProcessorConfig");
            if (config != null) {
                String mode = config.path("Mode").asText("INLINE");
                if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
                    problems.add(where + "/" + processorField + "/ProcessorConfig/Mode: expected INLINE or DISTRIBUTED, got " + config.get("Mode"));
                }
                distributed = mode.equals("DISTRIBUTED");
                JsonNode execType = config.get("ExecutionType");
                if (distributed && execType != null && !Set.of("STANDARD", "EXPRESS").contains(execType.asText())) {
                    problems.add(where + "/" + processorField + "/ProcessorConfig/ExecutionType: expected STANDARD or EXPRESS, got " + execType);
                }
            }
            processor = graph(processorNode, where + "/" + processorField, common.queryLanguage(), false);
        }
        if (node.has("Parameters") && node.has("ItemSelector")) problems.add(where + ": Parameters and ItemSelector cannot both be set");
        PayloadTemplate itemSelector = common.parameters();
        JsonataTemplate itemSelectorExpr = null;
        if (node.has("ItemSelector")) {
            if (common.isJsonata()) itemSelectorExpr = template(node.get("ItemSelector"), where + "/ItemSelector");
            else itemSelector = payload(node, "ItemSelector", where);
        }
        State.Seconds maxConcurrency = seconds(node, "MaxConcurrency", where, common.isJsonata(), true);
        State.Threshold tolPct = threshold(node, "ToleratedFailurePercentage", where, common.isJsonata(),
                p -> p.isNumber() && p.asDouble() >= 0 && p.asDouble() <= 100, "a number from 0 to 100");
        State.Threshold tolCount = threshold(node, "ToleratedFailureCount", where, common.isJsonata(),
                p -> p.isIntegralNumber() && p.asLong() >= 0, "an integer >= 0");
        State.ItemReader reader = null;
        JsonNode r = node.get("ItemReader");
        if (r != null) {
            if (!distributed) problems.add(where + "/ItemReader: only a DISTRIBUTED Map can read items with an ItemReader");
            onlyFields(r, where + "/ItemReader", Set.of("Resource", "ReaderConfig", "Parameters", "Arguments"));
            String res = text(r, "Resource", where + "/ItemReader", true);
            if (res != null && !res.equals("arn:aws:states:::s3:getObject") && !res.equals("arn:aws:states:::s3:listObjectsV2")) {
                problems.add(where + "/ItemReader/Resource: expected arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2, got \"" + res + "\"");
            }
            JsonNode config = r.get("ReaderConfig");
            Long maxItems = null;
            if (config != null && config.has("MaxItems")) maxItems = positiveInt(config.get("MaxItems"), where + "/ItemReader/ReaderConfig/MaxItems");
            if (config != null && config.has("InputType")
                    && !Set.of("JSON", "JSONL", "CSV", "MANIFEST").contains(config.get("InputType").asText())) {
                problems.add(where + "/ItemReader/ReaderConfig/InputType: expected JSON, JSONL, CSV or MANIFEST, got " + config.get("InputType"));
            }
            reader = new State.ItemReader(res, config, payload(r, "Parameters", where + "/ItemReader"),
                    jsonata(r, "Arguments", where + "/ItemReader"), maxItems);
        }
        State.ItemBatcher batcher = null;
        JsonNode b = node.get("ItemBatcher");
        if (b != null) {
            if (!distributed) problems.add(where + "/ItemBatcher: only a DISTRIBUTED Map can batch items");
            onlyFields(b, where + "/ItemBatcher", Set.of("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput", "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"));
            Long maxItems = b.has("MaxItemsPerBatch") ? positiveInt(b.get("MaxItemsPerBatch"), where + "/ItemBatcher/MaxItemsPerBatch") : null;
            Long maxBytes = b.has("MaxInputBytesPerBatch") ? positiveInt(b.get("MaxInputBytesPerBatch"), where + "/ItemBatcher/MaxInputBytesPerBatch") : null;
            if (maxItems == null && maxBytes == null) problems.add(where + "/ItemBatcher: set MaxItemsPerBatch or MaxInputBytesPerBatch");
            PayloadTemplate batchInput = common.isJsonata() ? null : payload(b, "BatchInput", where + "/ItemBatcher");
            JsonataTemplate batchInputExpr = common.isJsonata() ? jsonata(b, "BatchInput", where + "/ItemBatcher") : null;
            batcher = new State.ItemBatcher(maxItems, maxBytes, batchInput, batchInputExpr);
        }
        State.ResultWriter writer = null;
        JsonNode w = node.get("ResultWriter");
        if (w != null) {
            if (!distributed) problems.add(where + "/ResultWriter: only a DISTRIBUTED Map can write results to S3");
            String res = text(w, "Resource", where + "/ResultWriter", true);
            if (res != null && !res.equals("arn:aws:states:::s3:putObject")) {
                problems.add(where + "/ResultWriter/Resource: expected arn:aws:states:::s3:putObject, got \"" + res + "\"");
            }
            writer = new State.ResultWriter(res, payload(w, "Parameters", where + "/ResultWriter"), jsonata(w, "Arguments", where + "/ResultWriter"));
        }
        JsonataTemplate items = jsonata(node, "Items", where);
        return new State.Map(common, path(node, "ItemsPath", where), items, itemSelector, itemSelectorExpr, processor, distributed,
                maxConcurrency, tolPct, tolCount, reader, batcher, writer, textOrNull(node.get("Label")));
    }

    // ---- field helpers

    private State.Seconds seconds(JsonNode node, String field, String where, boolean jsonata) {
        return seconds(node, field, where, jsonata, false);
    }

    private State.Seconds seconds(JsonNode node, String field, String where, boolean jsonata, boolean zeroAllowed) {
        long min = zeroAllowed ? 0 : 1;
        Quantity q = quantity(node, field, where, jsonata,
                v -> v.isIntegralNumber() && v.asLong() >= min && v.asLong() <= 99999999, "an integer from " + min + " to 99999999");
        return q == null ? State.Seconds.NONE : new State.Seconds(q.literal() == null ? null : q.literal().asLong(), q.path(), q.expression());
    }

    private State.Threshold threshold(JsonNode node, String field, String where, boolean jsonata, Predicate<JsonNode> valid,
            String expected) {
        Quantity q = quantity(node, field, where, jsonata, valid, expected);
        return q == null ? State.Threshold.NONE
                : new State.Threshold(q.literal() == null ? null : q.literal().asDouble(), q.path(), q.expression());
    }

    /** A number given as {@code field} (a literal or, in JSONata, an expression) or by {@code fieldPath}. */
    private record Quantity(JsonNode literal, JsonPath path, JsonataTemplate expression) {}

    /** The literal is checked here; a path's or an expression's value when the state runs. Null when absent or invalid. */
    private Quantity quantity(JsonNode node, String field, String where, boolean jsonata, Predicate<JsonNode> valid, String expected) {
        JsonNode v = node.get(field);
        JsonPath p = path(node, field + "Path", where);
        if (v != null && p != null) problems.add(where + ": " + field + " and " + field + "Path cannot both be set");
        if (v == null) return p == null ? null : new Quantity(null, p, null);
        if (jsonata && v.isTextual() && JsonataExpression.isExpression(v.asText())) {
            return new Quantity(null, null, template(v, where + "/" + field));
        }
        if (!valid.test(v)) {
            problems.add(where + "/" + field + ": expected " + expected + ", got " + v);
            return null;
        }
        return new Quantity(v, null, null);
    }

    private Long positiveInt(JsonNode v, String where) {
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 99999999) {
            problems.add(where + ": expected a positive integer (1 to 99999999), got " + v);
            return null;
        }
        return v.asLong();
    }

    private String text(JsonNode node, String field, String where, boolean required) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (required) problems.add(where + "/" + field + ": required field is missing");
            return null;
        }
        if (!v.isTextual()) {
            problems.add(where + "/" + field + ": expected a string, got " + v);
            return null;
        }
        return v.asText();
    }

    private static String textOrNull(JsonNode v) {
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private JsonPath path(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null) return null;
        if (!v.isTextual()) {
            problems.add(where + "/" + field + ": expected a JSONPath string, got " + v);
            return null;
        }
        try {
            return JsonPath.compile(v.asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + "/" + field + ": " + e.getMessage());
            return null;
        }
    }

    /** ErrorPath and CausePath accept a path or an intrinsic function. */
    private PathOrIntrinsic pathOrIntrinsic(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual() && Intrinsic.isIntrinsic(v.asText())) {
            String function = v.asText().strip().split("\\s*\\(", 2)[0];
            if (!FAIL_INTRINSICS.contains(function)) {
                problems.add(where + "/" + field + ": " + function + " cannot be used here; expected a path or one of "
                        + "States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode, States.Base64Decode, States.Hash, States.UUID");
                return null;
            }
            try {
                return new PathOrIntrinsic(null, Intrinsic.parse(v.asText()));
            } catch (IllegalArgumentException e) {
                problems.add(where + "/" + field + ": " + e.getMessage());
                return null;
            }
        }
        JsonPath p = path(node, field, where);
        return p == null ? null : new PathOrIntrinsic(p, null);
    }

    private OptionalPath optionalPath(JsonNode node, String field, String where, boolean referenceOnly) {
        if (!node.has(field)) return OptionalPath.DEFAULT;
        JsonNode v = node.get(field);
        if (v.isNull()) return OptionalPath.NULL;
        JsonPath p = path(node, field, where);
        if (p == null) return OptionalPath.DEFAULT;
        if (referenceOnly && !p.isReference()) {
            problems.add(where + "/" + field + ": must be a reference path (names and indexes only, no wildcards or filters), got " + v);
        }
        if (referenceOnly && p.root() != JsonPath.Root.INPUT) {
            problems.add(where + "/" + field + ": must start with '$.' (it writes into the state's data), got " + v);
        }
        return new OptionalPath(p, false);
    }

    private PayloadTemplate payload(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null) return null;
        return PayloadTemplate.compile(v, where + "/" + field, problems);
    }

    private JsonataTemplate jsonata(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null) return null;
        return template(v, where + "/" + field);
    }

    private void onlyFields(JsonNode node, String where, Set<String> allowed) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) problems.add(where + "/" + f + ": field is not supported here");
        }
    }
}
