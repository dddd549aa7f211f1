package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Broken input everywhere a person meets an error: each CLI command as a separate process (no AWS variables unless the
 * case gives them) and each workflow of a fresh {@code up}. Every error must be named, say what failed with which input
 * and what to do, and never be a Java class name or a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEndTest
class ActionableErrorsTest {
    static final String LAUNCH = "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-launch-cluster-dev";
    static final String REPLICATE = "arn:aws:states:eu-west-1:111111111111:stateMachine:controlplane-replicate-data-dev";
    /** A qualified Java class name, e.g. {@code software.amazon.awssdk.core.exception.SdkClientException}. */
    static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*(Exception|Error|Chain|Provider)\\b");
    static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");

    @TempDir
    Path dir;
    UpProcess up;
    UpEndToEndTest.Clients aws;

    @BeforeAll
    void startUp() throws Exception {
        Path data = Files.createTempDirectory("actionable-errors").resolve("data");
        up = UpProcess.start(data);
        aws = new UpEndToEndTest.Clients(up.aws);
    }

    @AfterAll
    void stopUp() throws Exception {
        if (aws != null) aws.close();
        if (up != null) up.close();
    }

    record Ran(List<String> args, int code, String out, String err) {
        String describe() {
            return "controlplane " + String.join(" ", args) + "\nexit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static void assertActionable(String what, String text) {
        assertThat(text).as(what + ": no stack trace").doesNotContainPattern(STACK_FRAME).doesNotContain("Exception in thread");
        assertThat(CLASS_NAME.matcher(text).find()).as(what + ": no Java class name in:\n" + text).isFalse();
    }

