package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI, run as a process against the endpoint with dummy credentials. */
class AwsCliTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": {\"ok\": true}, \"End\": true}}}";

    private final SfnEndpoint api = new SfnEndpoint();
    @TempDir
    Path home;

    record Result(int exitCode, String stdout, String stderr) {}

    @BeforeEach
    void needsTheCli() {
        assumeTrue(onPath("aws"), "the AWS CLI (aws) is not on PATH");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    private Result aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "stepfunctions"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", api.server.url().toString(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command);
        // dummy credentials, and no profile or config of whoever runs the tests
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().remove("AWS_SESSION_TOKEN");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        pb.environment().put("AWS_PAGER", "");
        pb.redirectError(home.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws %s ended", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(home.resolve("stderr")));
    }

    @Test
    void listStateMachinesWorksFromTheCli() throws Exception {
        String arn = api.create("orders", PASS);
        Result r = aws("list-state-machines");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode machines = Json.parse(r.stdout()).get("stateMachines");
        assertThat(machines).hasSize(1);
        assertThat(machines.get(0).get("stateMachineArn").asText()).isEqualTo(arn);
        assertThat(machines.get(0).get("name").asText()).isEqualTo("orders");
    }

    @Test
    void anExecutionStartedFromTheCliIsDescribedByIt() throws Exception {
        String machine = api.create("orders", PASS);
        Result started = aws("start-execution", "--state-machine-arn", machine, "--name", "cli-run", "--input", "{\"from\": \"cli\"}");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        String arn = Json.parse(started.stdout()).get("executionArn").asText();
        assertThat(arn).endsWith(":execution:orders:cli-run");
        api.awaitEnd(arn);

        Result described = aws("describe-execution", "--execution-arn", arn);
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        JsonNode d = Json.parse(described.stdout());
        assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(d.get("output").asText())).isEqualTo(Json.parse("{\"ok\": true}"));
    }

    @Test
    void anUnknownExecutionIsReportedByTheCliWithTheServiceErrorCode() throws Exception {
        Result r = aws("describe-execution", "--execution-arn", "arn:aws:states:us-east-1:123456789012:execution:orders:nope");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("ExecutionDoesNotExist");
    }
}
