package dev.controlplane.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles and resource policies of a template, as SAM and CloudFormation deploy them: each function and state
 * machine gets the role SAM generates ({@code <LogicalId>Role}) with its {@code Policies} (inline documents become
 * {@code <LogicalId>RolePolicy<index>}, ARNs and Refs of managed policies are attached) and SAM's implicit policies
 * (AWSLambdaBasicExecutionRole for every function, AWSXrayWriteOnlyAccess with tracing, the dead-letter queue's send
 * permission), unless it names a {@code Role} of its own. Managed policy ARNs are resolved at the end, when every
 * AWS::IAM::ManagedPolicy of the template has been read.
 */
final class IamModel {
    static final String BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    static final String XRAY_WRITE = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";
    /** The AWS managed policies SAM attaches, as AWS publishes them (the local runtime knows no others). */
    private static final Map<String, String> AWS_MANAGED = Map.of(
            BASIC_EXECUTION, """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*",
                      "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]}]}""",
            XRAY_WRITE, """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": ["*"],
                      "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                                 "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"]}]}""");

    /** A role being read: its documents, and the managed policies it attaches, by ARN (resolved in {@link #build}). */
    private record Pending(String logicalId, String name, String arn, String usedBy, List<LocalTemplate.Policy> inline,
            List<String> managed, String boundary) {}

    private final Intrinsics intrinsics;
    private final List<Pending> roles = new ArrayList<>();
    /** Function or state machine logical id to the ARN of the template role its Role property names. */
    private final Map<String, String> namedRoles = new LinkedHashMap<>();
    private final Map<String, LocalTemplate.Policy> managedPolicies = new LinkedHashMap<>();
    private final List<LocalTemplate.ResourcePolicy> resourcePolicies = new ArrayList<>();
    private final Map<String, String> bucketKeys = new LinkedHashMap<>();
    private final List<LocalTemplate.NotEmulated> notEvaluated = new ArrayList<>();

    IamModel(Intrinsics intrinsics) {
        this.intrinsics = intrinsics;
    }

    /** An AWS::Serverless::Function's role (its properties with Globals merged and intrinsics resolved). */
    void function(String id, JsonNode p) {
        if (namesRole(id, p.get("Role"))) return;
        List<String> managed = new ArrayList<>(List.of(BASIC_EXECUTION));
        if (p.path("Tracing").asText("").equals("Active")) managed.add(XRAY_WRITE);
        List<LocalTemplate.Policy> inline = new ArrayList<>();
        JsonNode dlq = p.path("DeadLetterQueue");
        if (dlq.path("TargetArn").isTextual()) {
            String action = dlq.path("Type").asText("SQS").equals("SNS") ? "sns:Publish" : "sqs:SendMessage";
            inline.add(new LocalTemplate.Policy("DeadLetterQueuePolicy", document(action, dlq.get("TargetArn").asText())));
        }
        if (p.has("VpcConfig")) {
            notEvaluated.add(new LocalTemplate.NotEmulated(id + ".VpcConfig", "AWS::Serverless::Function",
                    "SAM's AWSLambdaVPCAccessExecutionRole is not attached locally"));
        }
        generated(id, p, inline, managed);
    }

    /** An AWS::Serverless::StateMachine's role. */
    void serverlessStateMachine(String id, JsonNode p) {
        if (namesRole(id, p.get("Role"))) return;
        List<String> managed = new ArrayList<>();
        List<LocalTemplate.Policy> inline = new ArrayList<>();
        generated(id, p, inline, managed);
        if (p.path("Tracing").path("Enabled").asBoolean(false)) roles.getLast().managed().add(XRAY_WRITE);
    }

    /** An AWS::StepFunctions::StateMachine: its RoleArn names its role. */
    void stateMachine(String id, JsonNode p) {
        namesRole(id, p.get("RoleArn"));
    }

