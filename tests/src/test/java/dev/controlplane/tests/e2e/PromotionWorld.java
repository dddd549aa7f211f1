package dev.controlplane.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.DynamoDbDeliveryLedger;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.aws.SecretsManagerWebhookSecret;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbPromotionClaims;
import dev.controlplane.aws.SfnExecutionStates;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.registry.PromotionRetry;
import dev.controlplane.domain.registry.StaleClaimRelease;
import dev.controlplane.handlers.ArtifactUploadedHandler;
import dev.controlplane.handlers.ReleaseStaleClaimHandler;
import dev.controlplane.handlers.RetryPromotionHandler;
import dev.controlplane.handlers.RollBackLatestHandler;
import dev.controlplane.handlers.GitHubWebhookHandler;
import dev.controlplane.handlers.MoveLatestHandler;
import dev.controlplane.handlers.PublishArtifactHandler;
import dev.controlplane.handlers.RequestApprovalHandler;
import dev.controlplane.handlers.ResolveRepositoryHandler;
import dev.controlplane.handlers.RetireFeatureHandler;
import dev.controlplane.handlers.ValidateBuildHandler;
import dev.controlplane.local.EnforcedAws;
import dev.controlplane.local.template.LocalTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The whole promote-artifact system on one machine: statemachines/promote-artifact.asl.json on the engine, every
 * function of template.yaml in-process, S3, DynamoDB and Secrets Manager served by moto behind the AWS endpoint of
 * {@code up} ({@link EnforcedAws}): dev's stack as deployed, its names, and IAM enforced, so each function and the
 * state machine call with their roles and a call the template does not allow fails as in AWS. Dev's stack here tells
 * no next environment (NextEventBusArn empty): staging and prod pull a version in their own stacks, which up's tests
 * run side by side. Tests act only as CI and GitHub do: upload a build to the inbox (and deliver the S3 event), send
 * signed webhook deliveries.
 */
