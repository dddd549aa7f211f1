package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the typed {@link LocalTemplate} from a template's resources, naming what is not emulated. */
final class TemplateModel {
    private final TemplateSource source;
    private final JsonNode root;
    private final Map<String, Intrinsics.Declared> resources;
    private final Intrinsics intrinsics;
    private final Map<String, String> parameters;
    private final List<String> problems = new ArrayList<>();

    private final List<LocalTemplate.Function> functions = new ArrayList<>();
    private final List<LocalTemplate.StateMachine> stateMachines = new ArrayList<>();
    private final List<LocalTemplate.Bucket> buckets = new ArrayList<>();
    private final List<LocalTemplate.Table> tables = new ArrayList<>();
    private final List<LocalTemplate.Secret> secrets = new ArrayList<>();
    private final List<LocalTemplate.Schedule> schedules = new ArrayList<>();
    private final List<LocalTemplate.EventBus> eventBuses = new ArrayList<>();
    private final List<LocalTemplate.EventRule> eventRules = new ArrayList<>();
    private final List<LocalTemplate.HttpRoute> routes = new ArrayList<>();
    private final List<LocalTemplate.S3Subscription> subscriptions = new ArrayList<>();
    private final List<LocalTemplate.NotEmulated> notEmulated = new ArrayList<>();
    private final List<String> wired = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<LocalTemplate.NotEmulated> absent = new ArrayList<>();
    private final boolean leaveOutAbsent;
    private final IamModel iam;

    TemplateModel(TemplateSource source, JsonNode root, Map<String, Intrinsics.Declared> resources, Intrinsics intrinsics,
            Map<String, String> parameters, boolean leaveOutAbsent) {
        this.source = source;
        this.root = root;
        this.resources = resources;
        this.intrinsics = intrinsics;
        this.parameters = parameters;
        this.leaveOutAbsent = leaveOutAbsent;
        this.iam = new IamModel(intrinsics);
    }

    LocalTemplate build() {
        for (var e : resources.entrySet()) {
            String id = e.getKey();
            String type = e.getValue().type();
            try {
                String condition = root.path("Resources").path(id).path("Condition").asText(null);
                if (condition != null && !intrinsics.condition(condition, "Resources." + id + ".Condition")) {
                    skipped.add(id);
                    continue;
                }
                int before = notEmulated.size();
                int absentBefore = absent.size();
                resource(id, type, e.getValue().properties());
                if (absent.size() == absentBefore && (notEmulated.size() == before || !notEmulated.get(before).where().equals(id))) {
                    wired.add(id);
                }
            } catch (Intrinsics.Problem p) {
                problems.add(p.getMessage());
            }
        }
        problems.addAll(0, intrinsics.problems());
        if (!problems.isEmpty()) throw new TemplateException(source.file().toString(), problems);
        return new LocalTemplate(source.file(), intrinsics.ids().stack(), parameters, functions, stateMachines, buckets,
                tables, secrets, schedules, routes, subscriptions, notEmulated, wired, skipped, absent, iam.build(), eventBuses, eventRules);
    }

    private void resource(String id, String type, JsonNode raw) {
        switch (type) {
            case "AWS::Serverless::Function" -> function(id, properties(id, raw), raw.path("Metadata"));
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> stateMachine(id, type, properties(id, raw));
            case "AWS::S3::Bucket" -> bucket(id, properties(id, raw));
            case "AWS::DynamoDB::Table" -> tables.add(new LocalTemplate.Table(id, name(id), properties(id, raw)));
            case "AWS::Serverless::SimpleTable" -> simpleTable(id, properties(id, raw));
            case "AWS::SecretsManager::Secret" -> secret(id, properties(id, raw));
            case "AWS::Scheduler::Schedule" -> schedulerSchedule(id, properties(id, raw));
            case "AWS::Events::Rule" -> eventsRule(id, properties(id, raw));
            case "AWS::Events::EventBus" -> eventBus(id, properties(id, raw));
            case "AWS::Events::EventBusPolicy" -> iam.eventBusPolicy(id, properties(id, raw), this::busArn);
            // Containers of what is emulated: their routes come from the functions' events, schedules are named by group.
            case "AWS::Serverless::HttpApi", "AWS::Scheduler::ScheduleGroup" -> properties(id, raw);
            // Enforced on every call through the local endpoint (the dev.controlplane.local.iam package).
            case "AWS::IAM::Role" -> iam.role(id, properties(id, raw));
            case "AWS::IAM::ManagedPolicy" -> iam.managedPolicy(id, properties(id, raw));
            case "AWS::S3::BucketPolicy" -> iam.bucketPolicy(id, properties(id, raw));
            case "AWS::KMS::Key" -> {
                // its policy decides whether S3 may use it for the caller; nothing is encrypted locally
                iam.key(id, properties(id, raw));
                notEmulated.add(new LocalTemplate.NotEmulated(id, type, NotEmulatedReasons.of(type)));
            }
            default -> notEmulated.add(new LocalTemplate.NotEmulated(id, type, NotEmulatedReasons.of(type)));
        }
    }

