package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --mock-config FILE}: a state machine created with the AWS CLI runs a test case of Step Functions Local's
 * mock configuration when StartExecution names it after a '#', and runs for real otherwise.
 */
@EndToEndTest
class UpMockedIntegrationTest {
    private static final Path MOCKS = UpProcess.ROOT.resolve("examples/mock-config");

    @TempDir
    Path dir;

    private static JsonNode aws(UpProcess up, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", up.aws.toString(), "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_DEFAULT_REGION", UpEndToEndTest.REGION));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("aws " + String.join(" ", args) + ": " + out).isZero();
        return out.isBlank() ? Json.object() : Json.parse(out);
    }

    private static JsonNode awaitEnd(UpProcess up, String execution) throws Exception {
        for (int i = 0; i < 120; i++) {
            JsonNode d = aws(up, "stepfunctions", "describe-execution", "--execution-arn", execution);
            if (!d.path("status").asText().equals("RUNNING")) return d;
            Thread.sleep(250);
        }
        throw new AssertionError(execution + " still running");
    }

    @Test
    void aTestCaseAfterTheArnRunsTheMockedResponsesThroughTheAwsCli() throws Exception {
        try (UpProcess up = UpProcess.start(dir.resolve("data"), UpProcess.ROOT.resolve("template.yaml"),
                List.of("--mock-config", MOCKS.resolve("MockConfigFile.json").toString()))) {
            String machine = aws(up, "stepfunctions", "create-state-machine", "--name", "LambdaSQSIntegration",
                    "--role-arn", "arn:aws:iam::" + UpEndToEndTest.ACCOUNT + ":role/mocked",
                    "--definition", "file://" + MOCKS.resolve("LambdaSQSIntegration.asl.json")).path("stateMachineArn").asText();

            String happy = aws(up, "stepfunctions", "start-execution", "--state-machine-arn", machine + "#HappyPath",
                    "--input", "file://" + MOCKS.resolve("input.json")).path("executionArn").asText();
            JsonNode done = awaitEnd(up, happy);
            assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(Json.parse(done.path("output").asText()).path("MessageId").asText()).isEqualTo("00000000-1111-4222-8333-444444444444");
            List<String> types = new ArrayList<>();
            aws(up, "stepfunctions", "get-execution-history", "--execution-arn", happy).path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(types.stream().filter(t -> t.startsWith("Task") && !t.startsWith("TaskState")))
                    .containsExactly("TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskScheduled", "TaskStarted", "TaskSucceeded");

            String real = aws(up, "stepfunctions", "start-execution", "--state-machine-arn", machine).path("executionArn").asText();
            assertThat(awaitEnd(up, real).path("status").asText()).as("without a test case the Lambda is really invoked (and is not there)")
                    .isEqualTo("FAILED");
        }
    }
}