    /** An AWS::IAM::Role of the template. */
    void role(String id, JsonNode p) {
        String name = intrinsics.name(id, "Resources." + id);
        List<LocalTemplate.Policy> inline = new ArrayList<>();
        for (JsonNode policy : p.path("Policies")) {
            inline.add(new LocalTemplate.Policy(policy.path("PolicyName").asText(id + "Policy" + inline.size()), policy.path("PolicyDocument")));
        }
        List<String> managed = new ArrayList<>();
        for (JsonNode arn : p.path("ManagedPolicyArns")) managed.add(arn.asText());
        roles.add(new Pending(id, name, intrinsics.ids().roleArn(name), id, inline, managed, p.path("PermissionsBoundary").asText(null)));
    }

    void managedPolicy(String id, JsonNode p) {
        String arn = intrinsics.ids().arn("AWS::IAM::ManagedPolicy", intrinsics.name(id, "Resources." + id), p);
        managedPolicies.put(arn, new LocalTemplate.Policy(id, p.path("PolicyDocument")));
    }

    void bucketPolicy(String id, JsonNode p) {
        resourcePolicies.add(new LocalTemplate.ResourcePolicy(id, "arn:aws:s3:::" + p.path("Bucket").asText(),
                new LocalTemplate.Policy(id, p.path("PolicyDocument"))));
    }

    /** An event bus's Policy property: who may put events on it. */
    void eventBusPolicy(String id, String busArn, JsonNode document) {
        ArrayNode statements = busStatements(busArn, id);
        JsonNode given = document.path("Statement");
        if (given.isArray()) given.forEach(statements::add);
        else if (given.isObject()) statements.add(given);
    }

    /**
     * An AWS::Events::EventBusPolicy: its Statement joins the bus's policy (with its StatementId as Sid). The older
     * form (Action, Principal, Condition as properties) is named as not evaluated, so it grants nothing locally.
     */
    void eventBusPolicy(String id, JsonNode p, java.util.function.UnaryOperator<String> busArn) {
        String arn = busArn.apply(p.path("EventBusName").asText(null));
        if (!p.path("Statement").isObject()) {
            notEvaluated.add(new LocalTemplate.NotEmulated(id, "AWS::Events::EventBusPolicy",
                    "only the Statement form is evaluated locally: this policy grants nothing here"));
            return;
        }
        ObjectNode statement = p.get("Statement").deepCopy();
        if (!statement.has("Sid") && p.path("StatementId").isTextual()) statement.put("Sid", p.get("StatementId").asText());
        busStatements(arn, id).add(statement);
    }

    private final Map<String, ArrayNode> busPolicies = new LinkedHashMap<>();

    private ArrayNode busStatements(String busArn, String id) {
        return busPolicies.computeIfAbsent(busArn, arn -> {
            ObjectNode doc = CfnYaml.NODES.objectNode().put("Version", "2012-10-17");
            ArrayNode statements = doc.putArray("Statement");
            resourcePolicies.add(new LocalTemplate.ResourcePolicy(id, arn, new LocalTemplate.Policy(id, doc)));
            return statements;
        });
    }

    void key(String id, JsonNode p) {
        resourcePolicies.add(new LocalTemplate.ResourcePolicy(id, intrinsics.attribute(id, "Arn"), new LocalTemplate.Policy(id, p.path("KeyPolicy"))));
    }

    /** A bucket's default encryption: the key S3 uses, on the caller's behalf, for every object written and read. */
    void bucket(String name, JsonNode p) {
        for (JsonNode rule : p.path("BucketEncryption").path("ServerSideEncryptionConfiguration")) {
            JsonNode defaults = rule.path("ServerSideEncryptionByDefault");
            if (defaults.path("SSEAlgorithm").asText("").startsWith("aws:kms") && defaults.path("KMSMasterKeyID").isTextual()) {
                bucketKeys.put(name, defaults.get("KMSMasterKeyID").asText());
            }
        }
    }

