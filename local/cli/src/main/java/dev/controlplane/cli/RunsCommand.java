package dev.controlplane.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.domain.launch.MonthlyCost;
import dev.controlplane.domain.launch.RunRecord;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code controlplane runs}: a team's launch-cluster run records of one month, read from the runs table the
 * RecordRun function writes (one Query on the team and month partition), and what they add up to. For cost
 * observability from a terminal; {@code --json} for scripts.
 */
final class RunsCommand {

    static final String USAGE = "usage: controlplane runs --team TEAM [--month YYYY-MM] [--table NAME]"
            + " [--endpoint-url URL] [--region R] [--json]";
    static final String DEFAULT_TABLE = "controlplane-runs-dev";

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunsCommand() {}

    /** The command line of {@code runs}; {@code environment}: where AWS_REGION, AWS_ENDPOINT_URL, credentials and RUNS_TABLE come from. */
    static CommandParser.Spec<Cli> cli(Map<String, String> environment) {
        return CommandParser.command("runs", USAGE, "A team's launch-cluster run records of a month, read from the runs table,"
                        + " and their summed DBU and cost.", values -> new Cli(values, environment))
                .option("--team", "TEAM", "the team whose runs to read")
                .option("--month", "YYYY-MM", "the month (default: this month, UTC)")
                .option("--table", "NAME", "the runs table (default: RUNS_TABLE, else " + DEFAULT_TABLE + ")")
                .aws("the DynamoDB endpoint (or AWS_ENDPOINT_URL)", "the region (or AWS_REGION)")
                .flag("--json", "print the records and their total as one JSON object, for scripts");
    }

    /** What {@code runs} is asked. */
    static final class Cli implements CommandParser.Command {
        final Map<String, String> environment;
        final String team;
        final String month;
        final String table;
        final String endpoint;
        final String region;
        final boolean json;

        Cli(CommandParser.Values v, Map<String, String> environment) {
            this.environment = environment;
            team = v.last("--team");
            month = v.last("--month");
            table = v.last("--table");
            endpoint = v.last("--endpoint-url");
            region = v.last("--region");
            json = v.has("--json");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return RunsCommand.run(Options.of(this, environment), environment, out, err);
        }
    }