final class PromotionWorld implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SECRET = "It's a Secret to Everybody";
    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    private static final List<String> FUNCTIONS = List.of("ValidateBuild", "ResolveRepository", "PublishArtifact",
            "RequestApproval", "MoveLatest", "RetireFeature", "RollBackLatest");
    private static final List<String> SFN_FUNCTIONS = List.of("ReleaseStaleClaim", "RetryPromotion");

    final String inbox;
    private final String registry;
    private final EnforcedAws aws;
    private final PlatformConfig platform;
    private final Engine engine;
    private final String stateMachineArn;
    private final ArtifactUploadedHandler uploaded;
    private final GitHubWebhookHandler webhook;
    final S3Client s3;
    final DynamoDbClient dynamoDb;
    private final SecretsManagerClient secrets;
    private final ByteArrayOutputStream functionLogs = new ByteArrayOutputStream();
    private int eventSequence;

    /**
     * @param configDir the declarative config the functions load; its environments are the accounts and region of
     *                  samconfig.toml's stacks
     */
    PromotionWorld(MotoEndpoint moto, Path configDir) throws IOException, InterruptedException {
        // dev's stack announcing to no next environment: what crosses into staging's and prod's stacks (the announcement,
        // their pulls and approvals) runs where all three stacks run, in the tests of up (PullPromotionUpTest and others)
        this(moto, configDir, Map.of("NextEventBusArn", "", "DownstreamPullerRoleArn", ""));
    }

    /** @param parameters dev's stack's parameters over samconfig.toml's */
    PromotionWorld(MotoEndpoint moto, Path configDir, Map<String, String> parameters) throws IOException, InterruptedException {
        moto.reset(); // every world starts from nothing
        aws = EnforcedAws.front(moto.endpoint(), ROOT.resolve("template.yaml"), configDir, "dev", List.of("staging", "prod"), parameters);
        LocalTemplate dev = aws.template();
        platform = PlatformConfig.load(configDir);
        inbox = LocalTemplate.withId(dev.buckets(), LocalTemplate.Bucket::logicalId, "InboxBucket").name();
        registry = LocalTemplate.withId(dev.tables(), LocalTemplate.Table::logicalId, "RegistryTable").name();
        String region = dev.stack().region();
        // the world's own clients act as CI and as the tests' eyes: an administrator's, straight to moto
        Map<String, String> admin = Map.of("AWS_REGION", region, "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        s3 = S3ArtifactStore.client(admin);
        dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), admin).build();
        secrets = AwsClientConfig.configure(SecretsManagerClient.builder(), admin).build();

        String secretName = LocalTemplate.withId(dev.secrets(), LocalTemplate.Secret::logicalId, "WebhookSecret").name();
        ArtifactsMoto.createVersionedBucket(s3, inbox);
        for (String environment : ENVIRONMENTS) {
            ArtifactsMoto.createVersionedBucket(s3, artifactsBucket(environment));
        }
        ArtifactsMoto.createRegistryTable(dynamoDb, registry);
        MotoEndpoint.createDeliveriesTable(dynamoDb, LocalTemplate.withId(dev.tables(), LocalTemplate.Table::logicalId, "DeliveriesTable").name());
        secrets.createSecret(s -> s.name(secretName).secretString(SECRET));

        LambdaFunctions functions = new LambdaFunctions(region, dev.stack().accountId(),
                new PrintStream(functionLogs, true, StandardCharsets.UTF_8));
        for (String function : FUNCTIONS) {
            Map<String, String> environment = new HashMap<>(aws.functionEnvironment(function + "Function"));
            environment.put("CONTROLPLANE_CONFIG_DIR", configDir.toString());
            functions.register(LocalTemplate.withId(dev.functions(), LocalTemplate.Function::logicalId, function + "Function").name(), handler(function, environment));
        }
        engine = Engine.builder()
                .region(region).accountId(dev.stack().accountId())
                .integration(aws.stateMachineLambdas(functions))
                .integration(aws.stateMachineServices())
                .build();
        EngineSfnClient sfn = new EngineSfnClient(engine, aws);
        // the functions that ask Step Functions about executions get the engine's answers, with their roles
        for (String function : SFN_FUNCTIONS) {
            Map<String, String> environment = new HashMap<>(aws.functionEnvironment(function + "Function"));
            environment.put("CONTROLPLANE_CONFIG_DIR", configDir.toString());
            functions.register(LocalTemplate.withId(dev.functions(), LocalTemplate.Function::logicalId, function + "Function").name(),
                    sfnHandler(function, environment, sfn.as(function + "Function")));
        }
        LocalTemplate.StateMachine machine = LocalTemplate.withId(dev.stateMachines(), LocalTemplate.StateMachine::logicalId, "PromoteArtifactStateMachine");
        stateMachineArn = engine.createStateMachine(machine.name(), machine.definition(), null).arn();

        Map<String, String> upload = aws.functionEnvironment("ArtifactUploadedFunction");
        uploaded = new ArtifactUploadedHandler(new SfnPromoteArtifactStarter(sfn.as("ArtifactUploadedFunction"), stateMachineArn));
        Map<String, String> hook = new HashMap<>(aws.functionEnvironment("GitHubWebhookFunction"));
        hook.put("WEBHOOK_SECRET_ID", secretName); // moto knows its own ARN for the secret, not the stack's; IAM sees the same secret
        webhook = new GitHubWebhookHandler(
                new SecretsManagerWebhookSecret(AwsClientConfig.configure(SecretsManagerClient.builder(), hook).build(), hook.get("WEBHOOK_SECRET_ID")),
                new DynamoDbDeliveryLedger(AwsClientConfig.configure(DynamoDbClient.builder(), hook).build(), hook.get("DELIVERIES_TABLE")),
                new SfnPromoteArtifactStarter(sfn.as("GitHubWebhookFunction"), stateMachineArn));
        assertThat(upload.get("STATE_MACHINE_ARN")).as("the upload trigger starts the stack's promote-artifact").isEqualTo(stateMachineArn);
    }

    private static com.amazonaws.services.lambda.runtime.RequestStreamHandler handler(String function, Map<String, String> environment) {
        return switch (function) {
            case "ValidateBuild" -> new ValidateBuildHandler(environment);
            case "ResolveRepository" -> new ResolveRepositoryHandler(environment);
            case "PublishArtifact" -> new PublishArtifactHandler(environment);
            case "RequestApproval" -> new RequestApprovalHandler(environment);
            case "MoveLatest" -> new MoveLatestHandler(environment);
            case "RetireFeature" -> new RetireFeatureHandler(environment);
            case "RollBackLatest" -> new RollBackLatestHandler(environment);
            default -> throw new IllegalArgumentException(function);
        };
    }

    private static com.amazonaws.services.lambda.runtime.RequestStreamHandler sfnHandler(String function,
            Map<String, String> environment, software.amazon.awssdk.services.sfn.SfnClient sfn) {
        String table = environment.get("REGISTRY_TABLE");
        DynamoDbClient dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), environment).build();
        DynamoDbPromotionClaims claims = new DynamoDbPromotionClaims(dynamoDb, table);
        SfnExecutionStates states = new SfnExecutionStates(sfn);
        return switch (function) {
            case "ReleaseStaleClaim" -> new ReleaseStaleClaimHandler(new StaleClaimRelease(claims, states));
            case "RetryPromotion" -> new RetryPromotionHandler(new PromotionRetry(new DynamoDbArtifactRegistry(dynamoDb, table),
                    claims, states, PlatformConfig.fromEnvironment(environment).environments().stream().map(PromotionTarget::of).toList()));
            default -> throw new IllegalArgumentException(function);
        };
    }

    /** The environment a function of dev's stack runs with (its role's credentials, the IAM-enforcing endpoint). */
    Map<String, String> functionEnvironment(String logicalId) {
        return aws.functionEnvironment(logicalId);
    }

    /** The calls IAM denied so far, as up logs them. */
    List<String> denials() {
        return aws.denials();
    }

    String artifactsBucket(String environment) {
        return platform.environment(environment).orElseThrow().artifactsBucket();
    }

    static Path config(String name) {
        return ROOT.resolve("tests/src/test/resources/" + name);
    }

    // --- what CI does

    /** A build as CI produces it: the files (name -> bytes) and the manifest describing them. */
    record Build(String team, String project, String script, String version, String branch, String commit,
            Map<String, byte[]> files) {

        static Build of(String version, String branch, String commit, String scriptText) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("churn.py", scriptText.getBytes(StandardCharsets.UTF_8));
            return new Build("data-eng", "churn", "churn", version, branch, commit, files);
        }

        Build withFile(String name, byte[] bytes) {
            Map<String, byte[]> more = new LinkedHashMap<>(files);
            more.put(name, bytes);
            return new Build(team, project, script, version, branch, commit, more);
        }

        String prefix() {
            return team + "/" + project + "/" + commit + "/";
        }

        ObjectNode manifest() {
            ObjectNode manifest = Json.object();
            manifest.put("team", team).put("project", project).put("script", script).put("version", version)
                    .put("branch", branch).put("commit", commit);
            ArrayNode list = manifest.putArray("files");
            files.forEach((name, bytes) -> list.addObject().put("name", name).put("sha256", ArtifactsMoto.sha256(bytes)).put("size", bytes.length));
            return manifest;
        }
    }

    /** Uploads the files, then the manifest, and delivers the manifest's S3 event; returns the manifest's version id. */
    String upload(Build build) {
        return upload(build, build.manifest().toString());
    }

    String upload(Build build, String manifestText) {
        build.files().forEach((name, bytes) -> s3.putObject(p -> p.bucket(inbox).key(build.prefix() + name), RequestBody.fromBytes(bytes)));
        return uploadManifest(build.prefix() + "manifest.json", manifestText);
    }

    String uploadManifest(String key, String manifestText) {
        PutObjectResponse put = s3.putObject(p -> p.bucket(inbox).key(key), RequestBody.fromString(manifestText));
        deliverS3Event(key, put.versionId(), put.eTag(), manifestText.getBytes(StandardCharsets.UTF_8).length);
        return put.versionId();
    }

    /** S3's ObjectCreated:Put notification for one object, as the function receives it. */
    void deliverS3Event(String key, String versionId, String etag, long size) {
        ObjectNode record = Json.object();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", aws.template().stack().region())
                .put("eventTime", "2026-11-23T10:00:00.000Z").put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "AWS:CI");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", "R" + (++eventSequence)).put("x-amz-id-2", "id2");
        ObjectNode s3Node = record.putObject("s3");
        s3Node.put("s3SchemaVersion", "1.0").put("configurationId", "ManifestUploaded");
        s3Node.putObject("bucket").put("name", inbox).put("arn", "arn:aws:s3:::" + inbox)
                .putObject("ownerIdentity").put("principalId", "OWNER");
        ObjectNode object = s3Node.putObject("object");
        object.put("key", key.replace(' ', '+')).put("size", size).put("eTag", etag.replace("\"", ""))
                .put("sequencer", String.format("%016X", eventSequence));
        if (versionId != null) object.put("versionId", versionId);
        ObjectNode event = Json.object();
        event.putArray("Records").add(record);
        try {
            uploaded.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- what GitHub does

    APIGatewayV2HTTPResponse deliver(String event, String deliveryId, String body) {
        return deliver(event, deliveryId, body, "sha256=" + hmac(SECRET, body));
    }

    APIGatewayV2HTTPResponse deliver(String event, String deliveryId, String body, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-github-event", event);
        headers.put("x-github-delivery", deliveryId);
        headers.put("user-agent", "GitHub-Hookshot/abc123");
        if (signature != null) headers.put("x-hub-signature-256", signature);
        APIGatewayV2HTTPEvent request = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("POST /github/webhook").withRawPath("/github/webhook")
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("req-" + deliveryId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/github/webhook").withSourceIp("140.82.115.1").build())
                        .build())
                .build();
        return webhook.handleRequest(request, null);
    }

    static String mergePush(String commit) {
        return pushBody("refs/heads/main", commit, false);
    }

    static String pushBody(String ref, String after, boolean deleted) {
        return pushBody(ref, "0".repeat(40), after, deleted);
    }

    /** A push of {@code after} onto {@code before}: two pushes of the same commit differ there, as GitHub's do. */
    static String pushBody(String ref, String before, String after, boolean deleted) {
        ObjectNode body = Json.object();
        body.put("ref", ref).put("before", before).put("after", after).put("created", false).put("deleted", deleted);
        repository(body);
        body.putObject("pusher").put("name", "jdoe");
        if (!deleted) body.putObject("head_commit").put("id", after).put("message", "Merge pull request #42");
        return Json.write(body);
    }

    static String releasePublished(String tag) {
        ObjectNode body = Json.object();
        body.put("action", "published");
        body.putObject("release").put("tag_name", tag).put("draft", false).put("prerelease", false).put("name", tag);
        repository(body);
        return Json.write(body);
    }

    private static void repository(ObjectNode body) {
        body.putObject("repository").put("name", "churn").put("full_name", "acme-data/churn").put("default_branch", "main");
    }

    // --- what a person does (controlplane promote, the console)

    /** Starts promote-artifact with a retry of the version's promotion, as the CLI and the console do. */
    Execution retry(String artifact, String version, String requestedBy) {
        ObjectNode input = Json.object().put("action", "retry").put("artifact", artifact).put("version", version)
                .put("requestedBy", requestedBy);
        return engine.startExecution(stateMachineArn, "retry-" + (++eventSequence), input);
    }

    /** Starts promote-artifact with a rollback of latest in an environment, as the CLI and the console do. */
    Execution rollBack(String artifact, String environment, String version, String requestedBy, String reason) {
        ObjectNode input = Json.object().put("action", "rollback").put("artifact", artifact).put("environment", environment)
                .put("version", version).put("requestedBy", requestedBy).put("reason", reason);
        return engine.startExecution(stateMachineArn, "rollback-" + (++eventSequence), input);
    }

    // --- what the tests look at

    List<Execution> executions() {
        return engine.executions(stateMachineArn);
    }

    /** Waits for every execution to finish; returns them oldest first. */
    List<Execution> settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Execution> all = executions();
            if (all.stream().allMatch(e -> e.status().isTerminal())) return sortedByStart(all);
            Thread.sleep(20);
        }
        throw new AssertionError("executions did not settle in 60 s: " + executions().stream().map(e -> e.name() + "=" + e.status()).toList()
                + "\nfunction logs:\n" + functionLogs());
    }

    private static List<Execution> sortedByStart(List<Execution> all) {
        List<Execution> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> a.startDate().compareTo(b.startDate()));
        return sorted;
    }

    Execution only() throws InterruptedException {
        List<Execution> all = settle();
        assertThat(all).as("executions").hasSize(1);
        return all.get(0);
    }

    Execution await(Execution e) throws InterruptedException {
        assertThat(e.await(60, TimeUnit.SECONDS)).as("execution %s finished", e.name()).isTrue();
        return e;
    }

    /** The artifacts (the files) in the environment's bucket, without its index. */
    List<String> keys(String environment) {
        return allKeys(environment).stream().filter(key -> !ArtifactIndexKeys.isIndexKey(key)).toList();
    }

    /** The index objects in the environment's bucket (version records, latest.json). */
    List<String> indexKeys(String environment) {
        return allKeys(environment).stream().filter(ArtifactIndexKeys::isIndexKey).toList();
    }

    private List<String> allKeys(String environment) {
        return s3.listObjectsV2Paginator(l -> l.bucket(artifactsBucket(environment))).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** An index object of the environment's bucket, parsed. */
    JsonNode index(String environment, String key) {
        return Json.parse(new String(bytes(environment, key), StandardCharsets.UTF_8));
    }

    /** How many times the object was written (the bucket is versioned). */
    int writes(String environment, String key) {
        return (int) s3.listObjectVersions(l -> l.bucket(artifactsBucket(environment)).prefix(key)).versions().stream()
                .filter(version -> version.key().equals(key)).count();
    }

    byte[] bytes(String environment, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(artifactsBucket(environment)).key(key)).asByteArray();
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return dynamoDb.getItem(g -> g.tableName(registry).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    List<Map<String, AttributeValue>> items(String pk) {
        return dynamoDb.query(q -> q.tableName(registry).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items();
    }

    String functionLogs() {
        return functionLogs.toString(StandardCharsets.UTF_8);
    }

    static String summary(Execution e) {
        return e.name() + " " + e.status() + " error=" + e.error() + " cause=" + e.cause() + " output=" + e.output();
    }

    static void assertSucceeded(Execution e) {
        assertThat(e.status()).as(summary(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    static JsonNode output(Execution e) {
        assertSucceeded(e);
        return e.output();
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        aws.close();
        s3.close();
        dynamoDb.close();
        secrets.close();
    }
}
