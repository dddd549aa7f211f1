package dev.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.demo.DemoDay;
import dev.testsupport.EndToEndTest;
import dev.workspace.RunTimings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code controlplane demo} end to end in this process: the runtime of ../../template.yaml on a fresh folder, the day
 * played through its public endpoints with instant workspace runs and a fast engine clock, and the printed summary.
 */
@EndToEndTest
class DemoCommandTest {
    static final Path TEMPLATE = Path.of("../../template.yaml");

    @TempDir
    Path dir;

    @Test
    void theDayEndsWithEveryStepOkAndTheSummaryShowsExecutionsArtifactsRunsAndTheReplication() throws Exception {
        Path folder = dir.resolve("demo");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalRuntime.Tuning fast = new LocalRuntime.Tuning(0.05, RunTimings.instant(), DemoCommand.python3Runs(), true);
        int code = DemoCommand.run(new DemoCommand.Arguments(folder, 0, false, TEMPLATE), fast,
                new DemoDay.Settings(60, 1, Duration.ofSeconds(60)), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("controlplane demo: 8 step(s) ok, 0 failed, 0 not run")
                .contains("[ok] Prod data seeded", "sales-orders: 60 objects")
                .contains("HTTP 202, nothing started: push to feature branch 'feature/churn-segments'")
                .contains("outcome published", "publishedVersion 1.4.0-feature-churn-segments")
                .contains("outcome awaiting-build")
                .contains("approval of prod given")
                // dev announces the version; staging and prod each pull it in with their own promote-artifact
                .contains("outcome promoted", "environments [dev], announcedTo staging")
                .contains("announced to staging -> its own controlplane-promote-artifact-staging", "environments [staging], announcedTo prod")
                .contains("announced to prod -> its own controlplane-promote-artifact-prod", "environments [prod]")
                .contains("outcome latest-moved, version 1.4.0")
                .contains("controlplane-launch-cluster-dev", "outcome succeeded", "scriptVersion 1.4.0")
                .contains("schedule ReplicationSchedule", "fired now", "sales-orders in sync: copied 60 objects", "deleted 1, skipped 0, failed 0");
        // the summary: every execution, the artifacts of each environment, the run record and its cost, the report
        assertThat(out).contains("controlplane-promote-artifact-dev            4  {SUCCEEDED=4}")
                // each took the version in, then the release's latest
                .contains("controlplane-promote-artifact-staging        2  {SUCCEEDED=2}")
                .contains("controlplane-promote-artifact-prod           2  {SUCCEEDED=2}")
                .contains("controlplane-launch-cluster-dev              1  {SUCCEEDED=1}")
                .contains("prod  s3://controlplane-artifacts-prod-333333333333-eu-west-1", "data-eng/churn/churn/churn-1.4.0.py")
                .contains("latest: data-eng/churn/churn 1.4.0 (moved by the release)")
                .containsPattern("run \\d+ +churn/churn 1.4.0 dev  TERMINATED SUCCESS")
                .contains("total: 1 run(s)");
        assertThat(out.substring(out.indexOf("  dev  s3://"), out.indexOf("  staging  s3://")))
                .as("the feature build is in dev only").contains("churn-1.4.0-feature-churn-segments.py");
        assertThat(out.substring(out.indexOf("  prod  s3://"))).doesNotContain("feature");
        if (DemoCommand.python3Runs()) assertThat(out).contains("churn 1.4.0: scored 1000 customers for");
        assertThat(out).as("the functions' own output goes to the runtime log").doesNotContain("\"function\":\"GitHubWebhook\"");
        assertThat(Files.readString(folder.resolve("runtime.log"))).contains("GitHubWebhook");
        assertThat(folder.resolve("data/endpoints.json")).as("stopped at the end without --keep").doesNotExist();
    }

    @Test
    void aFolderWithOtherThingsInItIsRefusedUntouchedAndAnEarlierDemosFolderIsEmptied() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        Main.UsageException refused = org.junit.jupiter.api.Assertions.assertThrows(Main.UsageException.class, () -> DemoCommand.prepare(mine));
        assertThat(refused.getMessage()).contains("--data " + mine + " is a folder with other things in it");
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep me");

        Path earlier = dir.resolve("earlier");
        DemoCommand.prepare(earlier);
        Files.createDirectories(earlier.resolve("data/s3"));
        Files.writeString(earlier.resolve("data/s3/object"), "yesterday");
        DemoCommand.prepare(earlier);
        assertThat(earlier.resolve("data")).doesNotExist();
        assertThat(earlier.resolve(DemoCommand.MARKER)).exists();
    }

    @Test
    void badArgumentsAreRefusedWithExitCode2AndTheReason() {
        assertThat(UpCommandTest.run("demo", "--port-base", "lots")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--port-base expects a port number (0 for free ports), got 'lots'");
        });
        assertThat(UpCommandTest.run("demo", "--port-base", "70000").err()).contains("--port-base must be 0 (free ports) or 1 to 65532, got 70000");
        assertThat(UpCommandTest.run("demo", "--fast").err()).contains("unknown option '--fast' for demo");
        assertThat(UpCommandTest.run("demo", "--data").err()).contains("--data needs a value");
        DemoCommand.Arguments a = DemoCommand.parse(new String[] {"--keep"});
        assertThat(a.keep()).isTrue();
        assertThat(a.folder()).isEqualTo(DemoCommand.DEFAULT_FOLDER.toAbsolutePath());
        assertThat(a.portBase()).isZero();
    }
}