    /** @param environment where AWS_REGION, AWS_ENDPOINT_URL, credentials and RUNS_TABLE come from when not given as flags */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CommandParser.fill(cli(environment), args).run(out, err);
    }

    private static int run(Options options, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> clientEnvironment = new HashMap<>(environment);
        if (options.region() != null) clientEnvironment.put("AWS_REGION", options.region());
        if (options.endpoint() != null) clientEnvironment.put("AWS_ENDPOINT_URL", options.endpoint());
        List<RunRecord> records;
        MonthlyCost cost;
        try (DynamoDbClient dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), clientEnvironment).build()) {
            DynamoDbRunRecords table = new DynamoDbRunRecords(dynamoDb, options.table());
            records = table.byTeamAndMonth(options.team(), options.month());
            cost = total(options.team(), options.month(), records);
        } catch (ResourceNotFoundException e) {
            err.println("controlplane runs: table " + options.table() + " does not exist"
                    + where(clientEnvironment) + "; pass --table with the runs table's name (RUNS_TABLE of the RecordRun function)");
            return 1;
        } catch (SdkException e) {
            err.println("controlplane runs: cannot read table " + options.table() + where(clientEnvironment) + ": "
                    + AwsClientProblems.describe(e, clientEnvironment));
            return AwsClientProblems.isSetUp(e) ? 2 : 1;
        }
        if (options.json()) {
            out.println(Json.write(json(options, records, cost)));
        } else {
            print(options, records, cost, out);
        }
        return 0;
    }

    private static String where(Map<String, String> environment) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        String region = environment.get("AWS_REGION");
        return (endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint)
                + (region == null || region.isBlank() ? "" : " (region " + region + ")");
    }

    // The same sum and rounding as RunRecords.cost, over the records already read (one Query, not two).
    private static MonthlyCost total(String team, YearMonth month, List<RunRecord> records) {
        double dbu = records.stream().mapToDouble(RunRecord::dbu).sum();
        double usd = records.stream().mapToDouble(RunRecord::usd).sum();
        return new MonthlyCost(team, month, records.size(), Math.round(dbu * 10_000.0) / 10_000.0,
                Math.round(usd * 10_000.0) / 10_000.0);
    }

    private static ObjectNode json(Options options, List<RunRecord> records, MonthlyCost cost) {
        ObjectNode root = Json.object();
        root.put("team", options.team());
        root.put("month", options.month().toString());
        root.put("table", options.table());
        ArrayNode runs = root.putArray("runs");
        for (RunRecord r : records) {
            ObjectNode run = runs.addObject();
            run.put("runId", r.runId());
            run.put("project", r.project());
            run.put("script", r.script());
            run.put("version", r.version());
            run.put("environment", r.environment());
            run.put("lifeCycleState", r.lifeCycleState());
            run.put("resultState", r.resultState());
            run.put("stateMessage", r.stateMessage());
            run.put("runPageUrl", r.runPageUrl());
            run.put("startTime", r.startTime().toString());
            run.put("endTime", r.endTime() == null ? null : r.endTime().toString());
            run.put("nodeTypeId", r.nodeTypeId());
            run.put("minWorkers", r.minWorkers());
            run.put("maxWorkers", r.maxWorkers());
            run.put("dbu", r.dbu());
            run.put("usd", r.usd());
            run.put("costCentre", r.costCentre());
            run.put("execution", r.execution());
        }
        root.putObject("total").put("runs", cost.runs()).put("dbu", cost.dbu()).put("usd", cost.usd());
        return root;
    }

    private static void print(Options options, List<RunRecord> records, MonthlyCost cost, PrintStream out) {
        out.println("Runs of " + options.team() + " started in " + options.month() + " (UTC), table " + options.table());
        out.println();
        if (records.isEmpty()) {
            out.println("no runs");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"START (UTC)", "RUN", "PROJECT/SCRIPT", "VERSION", "ENV", "RESULT", "DURATION",
                "CLUSTER", "DBU", "USD"});
            for (RunRecord r : records) {
                rows.add(new String[] {START.format(r.startTime()), Long.toString(r.runId()), r.project() + "/" + r.script(),
                    text(r.version()), text(r.environment()), r.resultState() != null ? r.resultState() : text(r.lifeCycleState()),
                    r.endTime() == null ? "-" : duration(Duration.between(r.startTime(), r.endTime())),
                    text(r.nodeTypeId()) + " x" + (r.minWorkers() == r.maxWorkers() ? r.maxWorkers() : r.minWorkers() + "-" + r.maxWorkers()),
                    amount(r.dbu()), amount(r.usd())});
            }
            table(rows, out);
        }
        out.println();
        out.println("Total: " + cost.runs() + (cost.runs() == 1 ? " run, " : " runs, ") + amount(cost.dbu()) + " DBU, USD "
                + amount(cost.usd()) + " (estimate: driver and the most workers over each run's duration)");
    }

    // Columns padded to their widest cell; numeric columns (RUN, DBU, USD) aligned right.
    private static void table(List<String[]> rows, PrintStream out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                boolean right = c == 1 || c >= columns - 2;
                String cell = right ? " ".repeat(widths[c] - row[c].length()) + row[c] : row[c] + " ".repeat(widths[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String amount(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String duration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m " + String.format(Locale.ROOT, "%02ds", seconds % 60);
        return seconds / 3600 + "h " + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
    }

    /** The command line, checked. */
    record Options(String team, YearMonth month, String table, String endpoint, String region, boolean json) {

        static Options of(Cli line, Map<String, String> environment) {
            String team = line.team;
            YearMonth month = line.month == null ? YearMonth.now(ZoneOffset.UTC) : month(line.month);
            String table = line.table != null ? line.table : environment.getOrDefault("RUNS_TABLE", DEFAULT_TABLE);
            String endpoint = line.endpoint == null ? null : endpoint(line.endpoint);
            String region = line.region;
            boolean json = line.json;
            if (team == null || team.isBlank()) throw new Main.UsageException("runs needs --team TEAM; " + USAGE);
            if (table.isBlank()) throw new Main.UsageException("--table needs a table name");
            return new Options(team.strip(), month, table.strip(), endpoint, region, json);
        }

        private static YearMonth month(String text) {
            try {
                return YearMonth.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new Main.UsageException("--month '" + text + "' is not a month: expected YYYY-MM, e.g. 2026-11");
            }
        }

        private static String endpoint(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() != null && uri.getHost() != null) return text;
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new Main.UsageException("--endpoint-url '" + text + "' is not a URL: expected http(s)://HOST[:PORT]");
        }
    }
}
