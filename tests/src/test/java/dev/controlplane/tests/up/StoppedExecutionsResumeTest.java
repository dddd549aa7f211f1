package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An execution up stopped (SIGTERM) while it ran, kept without a journal ({@code CONTROLPLANE_EXECUTION_JOURNAL=off},
 * or an up from before journals), so that the next up redrives it from the state it was in; with the three
 * environments side by side that redrive waits until every environment is up. The start-up summary counts it as
 * resumed only when the redrive went through, and names the one that could not be (stopped longer ago than Step
 * Functions' 14 days).
 */
@EndToEndTest
class StoppedExecutionsResumeTest {

    @TempDir
    Path dir;

    @Test
    void stoppedExecutionsAreCountedResumedOnlyWhenTheirRedriveWentThrough() throws Exception {
        Path data = Files.createDirectories(dir.resolve("project")).resolve("data");
        Map<String, String> noJournal = Map.of("CONTROLPLANE_EXECUTION_JOURNAL", "off");
        String resumed;
        try (UpProcess up = UpProcess.start(data, noJournal); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            assertThat(up.environments()).containsExactly("dev", "staging", "prod");
            FaultsOnDemandTest.publishTheExampleBuild(aws);
            resumed = launchPolling(data, aws, "2026-12-07");
            assertThat(up.stop()).isIn(0, 130, 143);
            assertThat(up.output()).contains("stopped 1 running execution");
        }

        String tooOld;
        try (UpProcess up = UpProcess.start(data, noJournal); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            // the example build's promotion (ended) and the launch, redriven once every environment was up
            assertThat(up.output()).contains("executions found again: 2 (1 resumed)\n").doesNotContain("note:");
            DescribeExecutionResponse done = aws.await(resumed);
            assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.redriveCount()).isEqualTo(1);
            tooOld = launchPolling(data, aws, "2026-12-08");
            assertThat(up.stop()).isIn(0, 130, 143);
        }
        // as if up had then stayed stopped for 15 days: past the period in which Step Functions redrives
        Path kept = snapshotOf(data.resolve("dev"), tooOld);
        ObjectNode snapshot = (ObjectNode) Json.parse(Files.readString(kept, StandardCharsets.UTF_8));
        assertThat(snapshot.path("error").asText()).isEqualTo("ControlPlane.RuntimeStopped");
        snapshot.put("stopDate", Instant.now().minus(Duration.ofDays(15)).toString());
        Files.writeString(kept, snapshot.toString(), StandardCharsets.UTF_8);

        try (UpProcess up = UpProcess.start(data, noJournal); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            assertThat(up.output()).as("not counted resumed, and named").contains("executions found again: 3\n")
                    .contains("note: execution " + tooOld + " not resumed: ")
                    .contains("Execution redrivable period exceeded.");
            DescribeExecutionResponse left = aws.sfn.describeExecution(d -> d.executionArn(tooOld));
            assertThat(left.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(left.error()).isEqualTo("ControlPlane.RuntimeStopped");
            assertThat(left.redriveCount()).isZero();
        }
    }

    /** A launch of the example build whose run stays RUNNING for ten minutes, once it has polled that run. */
    private static String launchPolling(Path data, UpEndToEndTest.Clients aws, String date) throws Exception {
        Finished timings = FaultsOnDemandTest.run(data, "add", "databricks", "run-timings", "--running", "600");
        assertThat(timings.code()).as(timings.err()).isZero();
        String launch = launch(aws, date);
        awaitPolling(aws, launch);
        return launch;
    }

    private static String launch(UpEndToEndTest.Clients aws, String date) {
        return aws.sfn.startExecution(s -> s.stateMachineArn(FaultsOnDemandTest.LAUNCH).input("{\"team\": \"data-eng\","
                + " \"project_name\": \"churn\", \"script_version\": \"1.4.0\", \"parameters\": {\"date\": \"" + date + "\"},"
                + " \"timeout_seconds\": 450, \"poll_seconds\": 1}")).executionArn();
    }

    /** Waits until each launch has polled its run once (a second Wait state entered). */
    private static void awaitPolling(UpEndToEndTest.Clients aws, String... launches) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String launch : launches) {
            while (ExecutionsSurviveSigkillTest.history(aws, launch).stream()
                    .filter(e -> e.typeAsString().equals("WaitStateEntered")).count() < 2) {
                assertThat(System.nanoTime()).as(launch + " polled its run within 60 s; its history: "
                        + ExecutionsSurviveSigkillTest.history(aws, launch).stream().map(e -> e.typeAsString()).toList())
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** The file an up keeps an ended execution in, under one environment's data folder. */
    private static Path snapshotOf(Path environmentData, String executionArn) throws Exception {
        try (Stream<Path> files = Files.walk(environmentData.resolve("stepfunctions").resolve("executions"))) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
                try {
                    JsonNode json = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
                    return executionArn.equals(json.path("executionArn").asText());
                } catch (Exception e) {
                    return false;
                }
            }).toList();
            assertThat(found).as("the kept execution " + executionArn).hasSize(1);
            return found.getFirst();
        }
    }
}
