package dev.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.local.LocalRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code controlplane up}'s command line: its defaults, and what it refuses before starting anything. */
class UpCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsPutTheDataAndSecretsUnderDotControlplaneAndTheConfigBesideTheTemplate() {
        LocalRuntime.Options o = UpCommand.parse(new String[] {"--parameter", "Environment=staging"}, System.out).options();
        assertThat(o.dataDir()).isEqualTo(Path.of(".controlplane", "data").toAbsolutePath());
        assertThat(o.secretsFile()).isEqualTo(Path.of(".controlplane", "secrets.json").toAbsolutePath());
        assertThat(o.configDir()).isEqualTo(Path.of("config").toAbsolutePath());
        assertThat(o.portBase()).isEqualTo(LocalRuntime.DEFAULT_PORT_BASE);
        assertThat(o.parameters()).containsEntry("Environment", "staging");
    }

    @Test
    void aMockConfigurationIsReadBeforeAnythingStartsAndItsProblemsNamed() throws Exception {
        LocalRuntime.Options o = UpCommand.parse(new String[] {"--mock-config", "../../examples/mock-config/MockConfigFile.json"}, System.out).options();
        assertThat(o.mockConfig().testCaseNames()).containsKey("LambdaSQSIntegration");
        Path bad = dir.resolve("mocks.json");
        Files.writeString(bad, "{\"StateMachines\": {}, \"MockedResponses\": {\"R\": {\"1\": {\"Return\": 1}}}}");
        Result r = run("up", "--mock-config", bad.toString(), "--data", dir.resolve("data").toString(), "--port-base", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ": MockedResponses.R.1 leaves invocation 0 unmocked").doesNotContain("\tat ");
    }

    @Test
    void badArgumentsAreRefusedWithExitCode2AndTheReason() {
        assertThat(run("up", "--port-base", "lots")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--port-base expects a port number (0 for free ports), got 'lots'");
        });
        assertThat(run("up", "--port-base", "70000").err()).contains("--port-base must be 0 (free ports) or 1 to 65532, got 70000");
        assertThat(run("up", "--parameter", "Environment").err()).contains("--parameter expects NAME=VALUE, got 'Environment'");
        assertThat(run("up", "--verbose").err()).contains("unknown option '--verbose' for up");
        assertThat(run("up", "--data").err()).contains("--data needs a value");
    }

    @Test
    void aTemplateThatCannotBeWiredIsRefusedNamingTheProblemBeforeAnythingStarts() throws Exception {
        Path data = dir.resolve("data");
        Result missing = run("up", "--template", dir.resolve("nope.yaml").toString(), "--data", data.toString(), "--port-base", "0");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml: no such template file");
        Result badParameter = run("up", "--template", Path.of("../../template.yaml").toString(), "--data", data.toString(),
                "--port-base", "0", "--parameter", "Environment=qa");
        assertThat(badParameter.code()).isEqualTo(2);
        assertThat(badParameter.err()).contains("parameter Environment is 'qa'; expected one of [\"dev\",\"staging\",\"prod\"]");
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: no.such.Handler\n"
                + "      Runtime: java21\n");
        Result noHandler = run("up", "--template", template.toString(), "--config", Path.of("../../config").toString(),
                "--data", data.toString(), "--port-base", "0");
        assertThat(noHandler.code()).isEqualTo(2);
        assertThat(noHandler.err()).contains("Fn: handler class no.such.Handler is not on the class path");
        assertThat(data).as("nothing started, nothing written").doesNotExist();
    }
}
