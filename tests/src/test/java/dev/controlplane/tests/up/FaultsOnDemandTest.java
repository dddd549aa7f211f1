package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Faults injected from outside a running {@code up} with {@code controlplane faults} (a separate process, as a person runs
 * it), and the workflows watched through up's public endpoints only: the AWS endpoint, the workspace's REST API (with
 * the token of up's secrets file, as the functions have it) and the console's API.
 */
@EndToEndTest
class FaultsOnDemandTest {
    static final String LAUNCH = "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-launch-cluster-dev";
    static final String REPLICATE = "arn:aws:states:eu-west-1:222222222222:stateMachine:controlplane-replicate-data-staging";
    static final String INBOX = "controlplane-inbox-dev-111111111111-eu-west-1";
    static final String BUILD = "data-eng/churn/3f786850e387550fdab836ed7e6dc881de23001b/";
    static final Set<String> ACTIVE = Set.of("QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY");

    @TempDir
    Path dir;

    @Test
    void launchWithThrottledSubmitsAndAFailedGetStartsExactlyOneRun_andAClusterThatNeverStartsIsCancelledAtTheTimeout()
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("dev")).resolve("data");
        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            publishTheExampleBuild(aws);
            Workspace workspace = new Workspace(data, up);

            // the first two submits throttled (the SDK retries them), the first get of the run a 500 (the workflow does)
            assertThat(faults(data, "add", "databricks", "jobs/runs/submit", "429", "--times", "2").out())
                    .contains("databricks  jobs/runs/submit: 429 REQUEST_LIMIT_EXCEEDED on the next 2 call(s)");
            faults(data, "add", "databricks", "jobs/runs/get", "500", "--times", "1");
            assertThat(consoleFaults(up).path("databricks").toString()).contains("jobs/runs/get: 500 INTERNAL_ERROR");
            // the console's Faults page shows them, one row each
            try (HeadlessChromium browser = new HeadlessChromium()) {
                browser.open(up.console, "#/faults");
                browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#faults tbody tr"), 2));
                assertThat(browser.page.findElement(By.id("faults")).getText())
                        .contains("databricks", "jobs/runs/submit: 429 REQUEST_LIMIT_EXCEEDED", "jobs/runs/get: 500 INTERNAL_ERROR");
            }

            var done = launch(aws, "{\"team\": \"data-eng\", \"project_name\": \"churn\", \"script_version\": \"1.4.0\","
                    + " \"parameters\": {\"date\": \"2026-11-23\"}, \"timeout_seconds\": 300, \"poll_seconds\": 1}");
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(workspace.runs()).as("one run for one launch, whatever was retried").hasSize(1);
            assertThat(faults(data, "list").out()).as("every injected call fault was used").isEqualTo("no faults\n");
            try (HeadlessChromium browser = new HeadlessChromium()) {
                browser.open(up.console, "#/faults");
                browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No faults are active."));
            }
            List<String> steps = aws.sfn.getExecutionHistory(h -> h.executionArn(done.executionArn())).events().stream()
                    .filter(e -> e.lambdaFunctionFailedEventDetails() != null || e.taskFailedEventDetails() != null)
                    .map(e -> e.taskFailedEventDetails() != null ? e.taskFailedEventDetails().error()
                            : e.lambdaFunctionFailedEventDetails().error()).toList();
            assertThat(steps).as("the 500 failed PollRun once, retried by the workflow")
                    .containsExactly("dev.controlplane.errors.WorkspaceUnavailableException");

            // a cluster that never starts: the run waits PENDING until the workflow's timeout cancels it
            faults(data, "add", "databricks", "cluster-never-starts");
            var timedOut = launch(aws, "{\"team\": \"data-eng\", \"project_name\": \"churn\", \"script_version\": \"1.4.0\","
                    + " \"parameters\": {\"date\": \"2026-11-24\"}, \"timeout_seconds\": 8, \"poll_seconds\": 2}");
            assertThat(timedOut.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(timedOut.error()).isEqualTo("RunTimedOut");
            assertThat(timedOut.cause()).contains("did not end within 8 s (timeout_seconds); cancelled, now TERMINATED CANCELED");
            List<JsonNode> runs = workspace.runs();
            assertThat(runs).hasSize(2);
            assertThat(runs).as("nothing left running").noneSatisfy(run ->
                    assertThat(ACTIVE).contains(run.path("state").path("life_cycle_state").asText()));
            assertThat(workspace.clusters()).as("no cluster left starting or running")
                    .allSatisfy(cluster -> assertThat(cluster.path("state").asText()).isIn("TERMINATED", "TERMINATING"));
        }
    }

    @Test
    void replicationUnderS3SlowDownFinishesWithNothingLost() throws Exception {
        Path data = Files.createDirectories(dir.resolve("staging")).resolve("data");
        try (UpProcess up = UpProcess.start(data, UpProcess.ROOT.resolve("template.yaml"), "--parameter", "Environment=staging");
             UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            int objects = 40;
            for (int i = 0; i < objects; i++) {
                String key = "landing/sales/orders/2026/12/06/part-" + String.format("%05d", i) + ".json";
                String body = "{\"part\": " + i + "}";
                aws.s3.putObject(p -> p.bucket("acme-lake-prod-333333333333").key(key), RequestBody.fromString(body));
            }
            faults(data, "add", "aws", "s3:CopyObject", "SlowDown", "--times", "25");
            faults(data, "add", "aws", "s3:ListObjectsV2", "SlowDown", "--times", "2");
            assertThat(faults(data, "list").out()).contains("aws  s3:CopyObject: 503 SlowDown on the next 25 call(s)");

            String arn = aws.sfn.startExecution(s -> s.stateMachineArn(REPLICATE).input("{\"dataset\": \"sales-orders\"}"))
                    .executionArn();
            var done = aws.await(arn);
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode report = Json.parse(done.output()).get("reports").get(0);
            assertThat(report.path("failed").asLong()).isZero();
            assertThat(report.path("copied").path("objects").asLong()).isEqualTo(objects);
            for (int i = 0; i < objects; i++) {
                String key = "landing/sales/orders/2026/12/06/part-" + String.format("%05d", i) + ".json";
                assertThat(aws.s3.getObjectAsBytes(g -> g.bucket("acme-lake-staging-222222222222").key(key)).asUtf8String())
                        .isEqualTo("{\"part\": " + i + "}");
            }
            assertThat(faults(data, "list").out()).as("the SlowDowns were answered").isEqualTo("no faults\n");
            Finished unknown = run(data, "add", "aws", "s3:CopyObject", "Teapot");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).contains("fault 'Teapot' is not one of s3's; expected one of [InternalError, ServiceUnavailable, SlowDown]");
            faults(data, "add", "aws", "dynamodb:PutItem", "ThrottlingException");
            assertThat(faults(data, "clear").out()).isEqualTo("no faults\n");
        }
    }

    @Test
    void faultsWithoutARunningUpSaysWhereItLooked() throws Exception {
        Finished noUp = run(dir.resolve("none").resolve("data"), "list");
        assertThat(noUp.code()).isEqualTo(2);
        assertThat(noUp.err()).contains("no running controlplane up", "endpoints.json does not exist");
    }

    /** The example project's build, uploaded as CI does: promote-artifact publishes 1.4.0 to dev (awaiting the merge). */
    static void publishTheExampleBuild(UpEndToEndTest.Clients aws) throws Exception {
        for (String file : List.of("churn.py", "manifest.json")) {
            aws.s3.putObject(p -> p.bucket(INBOX).key(BUILD + file), UpProcess.ROOT.resolve("examples/churn").resolve(file));
        }
        String upload = aws.awaitExecution(UpEndToEndTest.PROMOTE, arn -> arn.contains(":upload-data-eng-churn-"));
        var done = aws.await(upload);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    private static software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse launch(UpEndToEndTest.Clients aws,
            String input) throws Exception {
        String arn = aws.sfn.startExecution(s -> s.stateMachineArn(LAUNCH).input(input)).executionArn();
        return aws.await(arn);
    }

    /** {@code controlplane faults ARGS --data DATA}, which must succeed. */
    private Finished faults(Path data, String... args) throws Exception {
        Finished done = run(data, args);
        assertThat(done.code()).as("controlplane faults %s: %s", String.join(" ", args), done.err()).isZero();
        return done;
    }

    /** {@code controlplane faults ARGS --data DATA}, as a separate process. */
    static Finished run(Path data, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.controlplane.cli.Main", "faults"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data", data.toString()));
        return Finished.run(new ProcessBuilder(command), 60, "controlplane faults " + String.join(" ", args));
    }

    private static JsonNode consoleFaults(UpProcess up) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(up.console.resolve("/api/faults")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Json.parse(body);
        }
    }

    /** The local workspace's REST API, with the token the functions read from up's secrets. */
    record Workspace(URI url, String token) {
        Workspace(Path data, UpProcess up) throws Exception {
            this(URI.create(Json.parse(Files.readString(data.resolve("endpoints.json"))).get("databricks").asText()),
                    up.secret("controlplane/dev/databricks-token"));
        }

        List<JsonNode> runs() throws Exception {
            List<JsonNode> runs = new ArrayList<>();
            get("/api/2.1/jobs/runs/list").path("runs").forEach(runs::add);
            return runs;
        }

        List<JsonNode> clusters() throws Exception {
            List<JsonNode> clusters = new ArrayList<>();
            get("/api/2.0/clusters/list").path("clusters").forEach(clusters::add);
            return clusters;
        }

        private JsonNode get(String path) throws Exception {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.toString().replaceFirst("/$", "") + path))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
                return Json.parse(response.body());
            }
        }
    }
}
