package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.IntegrationTest;
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
@IntegrationTest
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
        // TestState and StartSyncExecution go to the host sync-<endpoint> in AWS; an IP endpoint has no such host
        pb.environment().put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
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

    @Test
    void validateStateMachineDefinitionGivesTheDiagnosticsToTheCli() throws Exception {
        Result r = aws("validate-state-machine-definition", "--definition",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nope\"}}}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get("result").asText()).isEqualTo("FAIL");
        assertThat(out.get("diagnostics").get(0).get("code").asText()).isEqualTo("MISSING_TRANSITION_TARGET");
        assertThat(out.get("diagnostics").get(0).get("location").asText()).isEqualTo("/States/A/Next");
    }

    @Test
    void versionsAliasesAndTagsWorkFromTheCli() throws Exception {
        String machine = api.create("orders", PASS);
        Result tagged = aws("tag-resource", "--resource-arn", machine, "--tags", "key=team,value=data");
        assertThat(tagged.exitCode()).as(tagged.stderr()).isZero();
        assertThat(Json.parse(aws("list-tags-for-resource", "--resource-arn", machine).stdout()).get("tags").get(0).get("value").asText())
                .isEqualTo("data");
        Result published = aws("publish-state-machine-version", "--state-machine-arn", machine, "--description", "first");
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        String version = Json.parse(published.stdout()).get("stateMachineVersionArn").asText();
        assertThat(version).isEqualTo(machine + ":1");
        Result alias = aws("create-state-machine-alias", "--name", "live", "--routing-configuration",
                "[{\"stateMachineVersionArn\": \"" + version + "\", \"weight\": 100}]");
        assertThat(alias.exitCode()).as(alias.stderr()).isZero();
        String aliasArn = Json.parse(alias.stdout()).get("stateMachineAliasArn").asText();
        Result started = aws("start-execution", "--state-machine-arn", aliasArn);
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        String execution = Json.parse(started.stdout()).get("executionArn").asText();
        api.awaitEnd(execution);
        JsonNode d = Json.parse(aws("describe-execution", "--execution-arn", execution).stdout());
        assertThat(d.get("stateMachineAliasArn").asText()).isEqualTo(aliasArn);
        assertThat(d.get("stateMachineVersionArn").asText()).isEqualTo(version);

        Result missing = aws("describe-state-machine-alias", "--state-machine-alias-arn", machine + ":nope");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("ResourceNotFound");
    }

    @Test
    void anActivityWorkerOnTheCliCompletesATask() throws Exception {
        Result created = aws("create-activity", "--name", "approve");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String activity = Json.parse(created.stdout()).get("activityArn").asText();
        String machine = api.create("approval", "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Task\", \"Resource\": \""
                + activity + "\", \"End\": true}}}");
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"n\": 1}")).executionArn();
        Result task = aws("get-activity-task", "--activity-arn", activity, "--worker-name", "cli");
        assertThat(task.exitCode()).as(task.stderr()).isZero();
        JsonNode t = Json.parse(task.stdout());
        assertThat(Json.parse(t.get("input").asText())).isEqualTo(Json.parse("{\"n\": 1}"));
        Result sent = aws("send-task-success", "--task-token", t.get("taskToken").asText(), "--task-output", "{\"done\": true}");
        assertThat(sent.exitCode()).as(sent.stderr()).isZero();
        api.awaitEnd(execution);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).output()).isEqualTo("{\"done\":true}");

        Result gone = aws("describe-activity", "--activity-arn", activity + "-gone");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("ActivityDoesNotExist");
    }

    @Test
    void testStateAndStartSyncExecutionWorkFromTheCli() throws Exception {
        Result tested = aws("test-state", "--definition", "{\"Type\": \"Pass\", \"Result\": 7, \"ResultPath\": \"$.n\", \"Next\": \"X\"}",
                "--input", "{}", "--inspection-level", "DEBUG");
        assertThat(tested.exitCode()).as(tested.stderr()).isZero();
        JsonNode t = Json.parse(tested.stdout());
        assertThat(t.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(t.get("nextState").asText()).isEqualTo("X");
        assertThat(Json.parse(t.get("inspectionData").get("afterResultPath").asText())).isEqualTo(Json.parse("{\"n\": 7}"));

        String express = api.sfn.createStateMachine(b -> b.name("fast").definition(PASS).roleArn(SfnEndpoint.ROLE)
                .type(software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS)).stateMachineArn();
        Result sync = aws("start-sync-execution", "--state-machine-arn", express);
        assertThat(sync.exitCode()).as(sync.stderr()).isZero();
        JsonNode out = Json.parse(sync.stdout());
        assertThat(out.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(out.get("output").asText())).isEqualTo(Json.parse("{\"ok\": true}"));
    }
}
