package dev.controlplane.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.Map;

/**
 * The console's JSON API under {@code /api/}: what the page reads (config, sample events, artifacts, approvals, runs,
 * replication reports), the two decisions (approve, reject), a promotion's retry, a rollback of latest, and the Step
 * Functions actions the page may call, passed through with task tokens masked.
 */
final class ConsoleApi {

    /** One answer: an HTTP status and a JSON body. */
    record Reply(int status, JsonNode body) {
    }

    private final ConsoleOptions options;
    private final StepFunctionsGateway sfn;
    private final SampleInputs samples;
    private final ArtifactCatalog artifacts;
    private final ApprovalDesk approvals;
    private final RunCosts runs;
    private final ReplicationReports replication;
    private final ActiveFaults faults;
    private final PromotionDesk promotions;

    ConsoleApi(ConsoleOptions options, InstantSource clock) {
        this.options = options;
        this.sfn = new StepFunctionsGateway(options.stepFunctions());
        this.samples = new SampleInputs(options.eventsDirectory());
        this.artifacts = new ArtifactCatalog(options.dynamoDb(), options.registryTable(), options.s3(),
                options.artifactBuckets());
        this.approvals = new ApprovalDesk(options.dynamoDb(), options.registryTable(), sfn, clock);
        this.runs = new RunCosts(options.dynamoDb(), options.runsTable());
        this.replication = new ReplicationReports(options.s3(), options.replicationPlanBucket(),
                options.replicationPlanPrefix());
        // the AWS endpoint serves Step Functions and, on its admin path, the faults injected into this environment
        this.faults = new ActiveFaults(options.stepFunctions());
        this.promotions = new PromotionDesk(sfn, options.registryTable(), clock, java.time.Duration.ofSeconds(20));
    }

    /**
     * Answers one request.
     *
     * @param path  the request path after {@code /api}
     * @param query the decoded query parameters
     */
    Reply handle(String method, String path, Map<String, String> query, byte[] body) {
        if (path.startsWith("/sfn/")) {
            requireMethod(method, "POST", path);
            return stepFunctions(path.substring("/sfn/".length()), ConsoleJson.requestObject(body, "The request body"));
        }
        if (path.startsWith("/events/")) {
            requireMethod(method, "GET", path);
            return ok(samples.read(path.substring("/events/".length())));
        }
        return switch (path) {
            case "/config" -> get(method, path, this::config);
            case "/events" -> get(method, path, samples::list);
            case "/artifacts" -> get(method, path, artifacts::list);
            case "/artifacts/files" -> get(method, path,
                    () -> artifacts.files(query.get("artifact"), query.get("environment")));
            case "/approvals" -> get(method, path, approvals::pending);
            case "/approvals/approve" -> post(method, path, () -> approvals.approve(ConsoleJson.requestObject(body,
                    "The approval")));
            case "/approvals/reject" -> post(method, path, () -> approvals.reject(ConsoleJson.requestObject(body,
                    "The rejection")));
            case "/promotions/retry" -> post(method, path, () -> promotions.retry(ConsoleJson.requestObject(body,
                    "The retry")));
            case "/promotions/rollback" -> post(method, path, () -> promotions.rollback(ConsoleJson.requestObject(body,
                    "The rollback")));
            case "/runs/months" -> get(method, path, runs::months);
            case "/runs" -> get(method, path, () -> runs.runs(query.get("team"), query.get("month")));
            case "/replication/reports" -> get(method, path, replication::list);
            case "/faults" -> get(method, path, faults::list);
            default -> throw ApiException.notFound("There is no console API at /api" + path + "; see /api/config");
        };
    }

    private ObjectNode config() {
        ObjectNode config = ConsoleJson.object().put("stepFunctions", sfn.endpoint().toString())
                .put("registryTable", options.registryTable())
                .put("runsTable", options.runsTable())
                .put("replicationPlanBucket", options.replicationPlanBucket());
        ArrayNode environments = config.putArray("environments");
        options.artifactBuckets().forEach((environment, bucket) ->
                environments.addObject().put("name", environment).put("artifactBucket", bucket));
        ArrayNode actions = config.putArray("stepFunctionsActions");
        StepFunctionsGateway.PAGE_ACTIONS.stream().sorted().forEach(actions::add);
        return config;
    }

    private Reply stepFunctions(String action, ObjectNode request) {
        if (!StepFunctionsGateway.PAGE_ACTIONS.contains(action)) {
            throw ApiException.badRequest("The Step Functions action '" + action + "' is not available from the"
                    + " console; expected one of " + StepFunctionsGateway.PAGE_ACTIONS.stream().sorted().toList()
                    + " (approvals go through /api/approvals)");
        }
        StepFunctionsGateway.Answer answer = sfn.call(action, request);
        return new Reply(answer.status(), TaskTokenMask.mask(answer.body()));
    }

    private static Reply get(String method, String path, java.util.function.Supplier<ObjectNode> answer) {
        requireMethod(method, "GET", path);
        return ok(answer.get());
    }

    private static Reply post(String method, String path, java.util.function.Supplier<ObjectNode> answer) {
        requireMethod(method, "POST", path);
        return ok(answer.get());
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!expected.equals(method)) {
            throw new ApiException(405, "MethodNotAllowed", method + " /api" + path + " is not served; expected "
                    + expected);
        }
    }

    private static Reply ok(ObjectNode body) {
        return new Reply(200, body);
    }
}
