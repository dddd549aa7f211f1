package dev.controlplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.DynamoDbRunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's least privilege and data protection: no wildcard in an allowed action, "*" as a resource only
 * for the actions AWS offers no resource for, a dead-letter queue wherever a function is invoked asynchronously,
 * logging and tracing on every workflow, encrypted TLS-only buckets, protected tables, and the replication's
 * read-only access to prod as the one grant of prod data to another environment.
 */
class TemplateSecurityTest {

    /**
     * Actions AWS authorises only on "*": Step Functions' log delivery to CloudWatch Logs acts on the account's
     * deliveries (no resource type), and X-Ray's trace and sampling actions act on the account's traces.
     */
    static final Set<String> ACTIONS_WITHOUT_RESOURCES = Set.of(
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets");

    /** What reading a dataset needs; anything else on S3 writes. */
    static final Set<String> S3_READ_ACTIONS = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging",
            "s3:ListBucket");

    /** The functions of replicate-data, whose writes must never reach prod. */
    static final Set<String> REPLICATION_FUNCTIONS = Set.of("ListDatasetsFunction", "PlanReplicationFunction",
            "CopyBatchFunction", "DeleteExtraneousFunction", "CloneTablesFunction", "VerifyReplicationFunction");

    /** Event source types that invoke a function asynchronously (Lambda's retries, then its DLQ or destination). */
    static final Set<String> ASYNC_EVENT_TYPES = Set.of("S3", "SNS", "EventBridgeRule", "CloudWatchEvent",
            "Schedule", "ScheduleV2", "CloudWatchLogs", "IoTRule", "AlexaSkill", "Cognito");
    static final Set<String> SYNC_EVENT_TYPES = Set.of("HttpApi", "Api");

    static SamTemplate template;

    @BeforeAll
    static void read() {
        template = SamTemplate.read();
        assertThat(template.statements()).hasSizeGreaterThan(20);
    }

    @Test
    void noAllowedActionHasAWildcard() {
        for (SamTemplate.Statement statement : template.statements()) {
            if (!statement.allows()) {
                continue; // a Deny with s3:* only takes away
            }
            assertThat(statement.node().has("NotAction")).as(statement + " allows with NotAction").isFalse();
            assertThat(statement.actions()).as(statement + " actions").isNotEmpty()
                    .allSatisfy(action -> assertThat(action).as(statement + " action").doesNotContain("*"));
        }
    }

    @Test
    void resourceStarOnlyForActionsAwsOffersNoResourceForOrInAKeyPolicy() {
        int allowListed = 0;
        for (SamTemplate.Statement statement : template.statements()) {
            if (!statement.allows() || isTrustPolicy(statement)) {
                continue;
            }
            assertThat(statement.node().has("NotResource")).as(statement + " allows with NotResource").isFalse();
            List<String> resources = statement.resources();
            assertThat(resources).as(statement + " names its resources").isNotEmpty();
            for (String resource : resources) {
                assertThat(resource).as(statement + " resource").doesNotMatch("arn:[^:]*:[^:]*:[^:]*:[^:]*:\\*");
            }
            if (!resources.contains("*")) {
                continue;
            }
            if (statement.path().startsWith("/Properties/KeyPolicy/")) {
                // In a key policy, "*" is the key itself.
                assertThat(template.resources.path(statement.resource()).path("Type").asText()).isEqualTo("AWS::KMS::Key");
                continue;
            }
            assertThat(statement.actions()).as(statement + " has Resource \"*\": only for actions AWS offers no resource for")
                    .isSubsetOf(ACTIONS_WITHOUT_RESOURCES);
            allowListed++;
        }
        assertThat(allowListed).as("the log-delivery and X-Ray statements").isEqualTo(2);
    }

