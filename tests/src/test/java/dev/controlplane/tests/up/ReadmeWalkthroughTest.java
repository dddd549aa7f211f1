package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.testsupport.EndToEndTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The README's walkthrough of {@code controlplane up}, run as a reader runs it: the {@code bash} blocks of its section,
 * taken from README.md itself, in order, each by bash in a fresh environment (PATH, HOME and LANG only: no variable
 * of one block reaches the next), from a folder that looks like the repository's root to them (its {@code events/} and
 * {@code examples/}, and {@code ./controlplane} running this build's CLI), against a fresh {@code up} that the test
 * starts on free ports. The block that is {@code ./controlplane up} itself is a server that runs until Ctrl-C: it is
 * the one block not run; the test's own {@code up} (the same command, with --port-base 0 and its data under the
 * folder's {@code .controlplane/}) stands in for it, and the blocks' default endpoints are rewritten to its ports.
 * Each block must end with status 0 and do what its text says; a block with no check here fails the test.
 */
@EndToEndTest
class ReadmeWalkthroughTest {
    static final String SECTION = "## Running the whole control plane locally";
    static final String UPLOAD_EXECUTION_PREFIX = "upload-data-eng-churn-";

    @TempDir
    Path dir;

    /** One bash block of the walkthrough and what it printed. */
    record Ran(String block, int code, String out, String err) {
        String describe() {
            return "README block:\n" + block + "\nexit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** What a block is recognised by, and what must hold after it ran. */
    record Check(String recognisedBy, StepCheck check) {}

    interface StepCheck {
        /** {@code aws}: dev's endpoint, where CI and GitHub arrive; {@code prod}: prod's, where prod's approval is. */
        void verify(Ran ran, UpProcess up, UpEndToEndTest.Clients aws, UpEndToEndTest.Clients prod) throws Exception;
    }

    static final List<Check> CHECKS = List.of(
            new Check("./controlplane webhook send events/github-push-merge.json", (ran, up, aws, prod) -> {
                assertThat(ran.out()).as(ran.describe()).contains("X-GitHub-Event: push").contains("\n202 ");
                String execution = Json.parse(ran.out().substring(ran.out().indexOf("\n202 ") + 5)).get("executionArn").asText();
                var done = aws.await(execution);
                assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(Json.parse(done.output()).get("outcome").asText()).as("the merge, before its build").isEqualTo("awaiting-build");
            }),
            new Check("X-GitHub-Event: ping", (ran, up, aws, prod) ->
                    assertThat(ran.out()).as(ran.describe()).startsWith("HTTP/1.1 200").contains("{\"message\":\"pong\"}")),
            new Check("s3 cp examples/churn/manifest.json", (ran, up, aws, prod) -> {
                assertThat(ran.out()).as(ran.describe()).contains("upload: examples/churn/churn.py", "upload: examples/churn/manifest.json");
                // the text: "a few seconds later prod's own promote-artifact waits for prod's approval"; a reader reads on meanwhile
                prod.awaitApprovalRequest(prod.awaitArrival("1.4.0", false));
            }),
            new Check("controlplane-plan-promotion-dev", (ran, up, aws, prod) -> {
                List<String> lines = ran.out().lines().toList();
                assertThat(lines).as(ran.describe()).hasSize(2);
                assertThat(lines.get(0)).as("status and output").startsWith("SUCCEEDED\t");
                JsonNode output = Json.parse(lines.get(0).substring("SUCCEEDED\t".length()));
                assertThat(output.get("artifact").asText()).isEqualTo("payments/ledger/daily_close@1.4.0");
                assertThat(lines.get(1)).as("plan-promotion's one execution").endsWith("\tSUCCEEDED");
            }),
            new Check("send-task-success", (ran, up, aws, prod) -> {
                assertThat(ran.out()).as(ran.describe()).contains("prod\tdata-eng/churn/churn\t1.4.0\t")
                        .contains("approved: data-eng/churn/churn 1.4.0 into prod");
                String upload = aws.awaitExecution(UpEndToEndTest.PROMOTE, arn -> arn.contains(":" + UPLOAD_EXECUTION_PREFIX));
                var done = aws.await(upload);
                assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(Json.parse(done.output()).get("announcedTo").asText()).isEqualTo("staging");
                var arrived = prod.await(prod.awaitArrival("1.4.0", false));
                assertThat(arrived.status()).as(arrived.error() + ": " + arrived.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(Json.parse(arrived.output()).get("outcome").asText()).isEqualTo("promoted");
            }),
            new Check("s3 ls --recursive s3://controlplane-artifacts-prod-", (ran, up, aws, prod) -> {
                // prod's one promote-artifact execution, started by staging's announcement, and the version in prod's bucket
                assertThat(ran.out()).as(ran.describe()).contains("data-eng/churn/churn/churn-1.4.0.py")
                        .containsPattern("(?m)^\\S+\tSUCCEEDED$").doesNotContain("RUNNING");
            }),
            new Check("events/promote-artifact-upload.json events/promote-artifact-merge.json", (ran, up, aws, prod) -> {
                for (String sample : List.of("events/promote-artifact-upload.json", "events/promote-artifact-merge.json")) {
                    String line = ran.out().lines().filter(l -> l.startsWith(sample + ": ")).findFirst()
                            .orElseThrow(() -> new AssertionError("no outcome of " + sample + ":\n" + ran.describe()));
                    assertThat(line).as(ran.describe()).startsWith(sample + ": SUCCEEDED\t");
                    JsonNode output = Json.parse(line.substring((sample + ": SUCCEEDED\t").length()));
                    assertThat(output.get("outcome").asText()).as(line).isEqualTo("already-promoted");
                }
            }),
            new Check("./controlplane webhook send events/github-ping.json", (ran, up, aws, prod) -> {
                assertThat(ran.out()).as(ran.describe()).contains("X-GitHub-Event: ping").contains("\n200 {\"message\":\"pong\"}")
                        .contains("X-GitHub-Event: push");
                String feature = answerTo(ran.out(), "events/github-push-feature.json");
                assertThat(feature).as(ran.describe()).startsWith("202 ").contains("\"ignored\"").contains("feature/login");
                assertStartedAndEnded(ran, aws, "events/github-branch-deleted.json", "retired");
            }),
            new Check("./controlplane webhook send events/github-release-published.json", (ran, up, aws, prod) -> {
                assertStartedAndEnded(ran, aws, "events/github-release-published.json", "latest-moved");
            }),
            new Check("events/launch-cluster-*.json", (ran, up, aws, prod) -> {
                List<String> samples;
                try (var files = Files.list(UpProcess.ROOT.resolve("events"))) {
                    samples = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("launch-cluster-")).sorted().toList();
                }
                assertThat(samples).as("the launch samples").hasSize(3);
                for (String sample : samples) {
                    assertThat(ran.out()).as(ran.describe()).contains("events/" + sample + ": SUCCEEDED\tNone\tNone");
                }
                assertThat(ran.out()).as(ran.describe()).contains("Total: 3 runs").contains("churn/churn     1.4.0");
            }));

    /** The delivery of {@code file} started an execution (202) that succeeded with {@code outcome}. */
    static void assertStartedAndEnded(Ran ran, UpEndToEndTest.Clients aws, String file, String outcome) throws Exception {
        String answer = answerTo(ran.out(), file);
        assertThat(answer).as(ran.describe()).startsWith("202 ");
        var done = aws.await(Json.parse(answer.substring(4)).get("executionArn").asText());
        assertThat(done.status()).as(file + ": " + done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(done.output()).get("outcome").asText()).as(file).isEqualTo(outcome);
    }

    /** The answer line {@code controlplane webhook send FILE} printed after its request line. */
    static String answerTo(String out, String file) {
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("POST ") && lines.get(i).contains("(" + file + ",")) return lines.get(i + 1);
        }
        throw new AssertionError("no answer to " + file + " in:\n" + out);
    }

