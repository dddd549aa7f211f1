package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.controlplane.cli.Main;
import dev.controlplane.cli.PromoteCommand;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A promotion that stops is taken up again, through up's public endpoints only (dev, staging and prod side by side),
 * its functions running from their packages with IAM enforced: examples/churn, pulled into prod, is rejected at prod's
 * approval in prod's console, then retried in prod with {@code controlplane promote retry --stack prod} (no new
 * commit); prod's console refuses a second retry while that one runs, shows the retry's approval, approves it, and a
 * retry of a version prod has is refused.
 */
@EndToEndTest
class PromotionRetryUpTest {

    static final String ARTIFACT = "data-eng/churn/churn";
    static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";

    @TempDir
    static Path dir;
    static UpProcess up;
    static UpEndToEndTest.Clients aws;
    static UpEndToEndTest.Clients prod;

    @BeforeAll
    static void startUp() throws Exception {
        up = UpProcess.start(dir.resolve("data"));
        aws = new UpEndToEndTest.Clients(up.aws);
        prod = new UpEndToEndTest.Clients(up.aws("prod"), "prod");
    }

    @AfterAll
    static void stopUp() throws Exception {
        if (prod != null) prod.close();
        if (aws != null) aws.close();
        if (up != null) up.close();
    }

    record Result(int code, String out, String err) {}

    /** controlplane promote in prod's stack, with prod's endpoint. */
    static Result promote(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", up.aws("prod").toString());
        int code = PromoteCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A request to prod's console. */
    static HttpResponse<String> console(String method, String path, String body) throws Exception {
        return send(up.console("prod"), method, path, body);
    }

    /** A request to a console, as its page sends it. */
    static HttpResponse<String> send(URI console, String method, String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(console.resolve(path)).header("Content-Type", "application/json");
            request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRejectedPromotionIsRetriedFromTheCliAndApprovedInTheConsole() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"webhook", "send", UpProcess.ROOT.resolve("events/github-push-merge.json").toString(),
                "--data", dir.resolve("data").toString()}, new PrintStream(sent, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).as(sent.toString(StandardCharsets.UTF_8)).isZero();
        String prefix = "data-eng/churn/" + COMMIT + "/";
        aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "churn.py"),
                RequestBody.fromFile(UpProcess.ROOT.resolve("examples/churn/churn.py")));
        aws.s3.putObject(p -> p.bucket(UpEndToEndTest.INBOX).key(prefix + "manifest.json"),
                RequestBody.fromFile(UpProcess.ROOT.resolve("examples/churn/manifest.json")));
        String arrival = prod.awaitArrival("1.4.0", false);
        prod.awaitApprovalRequest(arrival);
        String id = "prod#" + arrival;
        HttpResponse<String> rejected = console("POST", "/api/approvals/reject", Json.object().put("id", id)
                .put("rejectedBy", "lead").put("reason", "not this week").toString());
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(prod.await(arrival).error()).isEqualTo("PromotionRejected");

        Result retried = promote("retry", ARTIFACT, "1.4.0", "--by", "lead", "--stack", "prod");

        assertThat(retried.code()).as(retried.out() + retried.err()).isZero();
        assertThat(retried.out()).startsWith("retry of data-eng/churn/churn 1.4.0 requested by lead: ")
                .contains("holds the promotion");
        String retry = prod.awaitExecution(prod.promote, arn -> arn.contains(":retry-data-eng-churn-churn-1.4.0-"));
        prod.awaitApprovalRequest(retry);

        // prod's console's "Retry promotion" button, in a browser: refused while the CLI's retry holds the promotion
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(up.console("prod"), "#/artifacts");
            By button = By.cssSelector("section[data-artifact='" + ARTIFACT + "'] tr[data-version='1.4.0'] button.retry");
            browser.wait.until(ExpectedConditions.elementToBeClickable(button));
            browser.page.findElement(By.id("requester-name")).sendKeys("ops");
            browser.page.findElement(button).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                    "retry of data-eng/churn/churn 1.4.0: version is still being promoted into prod by " + retry));
        }

        JsonNode approvals = Json.parse(console("GET", "/api/approvals", null).body()).path("approvals");
        assertThat(approvals.findValuesAsText("execution")).containsExactly(retry);
        HttpResponse<String> approved = console("POST", "/api/approvals/approve", Json.object().put("id", "prod#" + retry)
                .put("approvedBy", "lead").toString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        var done = prod.await(retry);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(done.output()).path("outcome").asText()).isEqualTo("promoted");
        assertThat(aws.s3.listObjectsV2(l -> l.bucket("controlplane-artifacts-prod-333333333333-eu-west-1")
                .prefix(ARTIFACT + "/churn-")).contents()).isNotEmpty();

        Result everywhere = promote("retry", ARTIFACT, "1.4.0", "--by", "lead", "--stack", "prod");
        assertThat(everywhere.code()).isEqualTo(1);
        assertThat(everywhere.err()).startsWith("controlplane promote retry: data-eng/churn/churn 1.4.0 refused: RetryRefused: ")
                .contains("version is already in prod");
        assertThat(everywhere.err().lines()).hasSize(1);
    }

    @Test
    void aRetryNeedsWhoAsksAndAnArtifactNamedAsTheRegistryNamesIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"promote", "retry", ARTIFACT, "1.4.0"}, System.out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"promote", "retry", "churn", "1.4.0", "--by", "lead"}, System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("controlplane: ")))
                .containsExactly("controlplane: promote retry needs --by NAME: the request records who made it",
                        "controlplane: promote retry: ARTIFACT is 'churn'; expected {team}/{project}/{script}, e.g. data-eng/churn/churn");
    }
}
