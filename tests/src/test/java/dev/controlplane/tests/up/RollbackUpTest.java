package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.cli.Main;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Rollback of {@code latest}, through up's public endpoints only (dev, staging and prod side by side), IAM enforced: two
 * versions built, merged, pulled up the chain, approved in prod's console and released as CI, GitHub and an approver
 * do; then {@code controlplane promote rollback --stack prod} moves prod's latest back, staging's console's Artifacts
 * page (in a browser) moves staging's back, each recorded with who and why in that environment's own registry, and a
 * rollback to a version never released there is refused naming it.
 */
@EndToEndTest
class RollbackUpTest {

    static final String ARTIFACT = "data-eng/churn/churn";
    static final String PROD_BUCKET = "controlplane-artifacts-prod-333333333333-eu-west-1";

    @TempDir
    static Path dir;
    static UpProcess up;
    static UpEndToEndTest.Clients aws;
    /** Each environment's clients, by name. */
    static final Map<String, UpEndToEndTest.Clients> env = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void startUp() throws Exception {
        up = UpProcess.start(dir.resolve("data"));
        for (String e : up.environments()) env.put(e, new UpEndToEndTest.Clients(up.aws(e), e));
        aws = env.get("dev");
    }

    @AfterAll
    static void stopUp() throws Exception {
        env.values().forEach(UpEndToEndTest.Clients::close);
        if (up != null) up.close();
    }

    record Result(int code, String out, String err) {}

