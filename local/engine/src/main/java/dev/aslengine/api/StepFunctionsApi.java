package dev.aslengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.model.DefinitionDiagnostics;
import dev.aslengine.runtime.Activities;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.aslengine.runtime.HistoryEvent;
import dev.aslengine.runtime.MapRun;
import dev.aslengine.runtime.StateMachine;
import dev.aslengine.runtime.StateTester;
import dev.aslengine.runtime.StateMachineAlias;
import dev.aslengine.runtime.StateMachineVersion;
import dev.aslengine.runtime.TaskTokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Step Functions API actions served over an {@link Engine}, in AWS's request and response shapes (JSON protocol):
 * a refused call throws {@link EngineException} with the error code the service gives.
 */
public final class StepFunctionsApi {
    /** The actions this endpoint serves; any other is UnknownOperationException. */
    public static final Set<String> ACTIONS = Set.of("CreateStateMachine", "UpdateStateMachine", "DeleteStateMachine",
            "DescribeStateMachine", "ListStateMachines", "StartExecution", "DescribeExecution", "GetExecutionHistory",
            "ListExecutions", "StopExecution", "RedriveExecution", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat",
            "ValidateStateMachineDefinition", "DescribeStateMachineForExecution", "TagResource", "UntagResource",
            "ListTagsForResource", "PublishStateMachineVersion", "ListStateMachineVersions", "DeleteStateMachineVersion",
            "CreateStateMachineAlias", "DescribeStateMachineAlias", "UpdateStateMachineAlias", "DeleteStateMachineAlias",
            "ListStateMachineAliases", "CreateActivity", "DescribeActivity", "ListActivities", "DeleteActivity", "GetActivityTask",
            "TestState", "ListMapRuns", "DescribeMapRun", "UpdateMapRun", "StartSyncExecution");

    private static final int NAME_MAX = 80;
    private static final int DEFINITION_MAX = 1_048_576;
    private static final int PAYLOAD_MAX = 262_144;
    private static final int ERROR_MAX = 256;
    private static final int CAUSE_MAX = 32_768;
    private static final int TOKEN_MAX = 2048;
    private static final int PAGE_TOKEN_MAX = 1024;
    private static final int DIAGNOSTICS_MAX = 100;
    private static final int DESCRIPTION_MAX = 256;
    private static final java.util.regex.Pattern ALIAS_NAME = java.util.regex.Pattern.compile("(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]{1,80}");
    private static final int EXECUTIONS_PAGE_TOKEN_MAX = 3096;
    private static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");
    private static final Set<String> PAYLOAD_MEMBERS = Set.of("input", "inputDetails", "output", "outputDetails");
    /** ListExecutions order: newest first, ties broken by ARN so a page boundary is stable. */
    private static final Comparator<Execution> NEWEST_FIRST = Comparator.comparing(Execution::startDate).reversed()
            .thenComparing(Execution::arn);

    /** The actions that change state machines, versions, aliases, activities or tags. */
    private static final Set<String> CHANGING = Set.of("CreateStateMachine", "UpdateStateMachine", "DeleteStateMachine", "TagResource",
            "UntagResource", "PublishStateMachineVersion", "DeleteStateMachineVersion", "CreateStateMachineAlias", "UpdateStateMachineAlias",
            "DeleteStateMachineAlias", "CreateActivity", "DeleteActivity");

    private final Engine engine;
    private final ResourceTags tags = new ResourceTags();
    private volatile Runnable onChange = () -> { };

    public StepFunctionsApi(Engine engine) {
        this.engine = engine;
    }

