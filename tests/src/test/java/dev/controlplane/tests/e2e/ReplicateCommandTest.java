package dev.controlplane.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.cli.Main;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code controlplane replicate} against embedded S3Proxy: its progress, its report, its exit codes. */
@EndToEndTest
class ReplicateCommandTest {

    private static ReplicationS3Proxy s3;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3 = ReplicationS3Proxy.start(Files.createTempDirectory("replicate-cli-s3proxy"));
        // The SDK's default credentials chain reads these; S3Proxy checks no signature here.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private Path config(ReplicationWorld world) throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.writeString(config.resolve("environments.json"), """
                {"environments": [
                  {"name": "staging", "account": "222222222222", "region": "us-east-1", "dataBuckets": ["%s"]},
                  {"name": "prod", "account": "333333333333", "region": "us-east-1", "dataBuckets": ["%s"]}]}
                """.formatted(world.staging, world.prod));
        Files.writeString(config.resolve("datasets/orders.json"), """
                {"dataset": "orders", "source": {"bucket": "%s", "prefix": "orders/"},
                 "target": {"bucket": "%s", "prefix": "orders/"}, "mode": "mirror", "exclude": ["**/*.tmp"]}
                """.formatted(world.prod, world.staging));
        return config;
    }

    private int replicate(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "replicate";
        System.arraycopy(args, 0, command, 1, args.length);
        return Main.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunPrintsItsProgressAndTheReportAndExitsZero() throws Exception {
        try (ReplicationWorld world = new ReplicationWorld(s3.endpoint(), s3.endpoint())) {
            for (int i = 0; i < 5; i++) {
                world.put(world.prod, "orders/day=" + i + "/part-0.csv", "order " + i);
            }
            world.put(world.prod, "orders/day=0/scratch.tmp", "excluded");
            world.put(world.staging, "orders/gone.csv", "deleted by the mirror");
            Path config = config(world);

            int code = replicate("--config", config.toString(), "--endpoint-url", s3.endpoint().toString(),
                    "--plan-bucket", world.plans);

            assertThat(code).as(err()).isZero();
            assertThat(out()).containsPattern("\\[ *[0-9.]+s\\] orders: planned 5 object\\(s\\) \\(35 B\\) to copy,"
                            + " 1 to delete, 0 already in sync")
                    .containsPattern("orders: batches done 1/1")
                    .containsPattern("orders: deleted 1 extraneous object\\(s\\)")
                    .contains("orders: report", "  copied    5 object(s), 35 B", "  deleted   1",
                            "  in sync   yes", "  report    s3://" + world.plans + "/replication/orders/")
                    .contains("replicated 1 dataset(s) in");
            assertThat(world.contents(world.staging, "orders/")).isEqualTo(Map5.of(world));

            out.reset();
            assertThat(replicate("--config", config.resolve("datasets/orders.json").toString(), "--endpoint-url",
                    s3.endpoint().toString(), "--plan-bucket", world.plans)).isZero();
            assertThat(out()).contains("orders: planned 0 object(s) (0 B) to copy, 0 to delete, 5 already in sync")
                    .doesNotContain("batches done");
        }
    }

    /** What staging should hold: prod's objects but the excluded one. */
    private static final class Map5 {
        static java.util.Map<String, String> of(ReplicationWorld world) {
            java.util.Map<String, String> expected = new java.util.TreeMap<>(world.contents(world.prod, "orders/"));
            expected.remove("day=0/scratch.tmp");
            return expected;
        }
    }

    @Test
    void anIncompleteRunExitsOneAndSaysWhy() throws Exception {
        try (ReplicationWorld world = new ReplicationWorld(s3.endpoint(), s3.endpoint())) {
            world.put(world.prod, "orders/a.csv", "a");
            Path config = config(world);

            int code = replicate("--config", config.toString(), "--dataset", "orders", "--endpoint-url",
                    s3.endpoint().toString(), "--plan-bucket", world.prod);

            assertThat(code).isEqualTo(2);
            assertThat(err()).contains("--plan-bucket " + world.prod + " is a bucket of production environment prod");
            assertThat(world.keys(world.prod)).containsExactly("orders/a.csv");
        }
    }

    @Test
    void aPlanBucketS3RefusesStopsTheRunWithTheReasonAndCopiesNothing() throws Exception {
        try (ReplicationWorld world = new ReplicationWorld(s3.endpoint(), s3.endpoint())) {
            world.put(world.prod, "orders/a.csv", "a");
            Path config = config(world);

            int code = replicate("--config", config.toString(), "--endpoint-url", s3.endpoint().toString(),
                    "--plan-bucket", "Not_A_Bucket_Name");

            assertThat(code).isEqualTo(1);
            assertThat(err()).contains("the plan bucket Not_A_Bucket_Name cannot be used: Bucket name should not contain"
                    + " uppercase characters").doesNotContain("\tat ");
            assertThat(world.keys(world.staging)).isEmpty();
        }
    }

    @Test
    void badCommandLinesAreRefusedWithTheReason() throws Exception {
        assertThat(replicate()).isEqualTo(2);
        assertThat(err()).contains("replicate needs --config DIR_OR_FILE");

        err.reset();
        try (ReplicationWorld world = new ReplicationWorld(s3.endpoint(), s3.endpoint())) {
            Path config = config(world);
            assertThat(replicate("--config", config.toString(), "--dataset", "customers")).isEqualTo(2);
            assertThat(err()).contains("--dataset customers is not in " + config + "/datasets/; expected one of [orders]");
        }

        err.reset();
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken.resolve("datasets"));
        Files.writeString(broken.resolve("environments.json"), "{\"environments\": []}");
        assertThat(replicate("--config", broken.toString())).isEqualTo(2);
        assertThat(err()).contains("the config in " + broken + " is invalid");
    }
}