    @Test
    void theReadmeWalkthroughRunsAsWrittenAgainstAFreshUp() throws Exception {
        List<String> blocks = walkthroughBlocks(Files.readString(UpProcess.ROOT.resolve("README.md")));
        List<String> servers = blocks.stream().filter(b -> b.strip().startsWith("./controlplane up")).toList();
        assertThat(servers).as("the walkthrough starts up (the one block the test does not run)").hasSize(1);
        List<String> runnable = blocks.stream().filter(b -> !servers.contains(b)).toList();
        assertThat(runnable).as("blocks of the walkthrough, each with its check").hasSameSizeAs(CHECKS);

        Path root = dir.resolve("checkout");
        Path home = dir.resolve("home");
        Files.createDirectories(root.resolve(".controlplane"));
        Files.createDirectories(home);
        for (String folder : List.of("events", "examples")) Files.createSymbolicLink(root.resolve(folder), UpProcess.ROOT.resolve(folder));
        writeLauncher(root.resolve("controlplane"));

        try (UpProcess up = UpProcess.start(root.resolve(".controlplane").resolve("data")); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws);
                UpEndToEndTest.Clients prod = new UpEndToEndTest.Clients(up.aws("prod"), "prod")) {
            for (int i = 0; i < runnable.size(); i++) {
                String block = runnable.get(i);
                Check check = CHECKS.get(i);
                assertThat(block).as("walkthrough block %d is the one %s checks (README order)", i + 1, check.recognisedBy())
                        .contains(check.recognisedBy());
                Ran ran = bash(block, root, home, up);
                assertThat(ran.code()).as(ran.describe()).isZero();
                check.check().verify(ran, up, aws, prod);
            }
        }
    }

    /**
     * The samples of events/ the walkthrough does not use, each with the test that uses it as the README says (a file
     * that is not an event says what it is instead).
     */
    static final Map<String, String> SAMPLES_OUTSIDE_THE_WALKTHROUGH = Map.of(
            "github-webhook-secret.json", "functions/src/test/java/dev/controlplane/handlers/GitHubWebhookHandlerMotoTest.java",
            "s3-manifest-put.json", "functions/src/test/java/dev/controlplane/handlers/ArtifactUploadedHandlerTest.java",
            "plan-promotion-feature-branch.json", "tests/src/test/java/dev/controlplane/tests/PlanPromotionTest.java",
            "replicate-data-one-dataset.json", "tests/src/test/java/dev/controlplane/tests/up/ReplicationSamplesTest.java",
            "replicate-data-all-datasets.json", "tests/src/test/java/dev/controlplane/tests/up/ReplicationSamplesTest.java");

    @Test
    void everySampleOfEventsIsUsedByTheWalkthroughOrByATestOfWhatTheReadmeSaysItIsFor() throws Exception {
        String readme = Files.readString(UpProcess.ROOT.resolve("README.md"));
        String walkthrough = String.join("\n", walkthroughBlocks(readme));
        List<String> globs = new ArrayList<>();
        Matcher named = Pattern.compile("events/([\\w*.-]+\\.json)").matcher(walkthrough);
        while (named.find()) globs.add(named.group(1));
        List<String> samples;
        try (var files = Files.list(UpProcess.ROOT.resolve("events"))) {
            samples = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        for (String sample : samples) {
            boolean walked = globs.stream().anyMatch(g -> java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + g)
                    .matches(Path.of(sample)));
            String test = SAMPLES_OUTSIDE_THE_WALKTHROUGH.get(sample);
            assertThat(walked || test != null).as("events/%s is used by the README's walkthrough or by a named test", sample).isTrue();
            if (!walked) {
                assertThat(Files.readString(UpProcess.ROOT.resolve(test))).as(test + " uses events/" + sample).contains(sample);
                assertThat(readme).as("README.md says what events/%s is for", sample).contains(sample.startsWith("replicate-data-")
                        ? "events/replicate-data-" : sample);
            }
        }
    }

    /** The {@code ```bash} blocks of the walkthrough's section, in order. */
    static List<String> walkthroughBlocks(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README.md has the section " + SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^```bash\\n(.*?)^```$").matcher(section);
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    /**
     * The block as a reader runs it, its default endpoints being the test's up: dev's AWS endpoint and HTTP API (8750,
     * 8751), and each next environment's AWS endpoint four ports further (staging 8754, prod 8758).
     */
    static Ran bash(String block, Path root, Path home, UpProcess up) throws Exception {
        Map<String, String> ports = new java.util.HashMap<>(Map.of("8751", strip(up.httpApi.toString())));
        List<String> environments = up.environments();
        for (int i = 0; i < environments.size(); i++) ports.put(String.valueOf(8750 + 4 * i), strip(up.aws(environments.get(i)).toString()));
        Matcher local = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(block);
        StringBuilder rewritten = new StringBuilder();
        while (local.find()) {
            String to = ports.get(local.group(1));
            if (to == null) throw new AssertionError("README block names port " + local.group(1) + ", which is no default endpoint of up:\n" + block);
            local.appendReplacement(rewritten, Matcher.quoteReplacement(to));
        }
        String script = local.appendTail(rewritten).toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script).directory(root.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "LANG", "C.UTF-8"));
        Finished done = Finished.run(pb, 180, "README block:\n" + block);
        return new Ran(block, done.code(), done.out(), done.err());
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code ./controlplane} for the blocks: this build's CLI on the test's class path (the launcher's job, done). */
    static void writeLauncher(Path file) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(file, "#!/usr/bin/env bash\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '" + classPath
                + "' dev.controlplane.cli.Main \"$@\"\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
