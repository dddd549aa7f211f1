package dev.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.domain.launch.RunRecord;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code controlplane runs} against moto: a runs table written as RecordRun writes it, read back by team and month. */
@IntegrationTest
class RunsCommandTest {

    static MotoEndpoint aws;
    static String table;
    static Map<String, String> environment;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
        table = "controlplane-runs-" + UUID.randomUUID().toString().substring(0, 8);
        // No endpoint or region here: the command line gives them, as a person would.
        environment = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        try (DynamoDbClient dynamoDb = aws.dynamoDb()) {
            ArtifactsMoto.createRegistryTable(dynamoDb, table);
            DynamoDbRunRecords records = new DynamoDbRunRecords(dynamoDb, table);
            records.put(record(101, "churn", "1.5.0", "SUCCESS", "2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z", 2.07, 0.3105));
            records.put(record(102, "score", "1.4.0", "FAILED", "2026-11-23T08:30:00Z", "2026-11-23T08:31:30Z", 0.0518, 0.0078));
            records.put(record(103, "churn", "1.5.0", "SUCCESS", "2026-10-31T23:50:00Z", "2026-11-01T00:10:00Z", 0.69, 0.1035));
            records.put(new RunRecord("payments", "ledger", "ledger", "2.0.0", "dev", 201, "TERMINATED", "SUCCESS", null, null,
                    Instant.parse("2026-11-05T00:00:00Z"), Instant.parse("2026-11-05T01:00:00Z"), "m5.large", 1, 1, 0.68, 0.102,
                    "CC-2077", "launch-201"));
        }
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) aws.close();
    }

    static RunRecord record(long runId, String script, String version, String result, String start, String end, double dbu,
            double usd) {
        return new RunRecord("data-eng", "churn", script, version, "dev", runId, "TERMINATED", result,
                result.equals("SUCCESS") ? "" : "Workload failed, see run output for details",
                "https://dbc.example/#job/1/run/" + runId, Instant.parse(start), Instant.parse(end), "m5.xlarge", 1, 2, dbu,
                usd, "CC-1042", "launch-" + runId);
    }

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = args.length > 0 && args[0].equals("runs")
                    ? runs(java.util.Arrays.copyOfRange(args, 1, args.length), o, e)
                    : Main.run(args, o, e);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // Main's dispatch, with the test's environment instead of the process's (moto takes any credentials).
    private static int runs(String[] args, PrintStream out, PrintStream err) {
        try {
            return RunsCommand.run(args, environment, out, err);
        } catch (Main.UsageException e) {
            err.println("controlplane: " + e.getMessage());
            return 2;
        }
    }

    /** The arguments and where the table is: moto's endpoint and region, the test's table. */
    static String[] at(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--region", MotoEndpoint.REGION, "--table", table));
        return all.toArray(String[]::new);
    }

    @Test
    void printsTheTeamsRunsOfTheMonthInStartOrderAndTheirTotal() {
        Outcome o = run(at("runs", "--team", "data-eng", "--month", "2026-11"));

        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out().lines().toList()).containsExactly(
                "Runs of data-eng started in 2026-11 (UTC), table " + table,
                "",
                "START (UTC)          RUN  PROJECT/SCRIPT  VERSION  ENV  RESULT   DURATION  CLUSTER            DBU     USD",
                "2026-11-03 10:00:00  101  churn/churn     1.5.0    dev  SUCCESS  1h 00m    m5.xlarge x1-2  2.0700  0.3105",
                "2026-11-23 08:30:00  102  churn/score     1.4.0    dev  FAILED   1m 30s    m5.xlarge x1-2  0.0518  0.0078",
                "",
                "Total: 2 runs, 2.1218 DBU, USD 0.3183 (estimate: driver and the most workers over each run's duration)");
    }

    @Test
    void jsonHasEveryRecordAndTheMonthsSum() {
        Outcome o = run(at("runs", "--team", "data-eng", "--month", "2026-10", "--json"));

        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode root = Json.parse(o.out());
        assertThat(root.get("team").asText()).isEqualTo("data-eng");
        assertThat(root.get("month").asText()).isEqualTo("2026-10");
        assertThat(root.get("runs")).singleElement().satisfies(run -> {
            assertThat(run.get("runId").asLong()).isEqualTo(103);
            assertThat(run.get("endTime").asText()).isEqualTo("2026-11-01T00:10:00Z");
            assertThat(run.get("runPageUrl").asText()).endsWith("/run/103");
        });
        assertThat(root.get("total")).isEqualTo(Json.parse("{\"runs\": 1, \"dbu\": 0.69, \"usd\": 0.1035}"));
    }

    @Test
    void aMonthWithoutRunsSaysSo() {
        Outcome o = run(at("runs", "--team", "payments", "--month", "2026-09"));

        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("no runs").contains("Total: 0 runs, 0.0000 DBU, USD 0.0000");
    }

    @Test
    void aMissingTableIsNamedWithoutAStackTrace() {
        Outcome o = run("runs", "--team", "data-eng", "--endpoint-url", aws.endpoint().toString(), "--region",
                MotoEndpoint.REGION, "--table", "controlplane-runs-nowhere");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith("controlplane runs: table controlplane-runs-nowhere does not exist at "
                + aws.endpoint() + " (region us-east-1); pass --table").doesNotContain("\tat ");
    }

    @Test
    void badCommandLinesAreUsageErrorsNamingTheFlag() {
        assertThat(run("runs", "--month", "2026-11")).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("runs needs --team TEAM");
        });
        assertThat(run("runs", "--team", "data-eng", "--month", "November")).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--month 'November' is not a month: expected YYYY-MM");
        });
        assertThat(run("runs", "--team", "data-eng", "--endpoint-url", "localhost")).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--endpoint-url 'localhost' is not a URL");
        });
        Outcome viaMain = run("runs", "--team");
        assertThat(viaMain.exitCode()).isEqualTo(2);
        assertThat(viaMain.err()).contains("--team needs a value");
    }

    @Test
    void mainDispatchesRunsAndListsItInTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"runs", "--team", "data-eng", "--month", "13-2026"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--month '13-2026' is not a month");
        assertThat(Main.USAGE).contains("runs --team TEAM [--month YYYY-MM] [--table NAME] [--endpoint-url URL] [--region R] [--json]");
    }
}