    /** Told after each action that changed state machines, versions, aliases, activities or tags (e.g. to keep them). */
    public void onChange(Runnable listener) {
        this.onChange = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Answers one action (e.g. "StartExecution") with its response members. */
    public ObjectNode call(String action, ObjectNode request) {
        ObjectNode answer = answer(action, request);
        if (CHANGING.contains(action)) onChange.run();
        return answer;
    }

    /**
     * State machines (but those {@code skip} names), versions, aliases, activities and tags as JSON, to be put back
     * with {@link #restoreResources} in another engine.
     */
    public synchronized ObjectNode resources(java.util.function.Predicate<String> skip) {
        ObjectNode out = Json.object();
        ArrayNode machines = out.putArray("stateMachines");
        ArrayNode versions = out.putArray("versions");
        ObjectNode last = out.putObject("lastVersions");
        for (StateMachine sm : engine.stateMachines()) {
            if (!skip.test(sm.name())) machines.add(revisionJson(sm));
            for (StateMachineVersion v : engine.versions(sm.arn())) {
                ObjectNode vj = versions.addObject().put("number", v.number()).put("creationDate", v.creationDate().toString());
                if (v.description() != null) vj.put("description", v.description());
                vj.set("revision", revisionJson(v.revision()));
            }
            if (engine.lastVersionNumber(sm.arn()) > 0) last.put(sm.arn(), engine.lastVersionNumber(sm.arn()));
        }
        ArrayNode aliases = out.putArray("aliases");
        for (StateMachineAlias a : engine.allAliases()) {
            ObjectNode aj = aliases.addObject().put("arn", a.arn()).put("name", a.name()).put("creationDate", a.creationDate().toString())
                    .put("updateDate", a.updateDate().toString());
            if (a.description() != null) aj.put("description", a.description());
            ArrayNode routes = aj.putArray("routing");
            a.routing().forEach(rt -> routes.addObject().put("versionArn", rt.versionArn()).put("weight", rt.weight()));
        }
        ArrayNode activities = out.putArray("activities");
        engine.activities().list().forEach(a -> activities.addObject().put("name", a.name()).put("creationDate", a.creationDate().toString()));
        ObjectNode tagged = out.putObject("tags");
        tags.all().forEach((arn, t) -> {
            ObjectNode tj = tagged.putObject(arn);
            t.forEach(tj::put);
        });
        return out;
    }

    private static ObjectNode revisionJson(StateMachine sm) {
        return Json.object().put("name", sm.name()).put("definition", sm.definition()).put("roleArn", sm.roleArn()).put("type", sm.type())
                .put("creationDate", sm.creationDate().toString()).put("updateDate", sm.updateDate().toString())
                .put("revisionId", sm.revisionId());
    }

    /**
     * Puts back what {@link #resources} gave (state machines {@code skip} names are left as they are); returns what could
     * not be put back, each naming the resource and why.
     */
    public synchronized List<String> restoreResources(JsonNode kept, java.util.function.Predicate<String> skip) {
        List<String> problems = new ArrayList<>();
        for (JsonNode sm : kept.path("stateMachines")) {
            try {
                if (!skip.test(sm.path("name").asText())) restoreRevision(sm);
            } catch (RuntimeException e) {
                problems.add("state machine " + sm.path("name").asText() + ": " + e.getMessage());
            }
        }
        for (JsonNode v : kept.path("versions")) {
            JsonNode rev = v.path("revision");
            try {
                engine.restoreVersion(v.path("number").asInt(), rev.path("name").asText(), rev.path("definition").asText(),
                        rev.path("roleArn").asText(null), rev.path("type").asText("STANDARD"), java.time.Instant.parse(rev.path("creationDate").asText()),
                        java.time.Instant.parse(rev.path("updateDate").asText()), rev.path("revisionId").asText(),
                        v.path("description").asText(null), java.time.Instant.parse(v.path("creationDate").asText()));
            } catch (RuntimeException e) {
                problems.add("version " + v.path("number").asInt() + " of " + rev.path("name").asText() + ": " + e.getMessage());
            }
        }
        kept.path("lastVersions").properties().forEach(e -> engine.restoreLastVersionNumber(e.getKey(), e.getValue().asInt()));
        for (JsonNode a : kept.path("aliases")) {
            try {
                List<StateMachineAlias.Route> routing = new ArrayList<>();
                a.path("routing").forEach(rt -> routing.add(new StateMachineAlias.Route(rt.path("versionArn").asText(), rt.path("weight").asInt())));
                engine.restoreAlias(new StateMachineAlias(a.path("arn").asText(), a.path("name").asText(), a.path("description").asText(null),
                        routing, java.time.Instant.parse(a.path("creationDate").asText()), java.time.Instant.parse(a.path("updateDate").asText())));
            } catch (RuntimeException e) {
                problems.add("alias " + a.path("arn").asText() + ": " + e.getMessage());
            }
        }
        for (JsonNode a : kept.path("activities")) {
            try {
                engine.activities().restore(a.path("name").asText(), java.time.Instant.parse(a.path("creationDate").asText()));
            } catch (RuntimeException e) {
                problems.add("activity " + a.path("name").asText() + ": " + e.getMessage());
            }
        }
        kept.path("tags").properties().forEach(e -> {
            Map<String, String> t = new java.util.LinkedHashMap<>();
            e.getValue().properties().forEach(kv -> t.put(kv.getKey(), kv.getValue().asText()));
            try {
                tags.tag(e.getKey(), t);
            } catch (RuntimeException ex) {
                problems.add("tags of " + e.getKey() + ": " + ex.getMessage());
            }
        });
        return problems;
    }

    private void restoreRevision(JsonNode sm) {
        engine.restoreStateMachine(sm.path("name").asText(), sm.path("definition").asText(), sm.path("roleArn").asText(null),
                sm.path("type").asText("STANDARD"), java.time.Instant.parse(sm.path("creationDate").asText()),
                java.time.Instant.parse(sm.path("updateDate").asText()), sm.path("revisionId").asText());
    }

    private ObjectNode answer(String action, ObjectNode request) {
        ApiRequest r = new ApiRequest(request);
        return switch (action) {
            case "CreateStateMachine" -> createStateMachine(r);
            case "UpdateStateMachine" -> updateStateMachine(r);
            case "DeleteStateMachine" -> deleteStateMachine(r);
            case "DescribeStateMachine" -> describeStateMachine(r);
            case "ListStateMachines" -> listStateMachines(r);
            case "StartExecution" -> startExecution(r);
            case "DescribeExecution" -> describeExecution(r);
            case "GetExecutionHistory" -> getExecutionHistory(r);
            case "ListExecutions" -> listExecutions(r);
            case "StopExecution" -> stopExecution(r);
            case "RedriveExecution" -> redriveExecution(r);
            case "SendTaskSuccess" -> sendTaskSuccess(r);
            case "SendTaskFailure" -> sendTaskFailure(r);
            case "SendTaskHeartbeat" -> sendTaskHeartbeat(r);
            case "ValidateStateMachineDefinition" -> validateStateMachineDefinition(r);
            case "DescribeStateMachineForExecution" -> describeStateMachineForExecution(r);
            case "TagResource" -> tagResource(r);
            case "UntagResource" -> untagResource(r);
            case "ListTagsForResource" -> listTagsForResource(r);
            case "PublishStateMachineVersion" -> publishStateMachineVersion(r);
            case "ListStateMachineVersions" -> listStateMachineVersions(r);
            case "DeleteStateMachineVersion" -> deleteStateMachineVersion(r);
            case "CreateStateMachineAlias" -> createStateMachineAlias(r);
            case "DescribeStateMachineAlias" -> describeStateMachineAlias(r);
            case "UpdateStateMachineAlias" -> updateStateMachineAlias(r);
            case "DeleteStateMachineAlias" -> deleteStateMachineAlias(r);
            case "ListStateMachineAliases" -> listStateMachineAliases(r);
            case "CreateActivity" -> createActivity(r);
            case "DescribeActivity" -> describeActivity(r);
            case "ListActivities" -> listActivities(r);
            case "DeleteActivity" -> deleteActivity(r);
            case "GetActivityTask" -> getActivityTask(r);
            case "TestState" -> testState(r);
            case "ListMapRuns" -> listMapRuns(r);
            case "DescribeMapRun" -> describeMapRun(r);
            case "UpdateMapRun" -> updateMapRun(r);
            case "StartSyncExecution" -> startSyncExecution(r);
            default -> throw unknownOperation(action);
        };
    }

    static EngineException unknownOperation(String action) {
        return new EngineException("UnknownOperationException", "The operation '" + action
                + "' is not served by this local Step Functions endpoint; it serves " + ACTIONS.stream().sorted().toList());
    }

    // ---------------------------------------------------------------- state machines

    private ObjectNode createStateMachine(ApiRequest r) {
        String name = r.requiredString("name", NAME_MAX);
        String definition = r.requiredString("definition", DEFINITION_MAX);
        String roleArn = r.roleArn(true);
        String type = r.enumValue("type", Set.of("STANDARD", "EXPRESS"));
        boolean publish = r.bool("publish", false);
        String versionDescription = r.string("versionDescription", DESCRIPTION_MAX);
        Map<String, String> newTags = ResourceTags.read(r.node("tags"), "tags");
        if (versionDescription != null && !publish) throw versionDescriptionWithoutPublish();
        if ("EXPRESS".equals(type)) {
            List<String> unsupported = DefinitionDiagnostics.of(definition, true).stream().filter(DefinitionDiagnostics.Diagnostic::isError)
                    .map(d -> d.location() + ": " + d.message()).toList();
            if (!unsupported.isEmpty()) {
                throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: " + String.join("; ", unsupported));
            }
        }
        StateMachine sm = engine.createStateMachine(name, definition, roleArn, type == null ? "STANDARD" : type);
        tags.tag(sm.arn(), newTags);
        ObjectNode out = Json.object().put("stateMachineArn", sm.arn()).put("creationDate", epochSeconds(sm.creationDate()));
        if (publish) out.put("stateMachineVersionArn", engine.publishVersion(sm.arn(), null, versionDescription).arn());
        return out;
    }

    private static EngineException versionDescriptionWithoutPublish() {
        return new EngineException("ValidationException", "versionDescription can only be set when publish is true");
    }

    private ObjectNode updateStateMachine(ApiRequest r) {
        String arn = r.unqualifiedStateMachineArn("stateMachineArn");
        String definition = r.string("definition", DEFINITION_MAX);
        String roleArn = r.roleArn(false);
        boolean publish = r.bool("publish", false);
        String versionDescription = r.string("versionDescription", DESCRIPTION_MAX);
        if (versionDescription != null && !publish) throw versionDescriptionWithoutPublish();
        if (definition == null && roleArn == null && !r.has("loggingConfiguration") && !r.has("tracingConfiguration") && !publish) {
            throw new EngineException("MissingRequiredParameter",
                    "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        StateMachine sm = engine.updateStateMachine(arn, definition, roleArn);
        ObjectNode out = Json.object().put("updateDate", epochSeconds(sm.updateDate())).put("revisionId", sm.revisionId());
        if (publish) out.put("stateMachineVersionArn", engine.publishVersion(arn, sm.revisionId(), versionDescription).arn());
        return out;
    }

    private ObjectNode deleteStateMachine(ApiRequest r) {
        String arn = r.unqualifiedStateMachineArn("stateMachineArn");
        engine.deleteStateMachine(arn);
        tags.forget(arn);
        return Json.object();
    }

    /** A state machine, or the revision a version froze: DescribeStateMachine takes either. */
    private ObjectNode describeStateMachine(ApiRequest r) {
        String arn = r.stateMachineArn("stateMachineArn", true);
        String qualifier = Engine.qualifier(arn);
        if (qualifier != null && !qualifier.matches("[0-9]+")) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + arn + "' is an alias ARN; describe it with DescribeStateMachineAlias");
        }
        StateMachineVersion version = qualifier == null ? null : engine.version(arn);
        StateMachine sm = version == null ? engine.stateMachine(arn) : version.revision();
        ObjectNode out = Json.object()
                .put("stateMachineArn", version == null ? sm.arn() : version.arn())
                .put("name", sm.name())
                .put("status", "ACTIVE")
                .put("definition", sm.definition())
                .put("roleArn", sm.roleArn())
                .put("type", sm.type())
                .put("creationDate", epochSeconds(version == null ? sm.creationDate() : version.creationDate()));
        loggingAndTracing(out);
        out.put("revisionId", sm.revisionId());
        if (version != null && version.description() != null) out.put("description", version.description());
        return out;
    }

    private static void loggingAndTracing(ObjectNode out) {
        out.set("loggingConfiguration", Json.object().put("level", "OFF").put("includeExecutionData", false));
        out.set("tracingConfiguration", Json.object().put("enabled", false));
    }

    private ObjectNode describeStateMachineForExecution(ApiRequest r) {
        Execution e = engine.execution(r.executionArn("executionArn"));
        StateMachine sm = e.stateMachine();
        ObjectNode out = Json.object()
                .put("stateMachineArn", sm.arn())
                .put("name", sm.name())
                .put("definition", sm.definition())
                .put("roleArn", sm.roleArn())
                .put("updateDate", epochSeconds(sm.updateDate()));
        loggingAndTracing(out);
        out.put("revisionId", sm.revisionId());
        return out;
    }

    // ---------------------------------------------------------------- versions and aliases

    private ObjectNode publishStateMachineVersion(ApiRequest r) {
        String arn = r.unqualifiedStateMachineArn("stateMachineArn");
        String revisionId = r.string("revisionId", 2048);
        String description = r.string("description", DESCRIPTION_MAX);
        StateMachineVersion v = engine.publishVersion(arn, revisionId, description);
        return Json.object().put("creationDate", epochSeconds(v.creationDate())).put("stateMachineVersionArn", v.arn());
    }

    private ObjectNode listStateMachineVersions(ApiRequest r) {
        String arn = r.unqualifiedStateMachineArn("stateMachineArn");
        int size = r.pageSize();
        String listing = "ListStateMachineVersions\n" + arn;
        String after = PageToken.position(r.string("nextToken", PAGE_TOKEN_MAX), listing);
        // newest first, so the token holds the number of the next (older) version
        int from = after == null ? Integer.MAX_VALUE : parseNumber(after, r.string("nextToken", PAGE_TOKEN_MAX));
        List<StateMachineVersion> all = engine.versions(arn).stream().filter(v -> v.number() <= from).toList();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (StateMachineVersion v : all.subList(0, Math.min(size, all.size()))) {
            items.add(Json.object().put("stateMachineVersionArn", v.arn()).put("creationDate", epochSeconds(v.creationDate())));
        }
        ObjectNode out = Json.object();
        out.set("stateMachineVersions", items);
        if (all.size() > size) out.put("nextToken", PageToken.of(listing, Integer.toString(all.get(size).number())));
        return out;
    }

    private static int parseNumber(String position, String token) {
        try {
            return Integer.parseInt(position);
        } catch (NumberFormatException ex) {
            throw PageToken.invalid(token);
        }
    }

    private ObjectNode deleteStateMachineVersion(ApiRequest r) {
        engine.deleteVersion(r.versionArn("stateMachineVersionArn"));
        return Json.object();
    }

    private ObjectNode createStateMachineAlias(ApiRequest r) {
        String name = r.requiredString("name", NAME_MAX);
        String description = r.string("description", DESCRIPTION_MAX);
        List<StateMachineAlias.Route> routing = routing(r, true);
        if (!ALIAS_NAME.matcher(name).matches()) {
            throw ApiRequest.validation("'" + name + "'", "name", "Member must satisfy regular expression pattern: "
                    + "(?=.*[a-zA-Z_\\-\\.])^[a-zA-Z0-9_\\-\\.]+$ (letters, digits, '_', '-', '.', not only digits)");
        }
        StateMachineAlias a = engine.createAlias(name, description, routing);
        return Json.object().put("stateMachineAliasArn", a.arn()).put("creationDate", epochSeconds(a.creationDate()));
    }

    private static List<StateMachineAlias.Route> routing(ApiRequest r, boolean required) {
        JsonNode v = r.node("routingConfiguration");
        if (v == null || v.isNull()) {
            if (required) throw ApiRequest.validation("null", "routingConfiguration", "Member must not be null");
            return null;
        }
        if (!v.isArray()) throw new EngineException("SerializationException", "Member 'routingConfiguration' must be a JSON array");
        List<StateMachineAlias.Route> out = new java.util.ArrayList<>();
        for (JsonNode route : v) {
            JsonNode arn = route.get("stateMachineVersionArn");
            JsonNode weight = route.get("weight");
            if (arn == null || !arn.isTextual() || weight == null || !weight.isIntegralNumber()) {
                throw new EngineException("ValidationException", "Each routingConfiguration entry needs stateMachineVersionArn (a string) "
                        + "and weight (an integer 0 to 100), got " + route);
            }
            out.add(new StateMachineAlias.Route(arn.textValue(), weight.intValue()));
        }
        return out;
    }

    private ObjectNode describeStateMachineAlias(ApiRequest r) {
        StateMachineAlias a = engine.alias(r.aliasArn("stateMachineAliasArn"));
        ObjectNode out = Json.object().put("stateMachineAliasArn", a.arn()).put("name", a.name());
        if (a.description() != null) out.put("description", a.description());
        ArrayNode routes = out.putArray("routingConfiguration");
        for (StateMachineAlias.Route route : a.routing()) {
            routes.add(Json.object().put("stateMachineVersionArn", route.versionArn()).put("weight", route.weight()));
        }
        out.put("creationDate", epochSeconds(a.creationDate())).put("updateDate", epochSeconds(a.updateDate()));
        return out;
    }

    private ObjectNode updateStateMachineAlias(ApiRequest r) {
        String arn = r.aliasArn("stateMachineAliasArn");
        String description = r.string("description", DESCRIPTION_MAX);
        List<StateMachineAlias.Route> routing = routing(r, false);
        if (description == null && routing == null) {
            throw new EngineException("ValidationException", "Give a description or a routingConfiguration (or both) to update alias '" + arn + "'");
        }
        return Json.object().put("updateDate", epochSeconds(engine.updateAlias(arn, description, routing).updateDate()));
    }

    private ObjectNode deleteStateMachineAlias(ApiRequest r) {
        engine.deleteAlias(r.aliasArn("stateMachineAliasArn"));
        return Json.object();
    }

    private ObjectNode listStateMachineAliases(ApiRequest r) {
        String arn = r.stateMachineArn("stateMachineArn", true);
        String q = Engine.qualifier(arn);
        if (q != null && !q.matches("[0-9]+")) {
            throw new EngineException("InvalidArn", "Invalid Arn: '" + arn + "' (stateMachineArn must be a state machine or version ARN, not an alias ARN)");
        }
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("stateMachineAliases");
        for (StateMachineAlias a : page(r, "ListStateMachineAliases\n" + arn, engine.aliases(arn), StateMachineAlias::arn, out)) {
            items.add(Json.object().put("stateMachineAliasArn", a.arn()).put("creationDate", epochSeconds(a.creationDate())));
        }
        return out;
    }

    /**
     * One page of a listing whose entries are named by ARN: the entries from the one the request's nextToken names
     * (InvalidToken when it is gone), and the next page's token put into {@code out}.
     */
    private static <T> List<T> page(ApiRequest r, String listing, List<T> all, java.util.function.Function<T, String> arnOf, ObjectNode out) {
        int size = r.pageSize();
        String token = r.string("nextToken", PAGE_TOKEN_MAX);
        String after = PageToken.position(token, listing);
        int start = 0;
        if (after != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) if (arnOf.apply(all.get(i)).equals(after)) start = i;
            if (start < 0) throw PageToken.invalid(token);
        }
        List<T> rest = all.subList(start, all.size());
        if (rest.size() > size) out.put("nextToken", PageToken.of(listing, arnOf.apply(rest.get(size))));
        return rest.subList(0, Math.min(size, rest.size()));
    }