    @Test
    void everyAsynchronouslyInvokedFunctionHasADeadLetterQueueAndEverySyncOneHasACaller() {
        Map<String, JsonNode> functions = template.ofType("AWS::Serverless::Function");
        Set<String> scheduled = new TreeSet<>();
        template.ofType("AWS::Scheduler::Schedule").forEach((id, schedule) -> {
            JsonNode target = schedule.path("Properties").path("Target");
            assertThat(target.path("DeadLetterConfig").path("Arn").asText()).as(id + " Target.DeadLetterConfig.Arn")
                    .isNotBlank();
            assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").isInt()).as(id + " RetryPolicy").isTrue();
            scheduled.add(target.path("Arn").asText().replaceFirst("\\.Alias$", ""));
        });
        Set<String> calledByWorkflows = new TreeSet<>();
        template.ofType("AWS::Serverless::StateMachine").values().forEach(machine ->
                machine.path("Properties").path("DefinitionSubstitutions").forEach(value ->
                        calledByWorkflows.add(value.asText().replaceFirst("\\.Alias$", ""))));
        int asynchronous = 0;
        for (Map.Entry<String, JsonNode> function : functions.entrySet()) {
            JsonNode properties = function.getValue().path("Properties");
            Set<String> eventTypes = new TreeSet<>();
            properties.path("Events").forEach(event -> eventTypes.add(event.path("Type").asText()));
            boolean async = scheduled.contains(function.getKey()) || eventTypes.stream().anyMatch(ASYNC_EVENT_TYPES::contains);
            if (async) {
                asynchronous++;
                boolean dlq = !properties.path("DeadLetterQueue").path("TargetArn").asText().isBlank();
                boolean onFailure = !properties.path("EventInvokeConfig").path("DestinationConfig").path("OnFailure")
                        .path("Destination").asText().isBlank();
                assertThat(dlq || onFailure).as(function.getKey() + " is invoked asynchronously: DeadLetterQueue or"
                        + " EventInvokeConfig.DestinationConfig.OnFailure").isTrue();
                continue;
            }
            assertThat(eventTypes).as(function.getKey() + " events").isSubsetOf(SYNC_EVENT_TYPES);
            assertThat(!eventTypes.isEmpty() || calledByWorkflows.contains(function.getKey()))
                    .as(function.getKey() + " is called by an API, a workflow or a schedule").isTrue();
        }
        assertThat(asynchronous).as("ArtifactUploaded (S3) and SyncPolicies (its schedule)").isEqualTo(2);
    }