    private JsonNode properties(String id, JsonNode raw) {
        return intrinsics.eval(raw, "Resources." + id + ".Properties");
    }

    private String name(String id) {
        return intrinsics.name(id, "Resources." + id);
    }

    // ---------------------------------------------------------------- functions

    private void function(String id, JsonNode p, JsonNode metadata) {
        String where = "Resources." + id + ".Properties";
        String runtime = p.path("Runtime").asText("");
        if (p.path("PackageType").asText("Zip").equals("Image") || !runtime.startsWith("java")) {
            notEmulated.add(new LocalTemplate.NotEmulated(id, "AWS::Serverless::Function", "runtime '" + runtime
                    + "' cannot run in-process in the local runtime's JVM (only java* runtimes with a Handler class do)"));
            return;
        }
        String handler = Intrinsics.text(p.get("Handler"), where + ".Handler", "a handler such as pkg.Class::handleRequest");
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        Map<String, String> environment = new LinkedHashMap<>();
        for (var it = p.path("Environment").path("Variables").properties().iterator(); it.hasNext(); ) {
            var v = it.next();
            environment.put(v.getKey(), Intrinsics.text(v.getValue(), where + ".Environment.Variables." + v.getKey(), "a string"));
        }
        String name = name(id);
        String alias = p.path("AutoPublishAlias").asText(null);
        String arn = intrinsics.ids().functionArn(name);
        iam.function(id, p);
        LocalTemplate.Function function = new LocalTemplate.Function(id, name, arn, runtime, handlerClass, method,
                p.path("MemorySize").asInt(128), p.path("Timeout").asInt(3), environment, alias, packageDirectory(metadata));
        functions.add(function);
        String targetArn = alias == null ? arn : arn + ":" + alias;
        for (var it = p.path("Events").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            functionEvent(id, function, targetArn, e.getKey(), e.getValue());
        }
    }

    /**
     * Where sam build's makefile method leaves the function's package: the Makefile of {@code Metadata.ContextPath}
     * builds it into that folder's {@code target/package} (functions/packages/build). Null for a function built
     * another way, which is then served from the runtime's own class path.
     */
    private Path packageDirectory(JsonNode metadata) {
        if (!metadata.path("BuildMethod").asText("").equals("makefile") || !metadata.path("ContextPath").isTextual()) return null;
        return source.directory().resolve(metadata.path("ContextPath").asText()).resolve("target").resolve("package").normalize();
    }

    private void functionEvent(String id, LocalTemplate.Function function, String targetArn, String eventId, JsonNode event) {
        String type = event.path("Type").asText("");
        JsonNode p = event.path("Properties");
        String where = id + ".Events." + eventId;
        switch (type) {
            case "S3" -> {
                List<String> kinds = new ArrayList<>();
                if (p.path("Events").isArray()) p.path("Events").forEach(k -> kinds.add(k.asText()));
                else kinds.add(Intrinsics.text(p.get("Events"), "Resources." + where + ".Properties.Events", "an S3 event type"));
                String[] filter = s3KeyFilter(p.path("Filter"));
                subscriptions.add(new LocalTemplate.S3Subscription(eventId, Intrinsics.text(p.get("Bucket"),
                        "Resources." + where + ".Properties.Bucket", "a bucket (Ref of a bucket of the template)"),
                        kinds, filter[0], filter[1], function.name()));
            }
            case "HttpApi" -> {
                if (p.path("PayloadFormatVersion").asText("2.0").equals("1.0")) {
                    notEmulated.add(new LocalTemplate.NotEmulated(where, "HttpApi event", "payload format 1.0 is not served; the local HTTP API delivers format 2.0"));
                    return;
                }
                String apiId = p.has("ApiId") ? p.get("ApiId").asText() : intrinsics.ids().apiId("ServerlessHttpApi");
                String path = p.path("Path").asText("$default");
                String method = p.path("Method").asText(path.equals("$default") ? "ANY" : "ANY").toUpperCase(java.util.Locale.ROOT);
                routes.add(new LocalTemplate.HttpRoute(apiId, where, method, path, function.name()));
            }
            case "Schedule" -> schedules.add(new LocalTemplate.Schedule(where, p.path("Name").asText(where),
                    Intrinsics.text(p.get("Schedule"), "Resources." + where + ".Properties.Schedule", "a cron(...) or rate(...) expression"),
                    "UTC", enabled(p), LocalTemplate.TargetKind.FUNCTION, targetArn, input(p), true, null));
            case "ScheduleV2" -> schedules.add(new LocalTemplate.Schedule(where, p.path("Name").asText(where),
                    Intrinsics.text(p.get("ScheduleExpression"), "Resources." + where + ".Properties.ScheduleExpression", "a cron(...), rate(...) or at(...) expression"),
                    p.path("ScheduleExpressionTimezone").asText("UTC"), enabled(p), LocalTemplate.TargetKind.FUNCTION,
                    targetArn, input(p), false, null));
            default -> notEmulated.add(new LocalTemplate.NotEmulated(where, type + " event",
                    "only S3, HttpApi, Schedule and ScheduleV2 events are delivered locally"));
        }
    }

