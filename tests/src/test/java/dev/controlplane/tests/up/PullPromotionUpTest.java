package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.controlplane.local.LocalEnvironments;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.iam.LocalIam;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The pull, through {@code up} with dev, staging and prod side by side, IAM enforced, each stack with the pull's
 * parameters (samconfig.toml): CI uploads a build to dev and GitHub's merge
 * reaches dev's webhook; dev announces the version on staging's promotion bus, staging's own rule starts staging's
 * promote-artifact, which pulls the files pinned to dev's object versions and announces them to prod; prod asks for
 * approval in its own registry, where only prod's principals can answer it.
 */
@EndToEndTest
class PullPromotionUpTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String REGION = "eu-west-1";
    static final String ARTIFACT = "data-eng/churn/churn";

    @TempDir
    static Path dir;
    static LocalEnvironments envs;
    static final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void startThree() {
        envs = LocalEnvironments.start(new LocalRuntime.Options(ROOT.resolve("template.yaml"), dir.resolve("data"),
                dir.resolve("secrets.json"), ROOT.resolve("config"), 0, Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8), null,
                // launch-cluster's 30 s polls of a smoke run, and every other wait, at a twentieth
                new LocalRuntime.Tuning(0.05, dev.workspace.RunTimings.instant(), false, false)), List.of("dev", "staging", "prod"));
    }

    @AfterAll
    static void stop() {
        if (envs != null) envs.close();
    }

    @Test
    void aVersionIsPulledUpTheChainAndOnlyProdItselfCanApproveIt() throws Exception {
        Clients dev = clients("dev", null), staging = clients("staging", null), prod = clients("prod", null);
        byte[] script = "print('churn 1.0.0')\n".getBytes(StandardCharsets.UTF_8);
        String commit = "a".repeat(40);
        uploadBuild(dev, "1.0.0", commit, script);
        merge(dev, commit);

        DescribeExecutionResponse stagingRun = awaitEnded(staging, announced("1.0.0", false));
        assertThat(stagingRun.status()).as(stagingRun.output() + stagingRun.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(stagingRun.output()).path("announcedTo").asText()).isEqualTo("prod");
        String key = "data-eng/churn/churn/churn-1.0.0.py";
        assertThat(staging.s3.getObjectAsBytes(g -> g.bucket(bucket("staging")).key(key)).asByteArray()).isEqualTo(script);
        assertThat(staging.item(registry("staging"), "ARTIFACT#" + ARTIFACT, "VERSION#1.0.0").get("pulledFrom").s()).isEqualTo("dev");
        // staging's config asks for a smoke run: launch-cluster ran the version just pulled, with the team's parameters
        JsonNode smoke = launchInput(staging, "1.0.0");
        assertThat(smoke.path("parameters").path("mode").asText()).isEqualTo("smoke");

        // prod's approval is requested and held in prod's stack alone
        Map<String, AttributeValue> approval = awaitApproval(prod, "1.0.0");
        assertThat(approval.get("environment").s()).isEqualTo("prod");
        assertThat(dev.scan(registry("dev"), "APPROVAL")).isEmpty();
        assertThat(staging.scan(registry("staging"), "APPROVAL")).isEmpty();
        String token = approval.get("taskToken").s();

        // no principal of dev can answer prod's approval or write prod's bucket
        Clients devRole = clients("prod", envs.environment("dev").accessKeyOf("PromoteArtifactStateMachine"));
        assertThatThrownBy(() -> devRole.sfn.sendTaskSuccess(s -> s.taskToken(token).output("{\"approvedBy\":\"dev\"}")))
                .isInstanceOfSatisfying(SfnException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        Clients devPublisher = clients("dev", envs.environment("dev").accessKeyOf("PublishArtifactFunction"));
        assertThatThrownBy(() -> devPublisher.s3.putObject(p -> p.bucket(bucket("prod")).key(key + ".evil").ifNoneMatch("*"),
                RequestBody.fromString("evil"))).isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("iam: AccessDenied");

        prod.sfn.sendTaskSuccess(s -> s.taskToken(token).output("{\"approvedBy\":\"release-manager\"}"));
        DescribeExecutionResponse prodRun = awaitEnded(prod, announced("1.0.0", false));
        assertThat(prodRun.status()).as(prodRun.output() + prodRun.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(prod.s3.getObjectAsBytes(g -> g.bucket(bucket("prod")).key(key)).asByteArray()).isEqualTo(script);
        Map<String, AttributeValue> prodVersion = prod.item(registry("prod"), "ARTIFACT#" + ARTIFACT, "VERSION#1.0.0");
        assertThat(prodVersion.get("environments").ss()).containsExactly("prod");
        assertThat(prodVersion.get("pulledFrom").s()).isEqualTo("staging");
    }

    @Test
    void prodPullsStagingsPinnedBytesEvenWhenStagingsObjectIsReplacedAndAReleaseMovesLatestInEachEnvironment() throws Exception {
        Clients dev = clients("dev", null), staging = clients("staging", null), prod = clients("prod", null);
        byte[] script = "print('churn 2.0.0')\n".getBytes(StandardCharsets.UTF_8);
        String commit = "b".repeat(40);
        String key = "data-eng/churn/churn/churn-2.0.0.py";
        uploadBuild(dev, "2.0.0", commit, script);
        merge(dev, commit);
        String token = awaitApproval(prod, "2.0.0").get("taskToken").s();

        // while prod's approval waits, staging's object is replaced (an administrator, a mistake): a new object version
        staging.s3.putObject(p -> p.bucket(bucket("staging")).key(key), RequestBody.fromString("print('not what was approved')\n"));
        prod.sfn.sendTaskSuccess(t -> t.taskToken(token).output("{\"approvedBy\":\"release-manager\"}"));
        DescribeExecutionResponse prodRun = awaitEnded(prod, announced("2.0.0", false));
        assertThat(prodRun.status()).as(prodRun.output() + prodRun.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(prod.s3.getObjectAsBytes(g -> g.bucket(bucket("prod")).key(key)).asByteArray())
                .as("prod pulled the object version staging announced, not the one written after").isEqualTo(script);

        release(dev, "v2.0.0");
        awaitEnded(prod, announced("2.0.0", true));
        for (Clients env : List.of(dev, staging, prod)) {
            String name = env.runtime().environment();
            assertThat(env.item(registry(name), "ARTIFACT#" + ARTIFACT, "LATEST#" + name).get("version").s()).as(name).isEqualTo("2.0.0");
            JsonNode latest = Json.parse(env.s3.getObjectAsBytes(g -> g.bucket(bucket(name)).key("data-eng/churn/churn/_index/latest.json"))
                    .asUtf8String());
            assertThat(latest.path("version").asText()).as(name + " latest.json").isEqualTo("2.0.0");
        }

        // 2.1.0 released everywhere, then prod alone rolls back to 2.0.0, in prod's own stack and registry
        byte[] next = "print('churn 2.1.0')\n".getBytes(StandardCharsets.UTF_8);
        uploadBuild(dev, "2.1.0", "c".repeat(40), next);
        merge(dev, "c".repeat(40));
        String approval = awaitApproval(prod, "2.1.0").get("taskToken").s();
        prod.sfn.sendTaskSuccess(t -> t.taskToken(approval).output("{\"approvedBy\":\"release-manager\"}"));
        awaitEnded(prod, announced("2.1.0", false));
        release(dev, "v2.1.0");
        awaitEnded(prod, announced("2.1.0", true));
        ObjectNode rollback = Json.object().put("action", "rollback").put("artifact", ARTIFACT).put("environment", "prod")
                .put("version", "2.0.0").put("requestedBy", "jdoe").put("reason", "2.1.0 breaks the nightly close");
        Clients devRole = clients("prod", envs.environment("dev").accessKeyOf("PromoteArtifactStateMachine"));
        assertThatThrownBy(() -> devRole.sfn.startExecution(x -> x.stateMachineArn(promoteArtifact("prod")).input(Json.write(rollback))))
                .isInstanceOfSatisfying(SfnException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        String rolledBack = prod.sfn.startExecution(x -> x.stateMachineArn(promoteArtifact("prod")).input(Json.write(rollback))).executionArn();
        DescribeExecutionResponse done = awaitEnded(prod, d -> d.executionArn().equals(rolledBack));
        assertThat(done.status()).as(done.output() + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Map<String, AttributeValue> prodLatest = prod.item(registry("prod"), "ARTIFACT#" + ARTIFACT, "LATEST#prod");
        assertThat(prodLatest.get("version").s()).isEqualTo("2.0.0");
        assertThat(prodLatest.get("rolledBackFrom").s()).isEqualTo("2.1.0");
        assertThat(prodLatest.get("rollbackReason").s()).isEqualTo("2.1.0 breaks the nightly close");
        assertThat(staging.item(registry("staging"), "ARTIFACT#" + ARTIFACT, "LATEST#staging").get("version").s()).isEqualTo("2.1.0");
    }

    @Test
    void aVersionRejectedInProdIsTakenInAgainByARetryInProdFromWhatStagingAnnounced() throws Exception {
        Clients dev = clients("dev", null), prod = clients("prod", null);
        byte[] script = "print('churn 4.0.0')\n".getBytes(StandardCharsets.UTF_8);
        String commit = "d".repeat(40);
        uploadBuild(dev, "4.0.0", commit, script);
        merge(dev, commit);
        String token = awaitApproval(prod, "4.0.0").get("taskToken").s();
        prod.sfn.sendTaskFailure(t -> t.taskToken(token).error("Rejected").cause("not before the audit"));
        DescribeExecutionResponse rejected = awaitEnded(prod, announced("4.0.0", false));
        assertThat(rejected.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(rejected.error()).isEqualTo("PromotionRejected");
        assertThat(prod.scan(registry("prod"), "APPROVAL")).noneMatch(i -> i.get("publishedVersion").s().equals("4.0.0"));

        String retry = retry(prod, "4.0.0");
        awaitApproval(prod, "4.0.0");
        String second = retry(prod, "4.0.0");
        DescribeExecutionResponse refused = awaitEnded(prod, d -> d.executionArn().equals(second));
        assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("RetryRefused");
        assertThat(refused.cause()).contains("is still being promoted into prod by " + retry);

        String again = awaitApproval(prod, "4.0.0").get("taskToken").s();
        prod.sfn.sendTaskSuccess(t -> t.taskToken(again).output("{\"approvedBy\":\"release-manager\"}"));
        DescribeExecutionResponse retried = awaitEnded(prod, d -> d.executionArn().equals(retry));
        assertThat(retried.status()).as(retried.output() + retried.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(prod.s3.getObjectAsBytes(g -> g.bucket(bucket("prod")).key("data-eng/churn/churn/churn-4.0.0.py")).asByteArray())
                .isEqualTo(script);
    }

    @Test
    void aFailedSmokeRunInStagingKeepsTheVersionOutOfStagingAndAnnouncesNothing() throws Exception {
        Clients dev = clients("dev", null), staging = clients("staging", null), prod = clients("prod", null);
        HttpRequest fault = HttpRequest.newBuilder(envs.environment("staging").endpoints().aws().resolve("/_controlplane/faults"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\": \"databricks\", \"fault\": \"run-fails\","
                        + " \"message\": \"AnalysisException: Table or view not found: curated.churn_features\"}")).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(fault, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        byte[] script = "print('churn 5.0.0')\n".getBytes(StandardCharsets.UTF_8);
        uploadBuild(dev, "5.0.0", "e".repeat(40), script);
        merge(dev, "e".repeat(40));

        DescribeExecutionResponse failed = awaitEnded(staging, announced("5.0.0", false));
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("SmokeRunFailed");
        assertThat(failed.cause()).contains("data-eng/churn/churn 5.0.0 was copied into staging but not taken in")
                .contains("Table or view not found: curated.churn_features").contains("latest there did not move");
        assertThat(staging.item(registry("staging"), "ARTIFACT#" + ARTIFACT, "VERSION#5.0.0").get("environments")).isNull();
        assertThat(prod.sfn.listExecutions(l -> l.stateMachineArn(promoteArtifact("prod"))).executions().stream()
                .map(e -> prod.sfn.describeExecution(x -> x.executionArn(e.executionArn())))
                .filter(announced("5.0.0", false))).as("nothing announced to prod").isEmpty();
    }

    /** The input of the launch-cluster execution that ran a version in an environment (a smoke run). */
    static JsonNode launchInput(Clients env, String version) {
        String machine = env.runtime().resources().stateMachine("LaunchClusterStateMachine").orElseThrow();
        return env.sfn.listExecutions(l -> l.stateMachineArn(machine)).executions().stream()
                .map(e -> Json.parse(env.sfn.describeExecution(x -> x.executionArn(e.executionArn())).input()))
                .filter(i -> i.path("script_version").asText().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError("no launch-cluster execution ran " + version + " in " + env.runtime().environment()));
    }

    /** A person's retry of a version's promotion in an environment, as the CLI and the console start it there. */
    static String retry(Clients env, String version) {
        ObjectNode input = Json.object().put("action", "retry").put("artifact", ARTIFACT).put("version", version).put("requestedBy", "jdoe");
        return env.sfn.startExecution(x -> x.stateMachineArn(promoteArtifact(env.runtime().environment()))
                .name("retry-" + version + "-" + System.nanoTime()).input(Json.write(input))).executionArn();
    }

    static Predicate<DescribeExecutionResponse> announced(String version, boolean released) {
        return d -> {
            JsonNode input = Json.parse(d.input());
            return input.path("detail-type").asText().equals("Version published")
                    && input.path("detail").path("publishedVersion").asText().equals(version)
                    && input.path("detail").path("released").asBoolean() == released;
        };
    }

    // --- the three stacks' public endpoints, as CI, GitHub and a person use them

    record Clients(S3Client s3, SfnClient sfn, DynamoDbClient dynamo, SecretsManagerClient secrets, LocalRuntime runtime) {
        Map<String, AttributeValue> item(String table, String pk, String sk) {
            return dynamo.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
        }

        List<Map<String, AttributeValue>> scan(String table, String pk) {
            return dynamo.scan(s -> s.tableName(table)).items().stream().filter(i -> i.get("pk").s().equals(pk)).toList();
        }
    }

    /** Clients of an environment's AWS endpoint: an administrator's, or a role's when its access key is given. */
    static Clients clients(String environment, String accessKey) {
        LocalRuntime r = envs.environment(environment);
        URI endpoint = r.endpoints().aws();
        var credentials = StaticCredentialsProvider.create(accessKey == null ? AwsBasicCredentials.create("local", "local")
                : AwsBasicCredentials.create(accessKey, LocalIam.SECRET_KEY));
        return new Clients(
                S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).forcePathStyle(true).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SfnClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                r);
    }

    static String bucket(String environment) {
        return envs.environment(environment).resources().artifactBuckets().get(environment);
    }

    static String registry(String environment) {
        return envs.environment(environment).resources().registryTable();
    }

    static String promoteArtifact(String environment) {
        return envs.environment(environment).resources().stateMachine("PromoteArtifactStateMachine").orElseThrow();
    }

    /** CI: the files, then the manifest, into dev's inbox (its notification starts dev's promote-artifact). */
    static void uploadBuild(Clients dev, String version, String commit, byte[] script) throws Exception {
        String inbox = dev.runtime().resources().inboxBucket();
        String prefix = "data-eng/churn/" + commit + "/";
        dev.s3.putObject(p -> p.bucket(inbox).key(prefix + "churn.py"), RequestBody.fromBytes(script));
        ObjectNode manifest = Json.object();
        manifest.put("team", "data-eng").put("project", "churn").put("script", "churn").put("version", version)
                .put("branch", "main").put("commit", commit);
        ArrayNode files = manifest.putArray("files");
        files.addObject().put("name", "churn.py").put("sha256", sha256(script)).put("size", script.length);
        dev.s3.putObject(p -> p.bucket(inbox).key(prefix + "manifest.json"), RequestBody.fromString(Json.write(manifest)));
    }

    /** GitHub: the signed push of the merge commit onto main, to dev's webhook. */
    static void merge(Clients dev, String commit) throws Exception {
        ObjectNode body = Json.object();
        body.put("ref", "refs/heads/main").put("before", "0".repeat(40)).put("after", commit).put("created", false).put("deleted", false);
        body.putObject("repository").put("name", "churn").put("full_name", "acme-data/churn").put("default_branch", "main");
        body.putObject("pusher").put("name", "jdoe");
        body.putObject("head_commit").put("id", commit).put("message", "Merge pull request #42");
        deliver(dev, "push", "delivery-" + commit.substring(0, 8), Json.write(body));
    }

    static void deliver(Clients dev, String event, String delivery, String text) throws Exception {
        LocalRuntime r = dev.runtime();
        String secret = dev.secrets.getSecretValue(g -> g.secretId(r.resources().webhookSecretId())).secretString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(r.endpoints().httpApi().resolve(r.resources().webhookPath()))
                .header("content-type", "application/json").header("x-github-event", event)
                .header("x-github-delivery", delivery).header("x-hub-signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        }
    }

    /** GitHub: the signed release of a tag, to dev's webhook. */
    static void release(Clients dev, String tag) throws Exception {
        ObjectNode body = Json.object();
        body.put("action", "published");
        body.putObject("release").put("tag_name", tag).put("draft", false).put("prerelease", false).put("name", tag);
        body.putObject("repository").put("name", "churn").put("full_name", "acme-data/churn").put("default_branch", "main");
        deliver(dev, "release", "delivery-" + tag, Json.write(body));
    }

    /** The first execution of the environment's promote-artifact matching, once it has ended. */
    static DescribeExecutionResponse awaitEnded(Clients env, Predicate<DescribeExecutionResponse> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (var e : env.sfn.listExecutions(l -> l.stateMachineArn(promoteArtifact(env.runtime().environment()))).executions()) {
                DescribeExecutionResponse d = env.sfn.describeExecution(x -> x.executionArn(e.executionArn()));
                seen.add(d.name() + " " + d.status());
                if (which.test(d) && d.status() != ExecutionStatus.RUNNING) return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching execution ended in " + env.runtime().environment() + " within 90 s: " + seen
                + "\n" + log.toString(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> awaitApproval(Clients env, String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            List<Map<String, AttributeValue>> pending = env.scan(registry(env.runtime().environment()), "APPROVAL").stream()
                    .filter(i -> i.get("publishedVersion").s().equals(version)).toList();
            if (!pending.isEmpty()) return pending.getFirst();
            Thread.sleep(100);
        }
        throw new AssertionError("no approval requested in " + env.runtime().environment() + " within 90 s\n"
                + log.toString(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