    // ---------------------------------------------------------------- activities

    private ObjectNode createActivity(ApiRequest r) {
        String name = r.requiredString("name", NAME_MAX);
        Map<String, String> newTags = ResourceTags.read(r.node("tags"), "tags");
        Activities.Activity a = engine.activities().create(name);
        tags.tag(a.arn(), newTags);
        return Json.object().put("activityArn", a.arn()).put("creationDate", epochSeconds(a.creationDate()));
    }

    private ObjectNode describeActivity(ApiRequest r) {
        Activities.Activity a = engine.activities().describe(r.activityArn("activityArn"));
        return Json.object().put("activityArn", a.arn()).put("name", a.name()).put("creationDate", epochSeconds(a.creationDate()));
    }

    private ObjectNode listActivities(ApiRequest r) {
        int size = r.pageSize();
        String after = PageToken.position(r.string("nextToken", PAGE_TOKEN_MAX), "ListActivities");
        List<Activities.Activity> all = engine.activities().list().stream().filter(a -> after == null || a.name().compareTo(after) >= 0).toList();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Activities.Activity a : all.subList(0, Math.min(size, all.size()))) {
            items.add(Json.object().put("activityArn", a.arn()).put("name", a.name()).put("creationDate", epochSeconds(a.creationDate())));
        }
        ObjectNode out = Json.object();
        out.set("activities", items);
        if (all.size() > size) out.put("nextToken", PageToken.of("ListActivities", all.get(size).name()));
        return out;
    }

    private ObjectNode deleteActivity(ApiRequest r) {
        String arn = r.activityArn("activityArn");
        engine.activities().delete(arn);
        tags.forget(arn);
        return Json.object();
    }

    /** Long-polls: answers with a task as soon as one is scheduled, or with no token after the poll timeout (60 s). */
    private ObjectNode getActivityTask(ApiRequest r) {
        String arn = r.activityArn("activityArn");
        String worker = r.string("workerName", NAME_MAX);
        Activities.ActivityTask task;
        try {
            task = engine.activities().poll(arn, worker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("ServiceUnavailable", "The local Step Functions endpoint is shutting down");
        }
        if (task == null) return Json.object();
        return Json.object().put("taskToken", task.taskToken()).put("input", Json.write(task.input()));
    }

    private ObjectNode startSyncExecution(ApiRequest r) {
        ApiRequest.StartTarget target = r.startTarget("stateMachineArn");
        String arn = target.stateMachineArn();
        String name = r.string("name", NAME_MAX);
        String inputText = r.string("input", PAYLOAD_MAX);
        r.string("traceHeader", 256);
        boolean withData = !"METADATA_ONLY".equals(r.enumValue("includedData", Set.of("ALL_DATA", "METADATA_ONLY")));
        JsonNode input = inputText == null ? Json.object() : parsePayload(inputText, "InvalidExecutionInput",
                "Invalid State Machine Execution Input: ", "input");
        Execution e;
        try {
            e = engine.startSyncExecution(arn, name, input, target.testCase());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new EngineException("ServiceUnavailable", "The local Step Functions endpoint is shutting down");
        }
        ObjectNode out = Json.object()
                .put("executionArn", e.arn())
                .put("stateMachineArn", e.stateMachine().arn())
                .put("name", e.name())
                .put("startDate", epochSeconds(e.startDate()))
                .put("stopDate", epochSeconds(e.stopDate()))
                .put("status", e.status().name());
        if (e.error() != null) out.put("error", e.error());
        if (e.cause() != null) out.put("cause", e.cause());
        if (withData) {
            out.put("input", Json.write(e.input()));
            out.set("inputDetails", Json.object().put("included", true));
            if (e.output() != null) {
                out.put("output", Json.write(e.output()));
                out.set("outputDetails", Json.object().put("included", true));
            }
        }
        long millis = java.time.Duration.between(e.startDate(), e.stopDate()).toMillis();
        // billed as AWS bills EXPRESS: 64 MB and whole 100 ms
        out.set("billingDetails", Json.object().put("billedMemoryUsedInMB", 64).put("billedDurationInMilliseconds", Math.max(100, (millis + 99) / 100 * 100)));
        return out;
    }

    // ---------------------------------------------------------------- map runs

    private ObjectNode listMapRuns(ApiRequest r) {
        String arn = r.executionArn("executionArn");
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("mapRuns");
        for (MapRun run : page(r, "ListMapRuns\n" + arn, engine.mapRuns(arn), MapRun::arn, out)) {
            ObjectNode item = Json.object().put("executionArn", run.executionArn()).put("mapRunArn", run.arn())
                    .put("stateMachineArn", run.stateMachineArn()).put("startDate", epochSeconds(run.startDate()));
            if (run.stopDate() != null) item.put("stopDate", epochSeconds(run.stopDate()));
            items.add(item);
        }
        return out;
    }

    private ObjectNode describeMapRun(ApiRequest r) {
        MapRun run = engine.mapRun(r.mapRunArn("mapRunArn"));
        ObjectNode out = Json.object().put("mapRunArn", run.arn()).put("executionArn", run.executionArn())
                .put("status", run.status()).put("startDate", epochSeconds(run.startDate()));
        if (run.stopDate() != null) out.put("stopDate", epochSeconds(run.stopDate()));
        out.put("maxConcurrency", run.maxConcurrency());
        Double pct = run.toleratedFailurePercentage();
        Long count = run.toleratedFailureCount();
        out.put("toleratedFailurePercentage", pct == null ? 0.0 : pct);
        out.put("toleratedFailureCount", count == null ? 0 : count);
        // the children are counted once each: as items, and as the child executions that ran them
        ObjectNode counts = Json.object().put("pending", run.pending()).put("running", run.running()).put("succeeded", run.succeeded())
                .put("failed", run.failed()).put("timedOut", 0).put("aborted", 0).put("total", run.total())
                .put("resultsWritten", run.succeeded() + run.failed()).put("failuresNotRedrivable", 0).put("pendingRedrive", 0);
        out.set("itemCounts", counts);
        out.set("executionCounts", counts.deepCopy());
        out.put("redriveCount", run.redriveCount());
        if (run.redriveDate() != null) out.put("redriveDate", epochSeconds(run.redriveDate()));
        return out;
    }

    private ObjectNode updateMapRun(ApiRequest r) {
        String arn = r.mapRunArn("mapRunArn");
        Integer maxConcurrency = r.has("maxConcurrency") ? r.integer("maxConcurrency", 0, 0, 10_000) : null;
        Long count = r.has("toleratedFailureCount") ? (long) r.integer("toleratedFailureCount", 0, 0, Integer.MAX_VALUE) : null;
        Double pct = null;
        if (r.has("toleratedFailurePercentage")) {
            JsonNode v = r.node("toleratedFailurePercentage");
            if (!v.isNumber()) throw new EngineException("SerializationException", "Member 'toleratedFailurePercentage' must be a JSON number, got " + v);
            pct = v.doubleValue();
            if (pct < 0 || pct > 100) throw ApiRequest.validation(v.toString(), "toleratedFailurePercentage", "Member must have value between 0 and 100");
        }
        if (maxConcurrency == null && count == null && pct == null) {
            throw new EngineException("ValidationException", "Give at least one of maxConcurrency, toleratedFailureCount and toleratedFailurePercentage");
        }
        MapRun run = engine.mapRun(arn);
        if (!run.status().equals("RUNNING")) {
            throw new EngineException("ValidationException", "Map Run '" + arn + "' is " + run.status() + "; only a running Map Run can be updated");
        }
        run.update(maxConcurrency, count, pct);
        return Json.object();
    }

    // ---------------------------------------------------------------- TestState

    private ObjectNode testState(ApiRequest r) {
        String definition = r.requiredString("definition", DEFINITION_MAX);
        String roleArn = r.roleArn(false);
        String inputText = r.string("input", PAYLOAD_MAX);
        String level = r.enumValue("inspectionLevel", Set.of("INFO", "DEBUG", "TRACE"));
        r.bool("revealSecrets", false);
        String variablesText = r.string("variables", PAYLOAD_MAX);
        String stateName = r.string("stateName", NAME_MAX);
        JsonNode input = inputText == null ? null : parsePayload(inputText, "InvalidExecutionInput", "Invalid Input: ", "input");
        ObjectNode variables = null;
        if (variablesText != null) {
            if (!(parsePayload(variablesText, "ValidationException", "Invalid variables: ", "variables") instanceof ObjectNode v)) {
                throw new EngineException("ValidationException", "variables must be a JSON object of variable names to values");
            }
            variables = v;
        }
        JsonNode mockResult = null;
        StatesError mockError = null;
        JsonNode mock = r.node("mock");
        if (mock != null && !mock.isNull()) {
            JsonNode result = mock.get("result");
            JsonNode errorOutput = mock.get("errorOutput");
            if ((result == null) == (errorOutput == null)) {
                throw new EngineException("ValidationException", "mock must have exactly one of result and errorOutput");
            }
            if (result != null) {
                if (!result.isTextual()) throw new EngineException("SerializationException", "Member 'mock.result' must be a JSON string");
                mockResult = parsePayload(result.textValue(), "ValidationException", "Invalid mock: ", "mock.result");
            } else {
                mockError = new StatesError(errorOutput.path("error").asText(""), errorOutput.path("cause").asText(null));
            }
        }
        StateTester.Result result;
        try {
            result = StateTester.run(engine, new StateTester.Request(definition, stateName, input, variables, roleArn, mockResult, mockError));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("ServiceUnavailable", "The local Step Functions endpoint is shutting down");
        }
        ObjectNode out = Json.object();
        if (result.output() != null) out.put("output", Json.write(result.output()));
        if (result.error() != null) out.put("error", result.error());
        if (result.cause() != null) out.put("cause", result.cause());
        if (level != null && !level.equals("INFO")) out.set("inspectionData", result.inspectionData());
        if (result.nextState() != null) out.put("nextState", result.nextState());
        out.put("status", result.status());
        return out;
    }

    // ---------------------------------------------------------------- tags

    /** The resource a tag action names: a state machine or an activity of this engine (ResourceNotFound otherwise). */
    private String taggable(ApiRequest r) {
        String arn = r.requiredString("resourceArn", ApiRequest.ARN_MAX);
        String[] p = arn.split(":", -1);
        if (p.length < 7 || !p[0].equals("arn") || !p[2].equals("states")) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn + "' (resourceArn must be a state machine or activity ARN)");
        }
        boolean exists = p.length == 7 && switch (p[5]) {
            case "stateMachine" -> engine.stateMachines().stream().anyMatch(sm -> sm.arn().equals(arn));
            case "activity" -> engine.activities().exists(arn);
            default -> false;
        };
        if (!exists) {
            throw new EngineException("ResourceNotFound", "Resource not found: '" + arn
                    + "' (tags are kept on state machines and activities that exist)");
        }
        return arn;
    }

    private ObjectNode tagResource(ApiRequest r) {
        String arn = taggable(r);
        if (!r.has("tags")) throw ApiRequest.validation("null", "tags", "Member must not be null");
        tags.tag(arn, ResourceTags.read(r.node("tags"), "tags"));
        return Json.object();
    }

    private ObjectNode untagResource(ApiRequest r) {
        String arn = taggable(r);
        if (!r.has("tagKeys")) throw ApiRequest.validation("null", "tagKeys", "Member must not be null");
        tags.untag(arn, r.stringList("tagKeys", 128));
        return Json.object();
    }

    private ObjectNode listTagsForResource(ApiRequest r) {
        String arn = taggable(r);
        ObjectNode out = Json.object();
        out.set("tags", tags.list(arn));
        return out;
    }

    private ObjectNode listStateMachines(ApiRequest r) {
        int size = r.pageSize();
        String after = PageToken.position(r.string("nextToken", PAGE_TOKEN_MAX), "ListStateMachines");
        // sorted by name, so the name of the next entry marks where the next page starts
        List<StateMachine> all = engine.stateMachines().stream().filter(sm -> after == null || sm.name().compareTo(after) >= 0).toList();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (StateMachine sm : all.subList(0, Math.min(size, all.size()))) {
            items.add(Json.object().put("stateMachineArn", sm.arn()).put("name", sm.name()).put("type", sm.type())
                    .put("creationDate", epochSeconds(sm.creationDate())));
        }
        ObjectNode out = Json.object();
        out.set("stateMachines", items);
        if (all.size() > size) out.put("nextToken", PageToken.of("ListStateMachines", all.get(size).name()));
        return out;
    }

    private ObjectNode validateStateMachineDefinition(ApiRequest r) {
        String definition = r.requiredString("definition", DEFINITION_MAX);
        boolean express = "EXPRESS".equals(r.enumValue("type", Set.of("STANDARD", "EXPRESS")));
        boolean warnings = "WARNING".equals(r.enumValue("severity", Set.of("ERROR", "WARNING")));
        int max = r.pageSize(DIAGNOSTICS_MAX);
        List<DefinitionDiagnostics.Diagnostic> all = DefinitionDiagnostics.of(definition, express).stream()
                .filter(d -> warnings || d.isError()).toList();
        ArrayNode diagnostics = Json.MAPPER.createArrayNode();
        for (DefinitionDiagnostics.Diagnostic d : all.subList(0, Math.min(max, all.size()))) {
            diagnostics.add(Json.object().put("severity", d.severity()).put("code", d.code()).put("message", d.message())
                    .put("location", d.location()));
        }
        ObjectNode out = Json.object().put("result", all.stream().anyMatch(DefinitionDiagnostics.Diagnostic::isError) ? "FAIL" : "OK");
        out.set("diagnostics", diagnostics);
        out.put("truncated", all.size() > max);
        return out;
    }

    // ---------------------------------------------------------------- executions

    private ObjectNode startExecution(ApiRequest r) {
        ApiRequest.StartTarget target = r.startTarget("stateMachineArn");
        String name = r.string("name", NAME_MAX);
        String inputText = r.string("input", PAYLOAD_MAX);
        JsonNode input = inputText == null ? Json.object() : parsePayload(inputText, "InvalidExecutionInput",
                "Invalid State Machine Execution Input: ", "input");
        Execution e = engine.startExecution(target.stateMachineArn(), name, input, target.testCase());
        return Json.object().put("executionArn", e.arn()).put("startDate", epochSeconds(e.startDate()));
    }

    private ObjectNode describeExecution(ApiRequest r) {
        Execution e = engine.execution(r.executionArn("executionArn"));
        boolean withData = !"METADATA_ONLY".equals(r.enumValue("includedData", Set.of("ALL_DATA", "METADATA_ONLY")));
        ObjectNode out = Json.object()
                .put("executionArn", e.arn())
                .put("stateMachineArn", e.stateMachine().arn())
                .put("name", e.name());
        if (e.versionArn() != null) out.put("stateMachineVersionArn", e.versionArn());
        if (e.aliasArn() != null) out.put("stateMachineAliasArn", e.aliasArn());
        // one consistent view: status, outcome and stop date are changed together under the execution's lock
        synchronized (e) {
            out.put("status", e.status().name());
            out.put("startDate", epochSeconds(e.startDate()));
            if (e.stopDate() != null) out.put("stopDate", epochSeconds(e.stopDate()));
            if (withData) {
                out.put("input", Json.write(e.input()));
                out.set("inputDetails", Json.object().put("included", true));
                if (e.status() == ExecutionStatus.SUCCEEDED && e.output() != null) {
                    out.put("output", Json.write(e.output()));
                    out.set("outputDetails", Json.object().put("included", true));
                }
            }
            if (e.error() != null) out.put("error", e.error());
            if (e.cause() != null) out.put("cause", e.cause());
            out.put("redriveCount", e.redriveCount());
            if (e.redriveDate() != null) out.put("redriveDate", epochSeconds(e.redriveDate()));
            String notRedrivable = e.notRedrivableReason();
            out.put("redriveStatus", notRedrivable == null ? "REDRIVABLE" : "NOT_REDRIVABLE");
            if (notRedrivable != null) out.put("redriveStatusReason", notRedrivable);
        }
        return out;
    }

    private ObjectNode getExecutionHistory(ApiRequest r) {
        String arn = r.executionArn("executionArn");
        int size = r.pageSize();
        boolean reverse = r.bool("reverseOrder", false);
        boolean withData = r.bool("includeExecutionData", true);
        String token = r.string("nextToken", PAGE_TOKEN_MAX);
        Execution e = engine.execution(arn);
        List<HistoryEvent> events = e.history().events();
        // the token holds the id of the next event, so events appended meanwhile neither shift nor repeat a page
        String listing = "GetExecutionHistory\n" + arn + "\n" + (reverse ? "reverse" : "forward");
        String position = PageToken.position(token, listing);
        long next = position == null ? (reverse ? events.size() : 1) : parseId(position, token);
        if (position != null && (next < 1 || next > events.size())) throw PageToken.invalid(token);
        ArrayNode page = Json.MAPPER.createArrayNode();
        long id = next;
        for (; id >= 1 && id <= events.size() && page.size() < size; id += reverse ? -1 : 1) {
            ObjectNode event = events.get((int) id - 1).toAws();
            if (!withData) withoutPayloads(event);
            page.add(event);
        }
        ObjectNode out = Json.object();
        out.set("events", page);
        if (id >= 1 && id <= events.size()) out.put("nextToken", PageToken.of(listing, Long.toString(id)));
        return out;
    }

    private static long parseId(String position, String token) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException ex) {
            throw PageToken.invalid(token);
        }
    }

    private static void withoutPayloads(ObjectNode event) {
        for (var it = event.properties().iterator(); it.hasNext(); ) {
            JsonNode details = it.next().getValue();
            if (details instanceof ObjectNode d) d.remove(PAYLOAD_MEMBERS);
        }
    }

    private ObjectNode listExecutions(ApiRequest r) {
        String arn = r.stateMachineArn("stateMachineArn", false);
        String mapRunArn = r.string("mapRunArn", 2000);
        String status = r.enumValue("statusFilter", STATUSES);
        String redriveFilter = r.enumValue("redriveFilter", Set.of("REDRIVEN", "NOT_REDRIVEN"));
        int size = r.pageSize();
        String token = r.string("nextToken", EXECUTIONS_PAGE_TOKEN_MAX);
        if (arn != null && mapRunArn != null) {
            throw new EngineException("ValidationException", "Give either stateMachineArn or mapRunArn, not both");
        }
        if (mapRunArn != null) {
            throw new EngineException("ResourceNotFound", "Map Run Does Not Exist: '" + mapRunArn
                    + "' (this local engine lists the executions of state machines only)");
        }
        if (arn == null) {
            throw new EngineException("ValidationException", "Must provide a StateMachine ARN or MapRun ARN: stateMachineArn is missing");
        }
        if ("PENDING_REDRIVE".equals(status)) {
            throw new EngineException("ValidationException", "statusFilter PENDING_REDRIVE is only valid with a mapRunArn, not with a stateMachineArn");
        }
        if ("EXPRESS".equals(engine.stateMachine(Engine.unqualified(arn)).type())) {
            throw new EngineException("StateMachineTypeNotSupported", "ListExecutions lists STANDARD executions only; '" + arn
                    + "' is EXPRESS, whose executions are not kept");
        }
        String listing = "ListExecutions\n" + arn;
        String position = PageToken.position(token, listing);
        Execution from = position == null ? null : executionAt(position, token);
        List<Execution> all = engine.executions(arn).stream()
                .filter(e -> status == null || e.status().name().equals(status))
                .filter(e -> redriveFilter == null || (e.redriveCount() > 0) == redriveFilter.equals("REDRIVEN"))
                .sorted(NEWEST_FIRST)
                .filter(e -> from == null || NEWEST_FIRST.compare(e, from) >= 0)
                .toList();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Execution e : all.subList(0, Math.min(size, all.size()))) {
            ObjectNode item = Json.object()
                    .put("executionArn", e.arn())
                    .put("stateMachineArn", e.stateMachine().arn())
                    .put("name", e.name())
                    .put("status", e.status().name())
                    .put("startDate", epochSeconds(e.startDate()));
            if (e.versionArn() != null) item.put("stateMachineVersionArn", e.versionArn());
            if (e.aliasArn() != null) item.put("stateMachineAliasArn", e.aliasArn());
            Instant stop = e.stopDate();
            if (stop != null) item.put("stopDate", epochSeconds(stop));
            item.put("redriveCount", e.redriveCount());
            if (e.redriveDate() != null) item.put("redriveDate", epochSeconds(e.redriveDate()));
            items.add(item);
        }
        ObjectNode out = Json.object();
        out.set("executions", items);
        if (all.size() > size) out.put("nextToken", PageToken.of(listing, all.get(size).arn()));
        return out;
    }

    /** The execution a ListExecutions token points at; gone (forgotten by retention) is an invalid token. */
    private Execution executionAt(String arn, String token) {
        try {
            return engine.execution(arn);
        } catch (EngineException e) {
            throw PageToken.invalid(token);
        }
    }

    private ObjectNode stopExecution(ApiRequest r) {
        String arn = r.executionArn("executionArn");
        String error = r.string("error", ERROR_MAX);
        String cause = r.string("cause", CAUSE_MAX);
        engine.stopExecution(arn, error, cause);
        Instant stop = engine.execution(arn).stopDate();
        return Json.object().put("stopDate", epochSeconds(stop == null ? Instant.now() : stop));
    }

    private ObjectNode redriveExecution(ApiRequest r) {
        String arn = r.executionArn("executionArn");
        r.string("clientToken", 64);
        Execution e = engine.redriveExecution(arn);
        Instant redriven = e.redriveDate();
        return Json.object().put("redriveDate", epochSeconds(redriven == null ? Instant.now() : redriven));
    }

    // ---------------------------------------------------------------- task tokens

    private ObjectNode sendTaskSuccess(ApiRequest r) {
        String token = r.requiredString("taskToken", TOKEN_MAX);
        String output = r.requiredString("output", PAYLOAD_MAX);
        JsonNode result = parsePayload(output, "InvalidOutput", "Invalid Output: ", "output");
        try {
            engine.sendTaskSuccess(token, result);
        } catch (TaskTokens.UnknownTokenException e) {
            throw new EngineException(e.errorCode(), e.getMessage());
        }
        return Json.object();
    }

    private ObjectNode sendTaskFailure(ApiRequest r) {
        String token = r.requiredString("taskToken", TOKEN_MAX);
        String error = r.string("error", ERROR_MAX);
        String cause = r.string("cause", CAUSE_MAX);
        try {
            engine.sendTaskFailure(token, error, cause);
        } catch (TaskTokens.UnknownTokenException e) {
            throw new EngineException(e.errorCode(), e.getMessage());
        }
        return Json.object();
    }

    private ObjectNode sendTaskHeartbeat(ApiRequest r) {
        String token = r.requiredString("taskToken", TOKEN_MAX);
        try {
            engine.sendTaskHeartbeat(token);
        } catch (TaskTokens.UnknownTokenException e) {
            throw new EngineException(e.errorCode(), e.getMessage());
        }
        return Json.object();
    }

    // ---------------------------------------------------------------- shapes

    private static JsonNode parsePayload(String text, String errorCode, String prefix, String member) {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new EngineException(errorCode, prefix + "'" + member + "' is not valid JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new EngineException(errorCode, prefix + "'" + member + "' is empty; give JSON text, e.g. {}");
        }
        return node;
    }

    /** AWS's JSON protocol timestamp: epoch seconds, with the milliseconds as a fraction. */
    static BigDecimal epochSeconds(Instant instant) {
        return new BigDecimal(instant.toEpochMilli()).movePointLeft(3);
    }
}