    LocalTemplate.Iam build() {
        List<LocalTemplate.Role> built = new ArrayList<>();
        for (Pending r : roles) {
            List<LocalTemplate.Policy> policies = new ArrayList<>(r.inline());
            for (String arn : r.managed()) {
                LocalTemplate.Policy policy = managed(arn, r.usedBy());
                if (policy != null) policies.add(policy);
            }
            LocalTemplate.Policy boundary = r.boundary() == null ? null : managed(r.boundary(), r.usedBy());
            if (r.boundary() != null && boundary == null) {
                // an unknown boundary allows nothing: say so rather than let every call through
                boundary = new LocalTemplate.Policy(r.boundary(), CfnYaml.NODES.objectNode().put("Version", "2012-10-17")
                        .set("Statement", CfnYaml.NODES.arrayNode()));
            }
            built.add(new LocalTemplate.Role(r.logicalId(), r.name(), r.arn(), r.usedBy(), policies, boundary));
        }
        for (var e : namedRoles.entrySet()) {
            LocalTemplate.Role role = built.stream().filter(r -> r.arn().equals(e.getValue())).findFirst().orElse(null);
            if (role == null) {
                notEvaluated.add(new LocalTemplate.NotEmulated(e.getKey() + ".Role", "IAM role", "the role " + e.getValue()
                        + " is not a role of this template: its calls are denied locally"));
                built.add(new LocalTemplate.Role(e.getKey() + "Role", e.getValue().substring(e.getValue().lastIndexOf('/') + 1),
                        e.getValue(), e.getKey(), List.of(), null));
            } else {
                built.add(new LocalTemplate.Role(role.logicalId(), role.name(), role.arn(), e.getKey(), role.policies(), role.boundary()));
            }
        }
        return new LocalTemplate.Iam(built, resourcePolicies, bucketKeys, notEvaluated);
    }

    private boolean namesRole(String id, JsonNode role) {
        if (role == null || !role.isTextual()) return false;
        String arn = role.asText();
        namedRoles.put(id, arn.startsWith("arn:") ? arn : intrinsics.ids().roleArn(arn));
        return true;
    }

    /** SAM's generated role: {@code Policies} in order (inline documents numbered by their index), then SAM's own. */
    private void generated(String id, JsonNode p, List<LocalTemplate.Policy> implicitInline, List<String> implicitManaged) {
        String roleId = id + "Role";
        List<LocalTemplate.Policy> inline = new ArrayList<>(implicitInline);
        List<String> managed = new ArrayList<>(implicitManaged);
        JsonNode policies = p.path("Policies");
        List<JsonNode> items = new ArrayList<>();
        if (policies.isArray()) policies.forEach(items::add);
        else if (!policies.isMissingNode() && !policies.isNull()) items.add(policies);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isTextual()) {
                String arn = item.asText();
                managed.add(arn.startsWith("arn:") ? arn : "arn:aws:iam::aws:policy/" + arn);
            } else if (item.has("Statement")) {
                inline.add(new LocalTemplate.Policy(roleId + "Policy" + i, item));
            } else {
                String template = item.properties().iterator().hasNext() ? item.properties().iterator().next().getKey() : item.toString();
                notEvaluated.add(new LocalTemplate.NotEmulated(id + ".Policies[" + i + "]", "SAM policy template",
                        template + " is not expanded locally: it grants nothing here"));
            }
        }
        String name = intrinsics.generatedRoleName(roleId);
        roles.add(new Pending(roleId, name, intrinsics.ids().roleArn(name), id, inline, managed, p.path("PermissionsBoundary").asText(null)));
    }

    private LocalTemplate.Policy managed(String arn, String usedBy) {
        LocalTemplate.Policy own = managedPolicies.get(arn);
        if (own != null) return own;
        String aws = AWS_MANAGED.get(arn);
        if (aws != null) return new LocalTemplate.Policy(arn.substring(arn.lastIndexOf('/') + 1), CfnYaml.parse(arn, aws));
        notEvaluated.add(new LocalTemplate.NotEmulated(usedBy + ".Policies", "managed policy", arn
                + " is neither a policy of this template nor one of the AWS managed policies SAM attaches: it grants nothing locally"));
        return null;
    }

    private static ObjectNode document(String action, String resource) {
        ObjectNode doc = CfnYaml.NODES.objectNode().put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        statements.addObject().put("Effect", "Allow").put("Action", action).put("Resource", resource);
        return doc;
    }
}