    /** [prefix, suffix] of a Filter.S3Key.Rules list. */
    private static String[] s3KeyFilter(JsonNode filter) {
        String prefix = "";
        String suffix = "";
        for (JsonNode rule : filter.path("S3Key").path("Rules")) {
            String n = rule.path("Name").asText("").toLowerCase(java.util.Locale.ROOT);
            if (n.equals("prefix")) prefix = rule.path("Value").asText("");
            if (n.equals("suffix")) suffix = rule.path("Value").asText("");
        }
        return new String[] {prefix, suffix};
    }

    private static boolean enabled(JsonNode p) {
        if (p.has("Enabled")) return p.get("Enabled").asBoolean(true);
        return !p.path("State").asText("ENABLED").equalsIgnoreCase("DISABLED");
    }

    private static String input(JsonNode p) {
        JsonNode input = p.get("Input");
        if (input == null || input.isNull()) return null;
        return input.isTextual() ? input.asText() : input.toString();
    }

    // ---------------------------------------------------------------- state machines

    private void stateMachine(String id, String type, JsonNode p) {
        String where = "Resources." + id + ".Properties";
        String definition;
        Path file = null;
        if (p.has("Definition")) {
            definition = p.get("Definition").toString();
        } else if (p.has("DefinitionString")) {
            definition = Intrinsics.text(p.get("DefinitionString"), where + ".DefinitionString", "the definition as a string");
        } else if (p.path("DefinitionUri").isTextual()) {
            file = source.directory().resolve(p.get("DefinitionUri").asText()).normalize();
            if (leaveOutAbsent && !Files.exists(file)) {
                absent.add(new LocalTemplate.NotEmulated(id, type, "its definition " + p.get("DefinitionUri").asText()
                        + " is not in this checkout"));
                return;
            }
            try {
                definition = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Intrinsics.Problem(where + ".DefinitionUri", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new Intrinsics.Problem(where, "needs Definition, DefinitionString or DefinitionUri (a file path;"
                    + " an S3 location cannot be read locally)");
        }
        for (var it = p.path("DefinitionSubstitutions").properties().iterator(); it.hasNext(); ) {
            var s = it.next();
            String value = Intrinsics.text(s.getValue(), where + ".DefinitionSubstitutions." + s.getKey(), "a string");
            definition = definition.replace("${" + s.getKey() + "}", value);
        }
        String name = name(id);
        String machineType = p.path(type.equals("AWS::Serverless::StateMachine") ? "Type" : "StateMachineType").asText("STANDARD");
        if (machineType.equals("EXPRESS")) {
            notEmulated.add(new LocalTemplate.NotEmulated(id + ".Type", "EXPRESS", "runs as a STANDARD state machine locally"));
        }
        String arn = intrinsics.ids().arn(type, name, p);
        if (type.equals("AWS::Serverless::StateMachine")) iam.serverlessStateMachine(id, p);
        else iam.stateMachine(id, p);
        stateMachines.add(new LocalTemplate.StateMachine(id, name, arn, machineType, definition, file));
        for (var it = p.path("Events").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            String eventWhere = id + ".Events." + e.getKey();
            JsonNode ep = e.getValue().path("Properties");
            switch (e.getValue().path("Type").asText("")) {
                case "Schedule" -> schedules.add(new LocalTemplate.Schedule(eventWhere, ep.path("Name").asText(eventWhere),
                        Intrinsics.text(ep.get("Schedule"), "Resources." + eventWhere + ".Properties.Schedule", "a cron(...) or rate(...) expression"),
                        "UTC", enabled(ep), LocalTemplate.TargetKind.STATE_MACHINE, arn, input(ep), true, null));
                case "ScheduleV2" -> schedules.add(new LocalTemplate.Schedule(eventWhere, ep.path("Name").asText(eventWhere),
                        Intrinsics.text(ep.get("ScheduleExpression"), "Resources." + eventWhere + ".Properties.ScheduleExpression", "a schedule expression"),
                        ep.path("ScheduleExpressionTimezone").asText("UTC"), enabled(ep), LocalTemplate.TargetKind.STATE_MACHINE,
                        arn, input(ep), false, null));
                default -> notEmulated.add(new LocalTemplate.NotEmulated(eventWhere, e.getValue().path("Type").asText("") + " event",
                        "only Schedule and ScheduleV2 events of state machines are delivered locally"));
            }
        }
    }

    // ---------------------------------------------------------------- storage and secrets

    private void bucket(String id, JsonNode p) {
        String name = name(id);
        iam.bucket(name, p);
        buckets.add(new LocalTemplate.Bucket(id, name, p.path("VersioningConfiguration").path("Status").asText("").equals("Enabled")));
        JsonNode notifications = p.path("NotificationConfiguration");
        int i = 0;
        for (JsonNode c : notifications.path("LambdaConfigurations")) {
            String[] filter = s3KeyFilter(c.path("Filter"));
            String function = LocalTemplate.functionName(Intrinsics.text(c.get("Function"),
                    "Resources." + id + ".Properties.NotificationConfiguration.LambdaConfigurations[" + i + "].Function", "a function ARN"));
            subscriptions.add(new LocalTemplate.S3Subscription(id + ".LambdaConfigurations[" + i + "]", name,
                    List.of(c.path("Event").asText()), filter[0], filter[1], function));
            i++;
        }
        if (p.has("LifecycleConfiguration")) {
            notEmulated.add(new LocalTemplate.NotEmulated(id + ".LifecycleConfiguration", "S3 lifecycle rules",
                    "nothing expires locally: objects and incomplete multipart uploads the rules would remove stay"));
        }
        for (String kind : List.of("QueueConfigurations", "TopicConfigurations", "EventBridgeConfiguration")) {
            if (notifications.has(kind)) {
                notEmulated.add(new LocalTemplate.NotEmulated(id + ".NotificationConfiguration." + kind, "S3 notification",
                        "only notifications to Lambda functions are delivered locally"));
            }
        }
    }

    private void simpleTable(String id, JsonNode p) {
        ObjectNode table = CfnYaml.NODES.objectNode();
        String key = p.path("PrimaryKey").path("Name").asText("id");
        String keyType = switch (p.path("PrimaryKey").path("Type").asText("String")) {
            case "Number" -> "N";
            case "Binary" -> "B";
            default -> "S";
        };
        ArrayNode attributes = table.putArray("AttributeDefinitions");
        attributes.addObject().put("AttributeName", key).put("AttributeType", keyType);
        table.putArray("KeySchema").addObject().put("AttributeName", key).put("KeyType", "HASH");
        table.put("BillingMode", "PAY_PER_REQUEST");
        tables.add(new LocalTemplate.Table(id, name(id), table));
    }

    private void secret(String id, JsonNode p) {
        String name = name(id);
        secrets.add(new LocalTemplate.Secret(id, name, intrinsics.ids().secretArn(name), p.path("Description").asText(null),
                p.has("SecretString") ? p.get("SecretString").asText() : null,
                p.has("GenerateSecretString") ? p.get("GenerateSecretString") : null));
    }

    // ---------------------------------------------------------------- schedules

    private void schedulerSchedule(String id, JsonNode p) {
        String where = "Resources." + id + ".Properties";
        String expression = Intrinsics.text(p.get("ScheduleExpression"), where + ".ScheduleExpression", "a cron(...), rate(...) or at(...) expression");
        JsonNode target = p.path("Target");
        String arn = Intrinsics.text(target.get("Arn"), where + ".Target.Arn", "the target's ARN");
        String input = input(target);
        if (arn.equals("arn:aws:scheduler:::aws-sdk:sfn:startExecution")) {
            JsonNode request = input == null ? CfnYaml.NODES.objectNode() : parseJson(input, where + ".Target.Input");
            arn = Intrinsics.text(request.get("StateMachineArn"), where + ".Target.Input.StateMachineArn", "the state machine ARN");
            input = request.has("Input") ? (request.get("Input").isTextual() ? request.get("Input").asText() : request.get("Input").toString()) : null;
        }
        LocalTemplate.TargetKind kind = targetKind(arn);
        if (kind == null) {
            notEmulated.add(new LocalTemplate.NotEmulated(id, "AWS::Scheduler::Schedule", "its target " + arn
                    + " is neither a state machine nor a Lambda function of this template"));
            return;
        }
        schedules.add(new LocalTemplate.Schedule(id, name(id), expression, p.path("ScheduleExpressionTimezone").asText("UTC"),
                !p.path("State").asText("ENABLED").equalsIgnoreCase("DISABLED"), kind, arn, input, false,
                target.path("RoleArn").asText(null)));
    }

    private void eventBus(String id, JsonNode p) {
        String name = Intrinsics.text(p.get("Name"), "Resources." + id + ".Properties.Name", "the bus name");
        String arn = busArn(name);
        eventBuses.add(new LocalTemplate.EventBus(id, name, arn));
        if (p.has("Policy")) {
            JsonNode policy = p.get("Policy").isTextual() ? parseJson(p.get("Policy").asText(), "Resources." + id + ".Properties.Policy") : p.get("Policy");
            iam.eventBusPolicy(id, arn, policy);
        }
    }

    /** The ARN of a bus named by name or ARN (a rule's or policy's EventBusName; the default bus when absent). */
    private String busArn(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) nameOrArn = "default";
        return nameOrArn.startsWith("arn:") ? nameOrArn : intrinsics.ids().arn("AWS::Events::EventBus", nameOrArn, null);
    }

    private void patternRule(String id, JsonNode p) {
        String where = "Resources." + id + ".Properties";
        JsonNode pattern = p.get("EventPattern");
        if (pattern.isTextual()) pattern = parseJson(pattern.asText(), where + ".EventPattern");
        if (!pattern.isObject()) throw new Intrinsics.Problem(where + ".EventPattern", "is not a JSON object");
        List<LocalTemplate.EventTarget> targets = new ArrayList<>();
        int i = 0;
        for (JsonNode target : p.path("Targets")) {
            String at = id + ".Targets[" + i++ + "]";
            String arn = target.path("Arn").asText("");
            LocalTemplate.TargetKind kind = targetKind(arn);
            if (kind == null) {
                notEmulated.add(new LocalTemplate.NotEmulated(at, "AWS::Events::Rule target", "target " + arn
                        + " is neither a state machine nor a Lambda function of this template"));
                continue;
            }
            if (target.has("InputTransformer")) {
                notEmulated.add(new LocalTemplate.NotEmulated(at + ".InputTransformer", "AWS::Events::Rule target",
                        "input transformers are not applied locally: the target is not sent events"));
                continue;
            }
            targets.add(new LocalTemplate.EventTarget(target.path("Id").asText(at), kind, arn, target.path("RoleArn").asText(null),
                    input(target), target.path("InputPath").asText(null)));
        }
        eventRules.add(new LocalTemplate.EventRule(id, name(id), busArn(p.path("EventBusName").asText(null)), pattern.toString(),
                !p.path("State").asText("ENABLED").equalsIgnoreCase("DISABLED"), targets));
    }

    private void eventsRule(String id, JsonNode p) {
        if (!p.has("ScheduleExpression")) {
            patternRule(id, p);
            return;
        }
        String expression = p.get("ScheduleExpression").asText();
        boolean enabled = !p.path("State").asText("ENABLED").equalsIgnoreCase("DISABLED");
        int i = 0;
        for (JsonNode target : p.path("Targets")) {
            String arn = target.path("Arn").asText("");
            LocalTemplate.TargetKind kind = targetKind(arn);
            String where = id + ".Targets[" + i++ + "]";
            if (kind == null) {
                notEmulated.add(new LocalTemplate.NotEmulated(where, "AWS::Events::Rule target", "target " + arn
                        + " is neither a state machine nor a Lambda function of this template"));
                continue;
            }
            schedules.add(new LocalTemplate.Schedule(where, name(id), expression, "UTC", enabled, kind, arn, input(target), true,
                    kind == LocalTemplate.TargetKind.STATE_MACHINE ? target.path("RoleArn").asText(null) : null));
        }
    }

    private static LocalTemplate.TargetKind targetKind(String arn) {
        if (arn.startsWith("arn:aws:states:") && arn.contains(":stateMachine:")) return LocalTemplate.TargetKind.STATE_MACHINE;
        if (arn.startsWith("arn:aws:lambda:") && arn.contains(":function:")) return LocalTemplate.TargetKind.FUNCTION;
        return null;
    }

    private static JsonNode parseJson(String text, String where) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new Intrinsics.Problem(where, "is not valid JSON: " + e.getMessage());
        }
    }
}