    @Test
    void everyStateMachineIsStandardLogsAtErrorInProdAllElsewhereAndTraces() {
        assertThat(SamTemplate.texts(template.root.path("Conditions").path("IsProd"))).containsExactly("Environment", "prod");
        Map<String, JsonNode> machines = template.ofType("AWS::Serverless::StateMachine");
        assertThat(machines).containsKeys("PromoteArtifactStateMachine", "PlanPromotionStateMachine",
                "LaunchClusterStateMachine", "ReplicateDataStateMachine");
        machines.forEach((id, machine) -> {
            JsonNode properties = machine.path("Properties");
            assertThat(properties.path("Type").asText()).as(id + " Type").isEqualTo("STANDARD");
            assertThat(SamTemplate.texts(properties.path("Logging").path("Level"))).as(id + " Logging.Level")
                    .containsExactly("IsProd", "ERROR", "ALL");
            String logGroup = properties.path("Logging").path("Destinations").path(0).path("CloudWatchLogsLogGroup")
                    .path("LogGroupArn").asText();
            assertThat(template.resources.path(logGroup.replaceFirst("\\.Arn$", "")).path("Type").asText())
                    .as(id + " logs to a log group of the template").isEqualTo("AWS::Logs::LogGroup");
            assertThat(properties.path("Tracing").path("Enabled").asBoolean()).as(id + " Tracing.Enabled").isTrue();
            assertThat(SamTemplate.texts(properties.path("Policies"))).as(id + " may deliver its logs and traces")
                    .contains("StateMachineObservabilityPolicy");
            // A task token in a log is an approval anyone who reads the log can give: a workflow that waits for one
            // logs its events without their data.
            String definition;
            try {
                definition = Files.readString(SamTemplate.ROOT.resolve(properties.path("DefinitionUri").asText()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (definition.contains(".waitForTaskToken")) {
                assertThat(properties.path("Logging").path("IncludeExecutionData").asBoolean(true))
                        .as(id + " waits for task tokens: Logging.IncludeExecutionData").isFalse();
            }
        });
    }

    @Test
    void everyBucketIsVersionedPrivateEncryptedWithTheStackKeyAndRefusesPlainHttp() {
        Map<String, JsonNode> buckets = template.ofType("AWS::S3::Bucket");
        assertThat(buckets).hasSizeGreaterThanOrEqualTo(3);
        Map<String, JsonNode> policies = template.ofType("AWS::S3::BucketPolicy");
        buckets.forEach((id, bucket) -> {
            JsonNode properties = bucket.path("Properties");
            assertThat(properties.path("VersioningConfiguration").path("Status").asText()).as(id).isEqualTo("Enabled");
            JsonNode encryption = properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").path(0)
                    .path("ServerSideEncryptionByDefault");
            assertThat(encryption.path("SSEAlgorithm").asText()).as(id + " SSEAlgorithm").isEqualTo("aws:kms");
            String key = encryption.path("KMSMasterKeyID").asText().replaceFirst("\\.Arn$", "");
            assertThat(template.resources.path(key).path("Type").asText()).as(id + " is encrypted with a key of the stack")
                    .isEqualTo("AWS::KMS::Key");
            assertThat(template.resources.path(key).path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
            JsonNode block = properties.path("PublicAccessBlockConfiguration");
            Stream.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
                    .forEach(flag -> assertThat(block.path(flag).asBoolean()).as(id + " " + flag).isTrue());
            List<JsonNode> denials = new ArrayList<>();
            policies.values().stream()
                    .filter(policy -> policy.path("Properties").path("Bucket").asText().equals(id))
                    .forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statement -> {
                        if (statement.path("Effect").asText().equals("Deny")
                                && statement.path("Condition").path("Bool").path("aws:SecureTransport").asText().equals("false")) {
                            denials.add(statement);
                        }
                    }));
            assertThat(denials).as(id + " has a bucket policy denying requests without TLS").hasSize(1);
            JsonNode deny = denials.get(0);
            assertThat(deny.path("Principal").asText()).isEqualTo("*");
            assertThat(SamTemplate.texts(deny.path("Action"))).containsExactly("s3:*");
            assertThat(SamTemplate.texts(deny.path("Resource"))).as(id + " the bucket and its objects")
                    .containsExactlyInAnyOrder(id + ".Arn", "${" + id + ".Arn}/*");
        });
    }

    @Test
    void secretsLogGroupsAndQueuesOutliveTheStackAndTheDatabricksTokenIsNeverGiven() {
        for (String type : List.of("AWS::SecretsManager::Secret", "AWS::Logs::LogGroup", "AWS::SQS::Queue")) {
            Map<String, JsonNode> resources = template.ofType(type);
            assertThat(resources).as(type).isNotEmpty();
            resources.forEach((id, resource) -> {
                assertThat(resource.path("DeletionPolicy").asText()).as(id + " DeletionPolicy").isEqualTo("Retain");
                assertThat(resource.path("UpdateReplacePolicy").asText()).as(id + " UpdateReplacePolicy").isEqualTo("Retain");
            });
        }
        // A value in the template (given or generated) would be written over the real token by an update.
        JsonNode token = template.ofType("AWS::SecretsManager::Secret").get("DatabricksTokenSecret").path("Properties");
        assertThat(token.has("SecretString")).as("DatabricksTokenSecret SecretString").isFalse();
        assertThat(token.has("GenerateSecretString")).as("DatabricksTokenSecret GenerateSecretString").isFalse();
    }

    @Test
    void theWebhookHasReservedConcurrencyAndTheCopiesAreCappedAtTheMapsConcurrency() throws IOException {
        Map<String, JsonNode> functions = template.ofType("AWS::Serverless::Function");
        assertThat(functions.get("GitHubWebhookFunction").path("Properties").path("ReservedConcurrentExecutions").asInt())
                .as("GitHubWebhookFunction ReservedConcurrentExecutions").isPositive();
        JsonNode replicate = new ObjectMapper().readTree(SamTemplate.ROOT.resolve("statemachines/replicate-data.asl.json").toFile());
        List<Integer> mapConcurrency = new ArrayList<>();
        SamTemplate.walk(replicate, "", (path, node) -> {
            if (node.isObject() && "DISTRIBUTED".equals(node.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())) {
                mapConcurrency.add(node.path("MaxConcurrency").asInt());
            }
        });
        assertThat(mapConcurrency).as("the copy Map's MaxConcurrency").singleElement();
        assertThat(functions.get("CopyBatchFunction").path("Properties").path("ReservedConcurrentExecutions").asInt())
                .as("CopyBatchFunction ReservedConcurrentExecutions").isEqualTo(mapConcurrency.get(0));
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecoveryAndDeletionProtectionInProd() {
        Map<String, JsonNode> tables = template.ofType("AWS::DynamoDB::Table");
        assertThat(tables).containsKeys("RegistryTable", "DeliveriesTable", "RunsTable");
        tables.forEach((id, table) -> {
            JsonNode properties = table.path("Properties");
            assertThat(properties.path("BillingMode").asText()).as(id).isEqualTo("PAY_PER_REQUEST");
            assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .as(id + " PITR").isTrue();
            JsonNode protection = properties.path("DeletionProtectionEnabled");
            assertThat(protection.isArray() && protection.size() == 3).as(id + " DeletionProtectionEnabled: !If [IsProd, true, false]").isTrue();
            assertThat(protection.get(0).asText()).isEqualTo("IsProd");
            assertThat(protection.get(1).asBoolean()).isTrue();
            assertThat(protection.get(2).asBoolean()).isFalse();
            assertThat(table.path("DeletionPolicy").asText()).as(id + " DeletionPolicy").isEqualTo("Retain");
        });
        // The runs table's keys are the ones DynamoDbRunRecords writes.
        List<String> keys = new ArrayList<>();
        tables.get("RunsTable").path("Properties").path("KeySchema").forEach(key -> keys.add(key.path("AttributeName").asText()));
        assertThat(keys).containsExactly(DynamoDbRunRecords.PK, DynamoDbRunRecords.SK);
    }

    @Test
    void replicationNeverWritesToProd() {
        JsonNode conditions = template.root.path("Conditions");
        // Prod data: read actions only, and only in staging.
        List<SamTemplate.Statement> prodData = template.statements().stream()
                .filter(statement -> statement.text().contains("ProdDataBucketArns")).toList();
        assertThat(prodData).as("statements on ProdDataBucketArns").isNotEmpty();
        for (SamTemplate.Statement statement : prodData) {
            if (!statement.allows()) {
                assertThat(statement.actions()).as(statement + ": what is denied on prod data is writing it")
                        .doesNotContainAnyElementsOf(S3_READ_ACTIONS).contains("s3:PutObject", "s3:DeleteObject");
                continue;
            }
            assertThat(statement.actions()).as(statement + ": prod data is only read").isSubsetOf(S3_READ_ACTIONS);
            assertThat(template.resources.path(statement.resource()).path("Condition").asText())
                    .as(statement.resource() + " exists only where ReadsProdData").isEqualTo("ReadsProdData");
        }
        // !And [!Equals [Environment, staging], ...]: tags are read as plain lists, so Equals is the pair.
        assertThat(conditions.path("ReadsProdData").path(0).toString()).isEqualTo("[\"Environment\",\"staging\"]");

        // Every write a replication function may make: the plan bucket, or this environment's data buckets, never in prod.
        for (String function : REPLICATION_FUNCTIONS) {
            JsonNode policies = template.resources.path(function).path("Properties").path("Policies");
            assertThat(policies.isMissingNode()).as(function + " Policies").isFalse();
            for (SamTemplate.Statement statement : statementsOf(function, policies)) {
                List<String> writes = statement.actions().stream().filter(action -> action.startsWith("s3:"))
                        .filter(action -> !S3_READ_ACTIONS.contains(action)).toList();
                if (writes.isEmpty()) {
                    continue;
                }
                String resources = statement.node().path("Resource").toString();
                if (!statement.allows()) continue;
                assertThat(resources).as(statement + " writes " + writes + ": only the plan bucket or DataBucketArns")
                        .doesNotContain("ProdDataBucketArns").containsAnyOf("ReplicationPlanBucket", "DataBucketArns");
                if (resources.contains("DataBucketArns")) {
                    assertThat(template.resources.path(statement.resource()).path("Condition").asText())
                            .as(statement.resource() + " exists only where WritesDataBuckets").isEqualTo("WritesDataBuckets");
                }
            }
        }
        // !And [!Not [!Equals [Environment, prod]], ...]: Not is the one-element list around the pair.
        assertThat(conditions.path("WritesDataBuckets").path(0).toString()).isEqualTo("[[\"Environment\",\"prod\"]]");
        JsonNode rules = template.root.path("Rules");
        assertThat(rules.path("NothingReplicatesIntoProd").toString()).contains("DataBucketArns").contains("prod");
        assertThat(rules.path("ProdDataIsReadOnlyInStaging").toString()).contains("ProdDataBucketArns").contains("staging");
    }

    @Test
    void otherAccountsAppearOnlyThroughTheDocumentedCrossEnvironmentParameters() {
        for (SamTemplate.Statement statement : template.statements()) {
            JsonNode principal = statement.node().path("Principal").path("AWS");
            if (principal.isMissingNode()) {
                continue;
            }
            String text = principal.toString();
            assertThat(text.contains("${AWS::AccountId}:root") || statement.text().contains("DownstreamPullerRoleArn")
                    || statement.text().contains("UpstreamAnnouncerRoleArn"))
                    .as(statement + " principal " + text + ": this account, the next environment's puller or the previous"
                            + " environment's announcer").isTrue();
        }
        Set<String> crossEnvironment = new TreeSet<>();
        template.root.path("Parameters").fieldNames().forEachRemaining(name -> {
            if (name.startsWith("ProdData") || name.startsWith("Downstream") || name.startsWith("Upstream") || name.startsWith("Next")) {
                crossEnvironment.add(name);
            }
        });
        assertThat(crossEnvironment).containsExactly("DownstreamPullerRoleArn", "NextEventBusArn", "ProdDataBucketArns",
                "UpstreamAnnouncerRoleArn", "UpstreamArtifactBucketArn", "UpstreamArtifactKeyArn");
    }

    @Test
    void everyDatabricksTokenSecretOfTheTeamsIsASecretOfTheTemplate() throws IOException {
        Set<String> secretNames = new TreeSet<>();
        template.ofType("AWS::SecretsManager::Secret").values()
                .forEach(secret -> secretNames.add(secret.path("Properties").path("Name").asText()));
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        try (Stream<Path> files = Files.list(SamTemplate.ROOT.resolve("config/teams"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode workspaces = json.readTree(file.toFile()).path("clusters").path("workspaces");
                for (Iterator<Map.Entry<String, JsonNode>> it = workspaces.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> workspace = it.next();
                    String secretId = workspace.getValue().path("tokenSecretId").asText();
                    String templated = secretId.replace("/" + workspace.getKey() + "/", "/${Environment}/");
                    assertThat(secretNames).as(file.getFileName() + " clusters.workspaces." + workspace.getKey()
                            + ".tokenSecretId " + secretId + " (per environment)").contains(templated);
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    private static boolean isTrustPolicy(SamTemplate.Statement statement) {
        return statement.path().contains("/AssumeRolePolicyDocument/");
    }

    /** A function's statements: inline ones, and those of the template's managed policies it attaches. */
    private static List<SamTemplate.Statement> statementsOf(String function, JsonNode policies) {
        List<SamTemplate.Statement> statements = new ArrayList<>();
        for (SamTemplate.Statement statement : template.statements()) {
            if (statement.resource().equals(function)) {
                statements.add(statement);
            }
        }
        for (String reference : SamTemplate.texts(policies)) {
            if (template.resources.path(reference).path("Type").asText().equals("AWS::IAM::ManagedPolicy")) {
                template.statements().stream().filter(statement -> statement.resource().equals(reference))
                        .forEach(statements::add);
            }
        }
        return statements;
    }
}