    @Test
    void cliCommandsWithBrokenInputSayWhatToDoInOneLine() throws Exception {
        Path noTables = dir.resolve("config-without-tables");
        copyConfigWithoutTables(UpProcess.ROOT.resolve("config"), noTables);
        String closed = "http://127.0.0.1:" + closedPort();
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

        Map<Ran, List<String>> expectations = new LinkedHashMap<>();
        expectations.put(cli(Map.of(), "replicate", "--config", noTables.toString(), "--endpoint-url", closed),
                List.of("no AWS credentials", "AWS_ACCESS_KEY_ID", "AWS_PROFILE"));
        expectations.put(cli(credentials, "replicate", "--config", noTables.toString(), "--endpoint-url", closed),
                List.of("no answer from " + closed, "is it running?"));
        expectations.put(cli(credentials, "replicate", "--config", UpProcess.ROOT.resolve("config").toString(), "--endpoint-url", up.aws.toString()),
                List.of("sales-orders (prod.sales.orders, prod.sales.order_lines)", "DATABRICKS_HOST", "DATABRICKS_WAREHOUSE_ID",
                        "DATABRICKS_TOKEN"));
        expectations.put(cli(Map.of(), "runs", "--team", "data-eng", "--endpoint-url", closed),
                List.of("no AWS region", "--region"));
        expectations.put(cli(Map.of("AWS_REGION", "eu-west-1"), "runs", "--team", "data-eng", "--endpoint-url", closed),
                List.of("no AWS credentials", "AWS_SECRET_ACCESS_KEY"));
        expectations.put(cli(Map.of(), "webhook", "send", "events/github-ping.json", "--data", dir.resolve("no-up").toString()),
                List.of("no running controlplane up", "endpoints.json"));
        expectations.put(cli(Map.of(), "sfn", "run", "statemachines/no-such.asl.json"), List.of("no such definition file"));
        expectations.put(cli(Map.of(), "up", "--template", dir.resolve("missing.yaml").toString(), "--data", dir.resolve("up").toString()),
                List.of("no such template file"));
        expectations.put(cli(Map.of(), "nonsense"), List.of("unknown command 'nonsense'"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{nope");
        Path dangling = Files.writeString(dir.resolve("dangling.asl.json"),
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}");
        expectations.put(cli(Map.of(), "sfn", "validate", dangling.toString()),
                List.of("MISSING_TRANSITION_TARGET /States/A/Next: state \"B\" does not exist"));
        expectations.put(cli(Map.of(), "sfn", "run", "statemachines/plan-promotion.asl.json", broken.toString()),
                List.of("the input is not valid JSON"));
        expectations.put(cli(Map.of(), "demo", "--data", dir.toString()), List.of("the demo needs a fresh folder"));
        expectations.put(cli(Map.of(), "faults", "add", "aws", "s3:CopyObject", "SlowDown", "--data", dir.resolve("no-up").toString()),
                List.of("no running controlplane up"));

        for (var e : expectations.entrySet()) {
            Ran ran = e.getKey();
            assertThat(ran.code()).as(ran.describe()).isIn(1, 2);
            assertThat(ran.err()).as(ran.describe()).contains(e.getValue());
            assertActionable(ran.describe(), ran.out() + ran.err());
            List<String> said = ran.err().lines().filter(l -> !l.isBlank() && !l.startsWith("run 'controlplane help'")).toList();
            assertThat(said).as("a line or two say what is wrong: " + ran.describe()).hasSizeBetween(1, 2);
        }
    }

    @Test
    void workflowsWithBrokenInputEndWithANamedErrorAndACauseSayingWhatToFix() throws Exception {
        record Case(String machine, String input, String error, List<String> cause) {}
        List<Case> cases = List.of(
                // a version the inbox does not have (the local S3 keeps versions, as S3 does)
                new Case(UpEndToEndTest.PROMOTE, """
                        {"bucket": "controlplane-inbox-dev-111111111111-eu-west-1",
                         "key": "data-eng/churn/3f786850e387550fdab836ed7e6dc881de23001b/manifest.json",
                         "versionId": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "etag": "5d41402abc4b2a76b9719d911017c592",
                         "prefix": "data-eng/churn/3f786850e387550fdab836ed7e6dc881de23001b/", "size": 412}""",
                        "ManifestUnreadable", List.of("ValidateBuild: s3://controlplane-inbox-dev-111111111111-eu-west-1/"
                        + "data-eng/churn/3f786850e387550fdab836ed7e6dc881de23001b/manifest.json: object does not exist in version"
                        + " 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")),
                new Case(UpEndToEndTest.PROMOTE, """
                        {"bucket": "controlplane-inbox-dev-111111111111-eu-west-1", "key": "data-eng/churn/abc/manifest.json",
                         "etag": "5d41402abc4b2a76b9719d911017c592", "prefix": "data-eng/churn/abc/", "size": 412}""",
                        "ManifestUnreadable", List.of("does not exist")),
                new Case(UpEndToEndTest.PROMOTE, "{\"hello\": 1}", "UnknownInput", List.of("hello")),
                new Case(LAUNCH, "{\"team\": \"data-eng\", \"project_name\": \"churn\", \"script_version\": \"9.9.9\"}",
                        "UnknownVersion", List.of("script_version", "9.9.9")),
                new Case(LAUNCH, "{\"team\": \"nobody\", \"project_name\": \"churn\"}", "UnknownTeam", List.of("nobody")),
                new Case(LAUNCH, "{\"team\": \"data-eng\", \"project_name\": \"churn\", \"timeout_seconds\": \"soon\"}",
                        "InvalidRunRequest", List.of("timeout_seconds", "\"soon\"")),
                new Case(REPLICATE, "{\"dataset\": \"no-such-dataset\"}", "UnknownDataset", List.of("no-such-dataset")),
                new Case(REPLICATE, "{\"dataset\": 42}", "InvalidInput", List.of("dataset is 42")));
        for (Case c : cases) {
            String arn = aws.sfn.startExecution(s -> s.stateMachineArn(c.machine()).input(c.input())).executionArn();
            DescribeExecutionResponse done = aws.await(arn);
            String what = c.machine().substring(c.machine().lastIndexOf(':') + 1) + " " + c.input() + " -> " + done.error() + ": " + done.cause();
            assertThat(done.status()).as(what).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).as(what).isEqualTo(c.error());
            assertThat(done.cause()).as(what).contains(c.cause()).doesNotContain("stackTrace", "errorType");
            assertActionable(what, done.cause());
        }
    }

    @Test
    void upNamesAtStartUpTheBucketBehavioursItDoesNotGive() {
        String output = up.output();
        for (String bucket : List.of("ArtifactsBucket", "InboxBucket", "ReplicationPlanBucket")) {
            assertThat(output).contains("not emulated: " + bucket + ".LifecycleConfiguration (S3 lifecycle rules)");
            // versions are kept (on a filesystem with extended attributes, as this machine's)
            assertThat(output).doesNotContain(bucket + ".VersioningConfiguration");
        }
    }

    private Ran cli(Map<String, String> environment, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.controlplane.cli.Main"));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(UpProcess.ROOT.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "LANG", "C.UTF-8"));
        pb.environment().putAll(environment);
        Finished done = Finished.run(pb, 120, "controlplane " + String.join(" ", args));
        // the test's class path has two SLF4J providers (the CLI's jar has one), which SLF4J reports on stderr
        String errText = done.err().lines().filter(l -> !l.startsWith("SLF4J("))
                .map(l -> l + "\n").reduce("", String::concat);
        return new Ran(List.of(args), done.code(), done.out(), errText);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The repository's config with no Delta tables in its datasets: a replication that needs no Databricks. */
    private static void copyConfigWithoutTables(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.getParent().getFileName().toString().equals("datasets") && file.toString().endsWith(".json")) {
                    var dataset = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(Files.readString(file));
                    dataset.remove("tables");
                    Files.writeString(target, Json.write(dataset));
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
