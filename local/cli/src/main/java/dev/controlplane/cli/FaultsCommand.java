package dev.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code controlplane faults}: lists, adds and clears the faults of a running up, through its AWS endpoint's admin path
 * (loopback only), found in the {@code endpoints.json} of its data folder.
 */
final class FaultsCommand {
    static final String USAGE = """
            usage: controlplane faults list|clear [--data DIR]
                   controlplane faults add aws SERVICE:OPERATION FAULT [--times N] [--data DIR]
                         e.g. s3:CopyObject SlowDown (also ServiceUnavailable, InternalError),
                              dynamodb:PutItem ThrottlingException (also ProvisionedThroughputExceededException, ...)
                   controlplane faults add databricks CALL 429|500|502|503|504|lost-connection [--times N] [--data DIR]
                         CALL: a workspace API path without /api/2.x/, e.g. jobs/runs/submit, jobs/runs/get
                   controlplane faults add databricks cluster-never-starts|run-hangs|run-fails [MESSAGE] [--data DIR]
                   controlplane faults add databricks run-timings [--queued S] [--cluster-start S] [--running S]
                         [--terminating S] [--data DIR]
            without --times a call fault lasts until cleared""";
    private static final String PATH = "/_controlplane/faults";
    private static final Set<String> NEXT_ONLY = Set.of("cluster-never-starts", "run-hangs", "run-fails", "run-timings");

    private FaultsCommand() {}

    /** The command line of {@code faults}. */
    static CommandParser.Spec<Cli> cli() {
        return CommandParser.command("faults", USAGE, "Lists, adds and clears the faults of a running controlplane up: S3 and"
                        + " DynamoDB errors on chosen operations, Databricks 429/5xx/lost connections on chosen API calls, a cluster"
                        + " that never starts, a run that fails or hangs, run timings; prints the active faults.", Cli::new)
                .arguments("list|clear|add ...", Integer.MAX_VALUE, "what to do, and for add the target and the fault")
                .runningUpData()
                .option("--times", "N", "how many calls the fault answers (default: until cleared)")
                .option("--queued", "S", "run-timings: seconds in QUEUED")
                .option("--cluster-start", "S", "run-timings: seconds in PENDING")
                .option("--running", "S", "run-timings: seconds in RUNNING")
                .option("--terminating", "S", "run-timings: seconds in TERMINATING");
    }

    /** What {@code faults} is asked. */
    static final class Cli implements CommandParser.Command {
        final List<String> words;
        final Path data;
        final String times;
        final String queued;
        final String clusterStart;
        final String running;
        final String terminating;

        Cli(CommandParser.Values v) {
            words = v.arguments();
            data = v.path("--data", Path.of(".controlplane", "data"));
            times = v.last("--times");
            queued = v.last("--queued");
            clusterStart = v.last("--cluster-start");
            running = v.last("--running");
            terminating = v.last("--terminating");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            ObjectNode fault = Json.object();
            if (times != null) fault.put("times", number(times, "--times"));
            if (queued != null) fault.put("queued", seconds(queued, "--queued"));
            if (clusterStart != null) fault.put("clusterStart", seconds(clusterStart, "--cluster-start"));
            if (running != null) fault.put("running", seconds(running, "--running"));
            if (terminating != null) fault.put("terminating", seconds(terminating, "--terminating"));
            return FaultsCommand.run(words, fault, data, out, err);
        }
    }

    static int run(List<String> words, ObjectNode fault, Path data, PrintStream out, PrintStream err) {
        if (words.isEmpty()) throw new Main.UsageException("faults needs list, add or clear\n" + USAGE);
        URI admin = adminOf(data);
        HttpRequest.Builder request = HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(30));
        switch (words.get(0)) {
            case "list" -> request.GET();
            case "clear" -> request.DELETE();
            case "add" -> request.POST(HttpRequest.BodyPublishers.ofString(Json.write(toFault(words, fault))))
                    .header("Content-Type", "application/json");
            default -> throw new Main.UsageException("faults " + words.get(0) + ": expected list, add or clear\n" + USAGE);
        }
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("controlplane faults: cannot reach " + admin + " (is controlplane up still running?): " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        JsonNode answer = Json.parse(response.body());
        if (response.statusCode() != 200) {
            err.println("controlplane faults: " + answer.path("error").asText(response.body()));
            return response.statusCode() == 400 ? 2 : 1;
        }
        print(answer, out);
        return 0;
    }

    private static ObjectNode toFault(List<String> words, ObjectNode fault) {
        if (words.size() < 3) throw new Main.UsageException("faults add needs a target and a fault\n" + USAGE);
        String target = words.get(1);
        fault.put("target", target);
        String kind = target.equals("databricks") && NEXT_ONLY.contains(words.get(2)) ? words.get(2) : null;
        if (kind != null) {
            fault.put("fault", kind);
            if (words.size() > 3) fault.put("message", String.join(" ", words.subList(3, words.size())));
            return fault;
        }
        if (words.size() != 4) {
            throw new Main.UsageException("faults add " + target + " needs a call and a fault (e.g. s3:CopyObject SlowDown or"
                    + " jobs/runs/submit 429)\n" + USAGE);
        }
        return fault.put("call", words.get(2)).put("fault", words.get(3));
    }

    private static void print(JsonNode answer, PrintStream out) {
        int n = 0;
        for (String target : List.of("aws", "databricks")) {
            for (JsonNode line : answer.path(target)) {
                out.println(target + "  " + line.asText());
                n++;
            }
        }
        if (n == 0) out.println("no faults");
    }

    private static URI adminOf(Path data) {
        Path file = data.resolve("endpoints.json");
        try {
            return URI.create(Json.parse(Files.readString(file, StandardCharsets.UTF_8)).path("aws").asText()
                    .replaceFirst("/$", "") + PATH);
        } catch (NoSuchFileException e) {
            throw new Main.UsageException("no running controlplane up: " + file + " does not exist (start ./controlplane up,"
                    + " or pass --data with the data folder of the one running; with --env, DIR/ENV)");
        } catch (IOException | IllegalArgumentException e) {
            throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Main.UsageException(option + " is '" + text + "'; expected a whole number");
        }
    }

    private static double seconds(String text, String option) {
        try {
            return Double.parseDouble(text.replaceFirst("s$", ""));
        } catch (NumberFormatException e) {
            throw new Main.UsageException(option + " is '" + text + "'; expected seconds, e.g. 60 or 2.5");
        }
    }
}