    static Result controlplane(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result rollbackCommand(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", up.aws("prod").toString());
        int code = dev.controlplane.cli.PromoteCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** GitHub's delivery of a payload, signed with up's secret by controlplane webhook send. */
    static void deliver(String event, ObjectNode payload) throws Exception {
        Path file = Files.writeString(dir.resolve(event + "-" + System.nanoTime() + ".json"), Json.write(payload));
        Result sent = controlplane("webhook", "send", file.toString(), "--event", event, "--data", dir.resolve("data").toString());
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
    }

    static ObjectNode repository(ObjectNode body) {
        body.putObject("repository").put("name", "churn").put("full_name", "acme-data/churn").put("default_branch", "main");
        return body;
    }

    /** CI's build of the version, the merge of its commit, prod's approval in prod's console, and its release. */
    static void release(String version, String commit) throws Exception {
        byte[] script = ("print('churn " + version + "')\n").getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script));
        ObjectNode manifest = Json.object().put("team", "data-eng").put("project", "churn").put("script", "churn")
                .put("version", version).put("branch", "main").put("commit", commit);
        manifest.putArray("files").addObject().put("name", "churn.py").put("sha256", sha256).put("size", script.length);
        String prefix = "data-eng/churn/" + commit + "/";
        aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "churn.py"), RequestBody.fromBytes(script));
        aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "manifest.json"), RequestBody.fromString(Json.write(manifest)));
        ObjectNode push = repository(Json.object().put("ref", "refs/heads/main").put("before", "0".repeat(40)).put("after", commit)
                .put("created", false).put("deleted", false));
        push.putObject("head_commit").put("id", commit).put("message", "Merge " + version);
        push.putObject("pusher").put("name", "jdoe");
        deliver("push", push);
        UpEndToEndTest.Clients prod = env.get("prod");
        String arrival = prod.awaitArrival(version, false);
        prod.awaitApprovalRequest(arrival);
        String approved = PromotionRetryUpTest.send(up.console("prod"), "POST", "/api/approvals/approve", Json.object()
                .put("id", "prod#" + arrival).put("approvedBy", "lead").toString()).body();
        assertThat(prod.await(arrival).status()).as(approved).isEqualTo(ExecutionStatus.SUCCEEDED);
        ObjectNode published = repository(Json.object().put("action", "published"));
        published.putObject("release").put("tag_name", "v" + version).put("draft", false).put("prerelease", false);
        deliver("release", published);
        awaitLatest("prod", version);
    }

    /** latest in the environment's own registry. */
    static String latest(String environment) {
        UpEndToEndTest.Clients where = env.get(environment);
        var item = where.dynamo.getItem(g -> g.tableName(where.registry).key(Map.of("pk", AttributeValue.fromS("ARTIFACT#" + ARTIFACT),
                "sk", AttributeValue.fromS("LATEST#" + environment)))).item();
        return item == null || !item.containsKey("version") ? null : item.get("version").s();
    }

    static void awaitLatest(String environment, String version) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!version.equals(latest(environment))) {
            if (System.nanoTime() > deadline) throw new AssertionError("latest in " + environment + " is " + latest(environment) + ", not " + version);
            Thread.sleep(100);
        }
    }

    @Test
    void latestMovesBackFromTheCliAndTheConsoleRecordedWithWhoAndWhy() throws Exception {
        release("2.0.0", "2".repeat(40));
        release("2.1.0", "3".repeat(40));

        Result cli = rollbackCommand("rollback", ARTIFACT, "2.0.0", "--in", "prod", "--by", "lead", "--reason", "2.1.0 breaks the close",
                "--stack", "prod");

        assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).startsWith("rollback of latest of data-eng/churn/churn in prod back to 2.0.0: ").contains("\"outcome\":\"rolled-back\"");
        assertThat(latest("prod")).isEqualTo("2.0.0");
        JsonNode index = Json.parse(aws.s3.getObjectAsBytes(g -> g.bucket(PROD_BUCKET).key(ARTIFACT + "/_index/latest.json")).asUtf8String());
        assertThat(index.path("version").asText()).as("prod's launches resolve latest from here").isEqualTo("2.0.0");

        // staging's console's Artifacts page: "roll back here" on 2.0.0, with who and why
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(up.console("staging"), "#/artifacts");
            By button = By.cssSelector("section[data-artifact='" + ARTIFACT + "'] tr[data-version='2.0.0'] td[data-environment='staging'] button.rollback");
            browser.wait.until(ExpectedConditions.elementToBeClickable(button)).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "the reason for the rollback"));
            assertThat(latest("staging")).as("nothing moves without who and why").isEqualTo("2.1.0");
            browser.page.findElement(By.id("requester-name")).sendKeys("ops");
            browser.page.findElement(By.id("rollback-reason")).sendKeys("as prod");
            browser.page.findElement(button).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("promotion-notice"),
                    "latest of " + ARTIFACT + " in staging is back at 2.0.0"));
            assertThat(browser.page.findElement(By.cssSelector("section[data-artifact='" + ARTIFACT + "'] tr[data-version='2.0.0']"))
                    .getText()).contains("latest in staging");
        }
        assertThat(latest("staging")).isEqualTo("2.0.0");
        assertThat(latest("dev")).isEqualTo("2.1.0");
        // each environment records its own rollbacks
        java.util.List<Map<String, AttributeValue>> records = new java.util.ArrayList<>();
        for (UpEndToEndTest.Clients where : env.values()) {
            records.addAll(where.dynamo.query(q -> q.tableName(where.registry).keyConditionExpression("pk = :pk AND begins_with(sk, :r)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ARTIFACT#" + ARTIFACT), ":r", AttributeValue.fromS("ROLLBACK#"))))
                    .items());
        }
        assertThat(records).extracting(r -> r.get("environment").s() + " " + r.get("from").s() + "->" + r.get("to").s() + " by "
                + r.get("requestedBy").s() + ": " + r.get("reason").s())
                .containsExactlyInAnyOrder("prod 2.1.0->2.0.0 by lead: 2.1.0 breaks the close", "staging 2.1.0->2.0.0 by ops: as prod");

        var refused = PromotionRetryUpTest.send(up.console("prod"), "POST", "/api/promotions/rollback", Json.object().put("artifact", ARTIFACT)
                .put("environment", "prod").put("version", "1.9.0").put("requestedBy", "ops").put("reason", "older").toString());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.parse(refused.body()).path("message").asText())
                .startsWith("RollBackLatest: rollback of data-eng/churn/churn in prod: version is 1.9.0, which is not registered");
    }
}
