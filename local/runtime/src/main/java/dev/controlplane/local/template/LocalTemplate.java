package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template resolved for the local runtime (parameters, conditions, Globals and intrinsic functions applied), as a
 * typed model of what {@code controlplane up} wires up, and the list of what it does not emulate, each named.
 *
 * @param wired the logical ids of the resources the local runtime emulates
 * @param skippedByCondition the logical ids of the resources whose Condition is false (not created, as in AWS)
 * @param absent what the template declares but this checkout does not have (a state machine's definition file, a
 *               function's handler class), left out when the runtime was asked to start without it; empty otherwise
 * @param iam the roles of the functions, state machines and schedules, and the resource policies, as deployed
 * @param eventBuses the EventBridge buses the template creates
 * @param eventRules the EventBridge rules that match events by pattern (schedule rules are {@link #schedules})
 */
public record LocalTemplate(Path file, StackContext stack, Map<String, String> parameters, List<Function> functions,
        List<StateMachine> stateMachines, List<Bucket> buckets, List<Table> tables, List<Secret> secrets,
        List<Schedule> schedules, List<HttpRoute> httpRoutes, List<S3Subscription> s3Subscriptions,
        List<NotEmulated> notEmulated, List<String> wired, List<String> skippedByCondition, List<NotEmulated> absent,
        Iam iam, List<EventBus> eventBuses, List<EventRule> eventRules) {

    public LocalTemplate {
        parameters = Map.copyOf(parameters);
        functions = List.copyOf(functions);
        stateMachines = List.copyOf(stateMachines);
        buckets = List.copyOf(buckets);
        tables = List.copyOf(tables);
        secrets = List.copyOf(secrets);
        schedules = List.copyOf(schedules);
        httpRoutes = List.copyOf(httpRoutes);
        s3Subscriptions = List.copyOf(s3Subscriptions);
        notEmulated = List.copyOf(notEmulated);
        wired = List.copyOf(wired);
        skippedByCondition = List.copyOf(skippedByCondition);
        absent = List.copyOf(absent);
        eventBuses = List.copyOf(eventBuses);
        eventRules = List.copyOf(eventRules);
    }

    /**
     * This template without the functions named (logical id to the reason they are absent), and without what cannot
     * work without them: their S3 notifications, HTTP routes and schedules, and the state machines whose definition
     * invokes one of them. Everything removed is listed in {@link #absent()}.
     */
    public LocalTemplate withoutFunctions(Map<String, String> reasons) {
        if (reasons.isEmpty()) return this;
        List<NotEmulated> gone = new ArrayList<>(absent);
        Set<String> names = new HashSet<>();
        for (Function f : functions) {
            if (reasons.containsKey(f.logicalId())) {
                names.add(f.name());
                gone.add(new NotEmulated(f.logicalId(), "AWS::Serverless::Function", reasons.get(f.logicalId())));
            }
        }
        List<StateMachine> machines = new ArrayList<>();
        for (StateMachine sm : stateMachines) {
            List<String> invoked = functions.stream().filter(f -> names.contains(f.name()) && invokes(sm.definition(), f.arn()))
                    .map(Function::logicalId).toList();
            if (invoked.isEmpty()) {
                machines.add(sm);
            } else {
                gone.add(new NotEmulated(sm.logicalId(), "AWS::Serverless::StateMachine", "it invokes " + String.join(", ", invoked)
                        + ", not in this checkout"));
            }
        }
        Set<String> left = new HashSet<>();
        gone.forEach(g -> left.add(g.where()));
        Set<String> machineArns = new HashSet<>();
        stateMachines.stream().filter(sm -> left.contains(sm.logicalId())).forEach(sm -> machineArns.add(sm.arn()));
        List<Schedule> keptSchedules = schedules.stream().filter(s -> s.targetKind() == TargetKind.FUNCTION
                ? !names.contains(functionName(s.targetArn())) : !machineArns.contains(s.targetArn())).toList();
        return new LocalTemplate(file, stack, parameters, functions.stream().filter(f -> !names.contains(f.name())).toList(),
                machines, buckets, tables, secrets, keptSchedules,
                httpRoutes.stream().filter(r -> !names.contains(r.functionName())).toList(),
                s3Subscriptions.stream().filter(s -> !names.contains(s.functionName())).toList(),
                notEmulated, wired.stream().filter(id -> !left.contains(id)).toList(), skippedByCondition, gone, iam,
                eventBuses, eventRules);
    }

    /** The functions a state machine's definition invokes, in template order. */
    public List<Function> functionsOf(StateMachine stateMachine) {
        return functions.stream().filter(f -> invokes(stateMachine.definition(), f.arn())).toList();
    }

    /** Whether a definition names the function's ARN (bare or qualified), not merely a longer name starting with it. */
    private static boolean invokes(String definition, String functionArn) {
        for (int at = definition.indexOf(functionArn); at >= 0; at = definition.indexOf(functionArn, at + 1)) {
            int end = at + functionArn.length();
            if (end == definition.length() || definition.charAt(end) == ':' || definition.charAt(end) == '"') return true;
        }
        return false;
    }

    /**
     * A Lambda function run in-process: {@code handlerClass} is instantiated with its environment.
     *
     * @param environment the template's Environment Variables, resolved (Globals merged)
     * @param packageDirectory the function's built package ({@code lib/*.jar}, as sam build makes it), or null when
     *                         the template does not say how it is built (then served from the runtime's class path)
     */
    public record Function(String logicalId, String name, String arn, String runtime, String handlerClass,
            String handlerMethod, int memoryMb, int timeoutSeconds, Map<String, String> environment, String alias,
            Path packageDirectory) {
        public Function {
            environment = Map.copyOf(environment);
        }
    }

    /** A state machine: its definition with DefinitionSubstitutions applied. */
    public record StateMachine(String logicalId, String name, String arn, String type, String definition, Path definitionFile) {}

    public record Bucket(String logicalId, String name, boolean versioned) {}

    /** A DynamoDB table: its resolved properties (AttributeDefinitions, KeySchema, indexes, TTL). */
    public record Table(String logicalId, String name, JsonNode properties) {}

    /**
     * A Secrets Manager secret.
     *
     * @param secretString the template's literal value, or null
     * @param generate the GenerateSecretString properties, or null
     */
    public record Secret(String logicalId, String name, String arn, String description, String secretString, JsonNode generate) {}

    /** What a schedule starts: a state machine execution or a function invocation. */
    public enum TargetKind { STATE_MACHINE, FUNCTION }

    /**
     * A schedule firing into its target.
     *
     * @param id who declared it: a schedule resource's logical id, or {@code Function.Events.Name}
     * @param expression {@code cron(...)}, {@code rate(...)} or {@code at(...)}
     * @param timezone an IANA zone id (UTC when the template names none)
     * @param input the target input as JSON text, or null for the service's default event
     * @param eventBridgeRule true for an EventBridge rule (its default input is the "Scheduled Event"), false for
     *                        EventBridge Scheduler
     * @param roleArn the role the service assumes to start or invoke the target, as the template names it (a
     *                Scheduler schedule's Target.RoleArn, a rule target's RoleArn); null where SAM makes the role
     *                or a function's resource policy admits the rule
     */
    public record Schedule(String id, String name, String expression, String timezone, boolean enabled,
            TargetKind targetKind, String targetArn, String input, boolean eventBridgeRule, String roleArn) {}

    /** An EventBridge event bus the template creates ({@code AWS::Events::EventBus}). */
    public record EventBus(String logicalId, String name, String arn) {}

    /**
     * An EventBridge rule that matches events on a bus by pattern, and where it sends them.
     *
     * @param busArn  the bus it is on (the account's default bus when the rule names none)
     * @param pattern its EventPattern as JSON text
     */
    public record EventRule(String logicalId, String name, String busArn, String pattern, boolean enabled, List<EventTarget> targets) {
        public EventRule {
            targets = List.copyOf(targets);
        }
    }

    /**
     * A rule's target: a state machine execution started, or a function invoked, with the event (or the target's
     * Input, or the part of the event its InputPath selects).
     *
     * @param roleArn the role EventBridge assumes to start a state machine, or null
     */
    public record EventTarget(String id, TargetKind kind, String arn, String roleArn, String input, String inputPath) {}

    /**
     * A route of an HTTP API delivering payload format 2.0 events to a function.
     *
     * @param method an HTTP method or ANY
     * @param path the route path ({@code /github/webhook}, {@code /items/{id}}, {@code /{proxy+}}), or
     *             {@code $default}
     */
    public record HttpRoute(String apiId, String eventId, String method, String path, String functionName) {
        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    /**
     * An S3 event notification of a bucket to a function.
     *
     * @param events the event types, e.g. {@code s3:ObjectCreated:*}
     * @param prefix the key prefix filter, or ""
     * @param suffix the key suffix filter, or ""
     */
    public record S3Subscription(String id, String bucket, List<String> events, String prefix, String suffix,
            String functionName) {
        public S3Subscription {
            events = List.copyOf(events);
        }
    }

    /**
     * The template's access control as it deploys: a role for each function and state machine (SAM's generated role
     * with its implicit policies, or the one its {@code Role} names), the template's own roles (a schedule's), and the
     * resource policies of its buckets and keys.
     *
     * @param bucketKeys bucket name to the ARN of the KMS key its default encryption uses (SSE-KMS)
     * @param notEvaluated what the local runtime cannot evaluate (a SAM policy template, an unknown managed policy), each
     *                     named: it grants nothing locally
     */
    public record Iam(List<Role> roles, List<ResourcePolicy> resourcePolicies, Map<String, String> bucketKeys,
            List<NotEmulated> notEvaluated) {
        public static final Iam NONE = new Iam(List.of(), List.of(), Map.of(), List.of());

        public Iam {
            roles = List.copyOf(roles);
            resourcePolicies = List.copyOf(resourcePolicies);
            bucketKeys = Map.copyOf(bucketKeys);
            notEvaluated = List.copyOf(notEvaluated);
        }

        /** The role a function, state machine or the template's own role resource has, by that resource's logical id. */
        public Role roleOf(String logicalId) {
            return roles.stream().filter(r -> r.usedBy().equals(logicalId)).findFirst().orElse(null);
        }
    }

    /** A policy document and where it comes from (for messages: "PublishArtifactFunctionRolePolicy0"). */
    public record Policy(String name, JsonNode document) {}

    /**
     * An IAM role.
     *
     * @param usedBy the logical id of the function or state machine that runs with it, or the role's own
     * @param policies its identity policies: inline, customer managed (the template's) and AWS managed
     * @param boundary its permissions boundary, or null
     */
    public record Role(String logicalId, String name, String arn, String usedBy, List<Policy> policies, Policy boundary) {
        public Role {
            policies = List.copyOf(policies);
        }
    }

    /** The policy of a bucket or key of the template ({@code resourceArn}: the bucket's or key's ARN). */
    public record ResourcePolicy(String logicalId, String resourceArn, Policy policy) {}

    /** A resource, event or property of the template that the local runtime does not emulate, and why. */
    public record NotEmulated(String where, String type, String reason) {
        @Override
        public String toString() {
            return where + " (" + type + "): " + reason;
        }
    }

    /** The resource of this logical id among {@code resources} (a function, bucket, table, secret or state machine). */
    public static <T> T withId(List<T> resources, java.util.function.Function<T, String> id, String logicalId) {
        return resources.stream().filter(r -> id.apply(r).equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + logicalId + " of that type in the template"));
    }

    public Function function(String nameOrArn) {
        String name = functionName(nameOrArn);
        return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** The function name of a function name, ARN or partial ARN, without a version or alias qualifier. */
    public static String functionName(String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            String[] parts = nameOrArn.split(":");
            return parts.length >= 7 ? parts[6] : nameOrArn;
        }
        String[] parts = nameOrArn.split(":");
        if (parts.length >= 3 && parts[1].equals("function")) return parts[2];
        return parts[0];
    }
}
