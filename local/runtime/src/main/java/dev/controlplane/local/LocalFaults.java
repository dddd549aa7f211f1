package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.workspace.FaultPlan;
import dev.workspace.RunTimings;
import java.time.Duration;
import java.util.Set;

/**
 * The faults of one environment, injected and cleared from outside the process through its AWS endpoint's admin path
 * {@value #PATH} (loopback only; {@code controlplane faults} is its command line, the console shows them): on the
 * local Databricks workspace, 429s, 5xx and lost connections on chosen API calls, a cluster that never starts, a run
 * that fails or hangs, and run timings; on the AWS endpoint, S3 and DynamoDB errors on chosen operations.
 *
 * <p>A fault is a JSON object: {@code {"target": "aws", "call": "s3:CopyObject", "fault": "SlowDown", "times": 5}},
 * {@code {"target": "databricks", "call": "jobs/runs/submit", "fault": "429"|"500"|"502"|"503"|"504"|"lost-connection",
 * "times": 2}}, {@code {"target": "databricks", "fault": "cluster-never-starts"|"run-hangs"}}, {@code {"target":
 * "databricks", "fault": "run-fails", "message": "..."}}, {@code {"target": "databricks", "fault": "run-timings",
 * "clusterStart": 60, "running": 300}} (seconds; also {@code queued}, {@code terminating}). Without {@code times} a
 * call fault lasts until cleared.
 */
final class LocalFaults {
    static final String PATH = "/_controlplane/faults";
    private static final Set<String> STATUSES = Set.of("429", "500", "502", "503", "504");

    private final AwsFaults aws;
    private final FaultPlan databricks;

    LocalFaults(AwsFaults aws, FaultPlan databricks) {
        this.aws = aws;
        this.databricks = databricks;
    }

    /** Every active fault, one line each, AWS's first. */
    ObjectNode list() {
        ObjectNode answer = Json.object();
        ArrayNode awsFaults = answer.putArray("aws");
        aws.active().forEach(awsFaults::add);
        ArrayNode workspaceFaults = answer.putArray("databricks");
        databricks.active().forEach(workspaceFaults::add);
        return answer;
    }

    /**
     * Plans the fault the request describes; returns the list after it.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    ObjectNode add(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the request is not a JSON object; expected a fault such as"
                    + " {\"target\": \"aws\", \"call\": \"s3:CopyObject\", \"fault\": \"SlowDown\", \"times\": 5}");
        }
        String target = request.path("target").asText("");
        String fault = request.path("fault").asText("");
        int times = times(request);
        switch (target) {
            case "aws" -> aws.add(request.path("call").asText(null), fault, times);
            case "databricks" -> addToWorkspace(request, fault, times);
            default -> throw new IllegalArgumentException("target is '" + target + "'; expected aws or databricks");
        }
        return list();
    }

    void clear() {
        aws.clear();
        databricks.clear();
    }

    private void addToWorkspace(JsonNode request, String fault, int times) {
        String call = request.path("call").asText("");
        switch (fault) {
            case "cluster-never-starts" -> databricks.nextClusterNeverStarts();
            case "run-hangs" -> databricks.nextRunHangs();
            case "run-fails" -> databricks.failNextRun(request.path("message").asText("Workload failed (injected by"
                    + " controlplane faults)"));
            case "run-timings" -> databricks.runTimings(new RunTimings(seconds(request, "queued"),
                    seconds(request, "clusterStart"), seconds(request, "running"), seconds(request, "terminating"),
                    seconds(request, "statement")));
            case "lost-connection" -> databricks.dropConnection(requireCall(call), times);
            case "429" -> databricks.throttle(requireCall(call), times, 1);
            default -> {
                if (!STATUSES.contains(fault)) {
                    throw new IllegalArgumentException("fault is '" + fault + "'; expected for databricks one of 429, 500,"
                            + " 502, 503, 504, lost-connection (with call), cluster-never-starts, run-fails, run-hangs,"
                            + " run-timings");
                }
                databricks.serverError(requireCall(call), times, Integer.parseInt(fault));
            }
        }
    }

    private static String requireCall(String call) {
        if (call.isBlank() || call.startsWith("/") || call.startsWith("api/")) {
            throw new IllegalArgumentException("call is '" + call + "'; expected a workspace API path without /api/2.x/,"
                    + " e.g. jobs/runs/submit or jobs/runs/get");
        }
        return call;
    }

    private static int times(JsonNode request) {
        JsonNode times = request.get("times");
        if (times == null || times.isNull()) return FaultPlan.UNTIL_CLEARED;
        if (!times.canConvertToInt() || times.asInt() < 1) {
            throw new IllegalArgumentException("times is " + times + "; expected a whole number of calls, 1 or more (or"
                    + " no times: until cleared)");
        }
        return times.asInt();
    }

    private static Duration seconds(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) return Duration.ZERO;
        if (!value.isNumber() || value.asDouble() < 0) {
            throw new IllegalArgumentException(field + " is " + value + "; expected seconds, 0 or more");
        }
        return Duration.ofMillis(Math.round(value.asDouble() * 1000));
    }
}
