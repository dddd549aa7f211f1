package dev.controlplane.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.domain.registry.PromotionRequestName;
import java.time.Duration;
import java.time.InstantSource;
import java.util.regex.Pattern;

/**
 * What a person asks of promote-artifact from the console, as an execution of it (the workflow checks and records the
 * request, as it does for {@code controlplane promote}): a retry of a version's promotion, a rollback of {@code latest}
 * in one environment. The answer comes once the execution has refused the request (409 with its error and cause) or
 * taken it up (a retry: it holds the promotion; a rollback: done).
 */
final class PromotionDesk {

    static final String MACHINE_PREFIX = "controlplane-promote-artifact-";
    private static final String REGISTRY_PREFIX = "controlplane-registry-";
    /** The state a promotion enters once it holds the commit's claim. */
    private static final String PROMOTING_STATE = "PromoteAlongChain";
    private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*){2}");
    private static final int NAME_MAX = 128;

    private final StepFunctionsGateway sfn;
    private final String registryTable;
    private final InstantSource clock;
    private final Duration wait;

    PromotionDesk(StepFunctionsGateway sfn, String registryTable, InstantSource clock, Duration wait) {
        this.sfn = sfn;
        this.registryTable = registryTable;
        this.clock = clock;
        this.wait = wait;
    }

    /** Body {@code {artifact, version, requestedBy}}: {@code {execution, status, promoting}} or the refusal. */
    ObjectNode retry(ObjectNode body) {
        String artifact = artifact(body);
        String version = ConsoleJson.requiredText(body, "version", 200, "the version to promote again, e.g. 1.4.0");
        String by = ConsoleJson.requiredText(body, "requestedBy", NAME_MAX, "the name of the person asking");
        ObjectNode input = ConsoleJson.object().put("action", "retry").put("artifact", artifact).put("version", version)
                .put("requestedBy", by);
        return start(PromotionRequestName.of("retry", artifact, version, clock.instant()), input, false);
    }

    /**
     * Body {@code {artifact, environment, version, requestedBy, reason}}: {@code {execution, status, output}} once
     * {@code latest} has moved back, or the refusal naming the version.
     */
    ObjectNode rollback(ObjectNode body) {
        String artifact = artifact(body);
        String environment = ConsoleJson.requiredText(body, "environment", 64, "the environment whose latest moves back");
        String version = ConsoleJson.requiredText(body, "version", 200, "the earlier released version, e.g. 1.4.0");
        String by = ConsoleJson.requiredText(body, "requestedBy", NAME_MAX, "the name of the person rolling back");
        String reason = ConsoleJson.requiredText(body, "reason", 2000, "why latest moves back");
        ObjectNode input = ConsoleJson.object().put("action", "rollback").put("artifact", artifact)
                .put("environment", environment).put("version", version).put("requestedBy", by).put("reason", reason);
        return start(PromotionRequestName.of("rollback", artifact, version, clock.instant()), input, true);
    }

    private static String artifact(ObjectNode body) {
        String artifact = ConsoleJson.requiredText(body, "artifact", 300, "the artifact {team}/{project}/{script}");
        if (!ARTIFACT.matcher(artifact).matches()) {
            throw ApiException.badRequest("artifact is '" + artifact + "'; expected {team}/{project}/{script}, e.g."
                    + " data-eng/churn/churn");
        }
        return artifact;
    }

    private ObjectNode start(String name, ObjectNode input, boolean toTheEnd) {
        String machine = machine();
        StepFunctionsGateway.Answer started = sfn.call("StartExecution", ConsoleJson.object()
                .put("stateMachineArn", machine).put("name", name).put("input", input.toString()));
        if (!started.ok()) {
            throw new ApiException(started.status() >= 500 ? 502 : 409, started.errorType(), "Could not start "
                    + machine + ": " + started.message());
        }
        String execution = started.body().path("executionArn").asText();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode described = sfn.call("DescribeExecution", ConsoleJson.object().put("executionArn", execution)).body();
            String status = described.path("status").asText("RUNNING");
            if (!"RUNNING".equals(status) && !"SUCCEEDED".equals(status)) {
                throw new ApiException(409, described.path("error").asText(status), described.path("cause").asText(status)
                        + " (execution " + execution + ")");
            }
            boolean promoting = !toTheEnd && "RUNNING".equals(status) && promoting(execution);
            if (!"RUNNING".equals(status) || promoting || System.nanoTime() > deadline) {
                ObjectNode answer = ConsoleJson.object().put("execution", execution).put("status", status)
                        .put("promoting", promoting);
                if (described.hasNonNull("output")) answer.put("output", described.get("output").asText());
                return answer;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "Interrupted", "The console stopped while waiting for " + execution);
            }
        }
    }

    private boolean promoting(String execution) {
        String next = null;
        do {
            ObjectNode request = ConsoleJson.object().put("executionArn", execution).put("maxResults", 1000);
            if (next != null) request.put("nextToken", next);
            JsonNode page = sfn.call("GetExecutionHistory", request).body();
            for (JsonNode event : page.path("events")) {
                if (PROMOTING_STATE.equals(event.path("stateEnteredEventDetails").path("name").asText())) return true;
            }
            next = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (next != null);
        return false;
    }

    // The template names it after the stack's environment, as it names the registry table.
    private String machine() {
        String wanted = registryTable.startsWith(REGISTRY_PREFIX)
                ? MACHINE_PREFIX + registryTable.substring(REGISTRY_PREFIX.length()) : null;
        String only = null;
        int found = 0;
        String next = null;
        do {
            ObjectNode request = ConsoleJson.object().put("maxResults", 1000);
            if (next != null) request.put("nextToken", next);
            JsonNode page = sfn.call("ListStateMachines", request).body();
            for (JsonNode machine : page.path("stateMachines")) {
                String name = machine.path("name").asText();
                if (name.equals(wanted)) return machine.path("stateMachineArn").asText();
                if (name.startsWith(MACHINE_PREFIX)) {
                    only = machine.path("stateMachineArn").asText();
                    found++;
                }
            }
            next = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (next != null);
        if (found == 1) return only;
        throw new ApiException(503, "NoPromoteArtifact", "No state machine named " + (wanted != null ? wanted
                : MACHINE_PREFIX + "{environment}") + " at " + sfn.endpoint() + "; the console starts promote-artifact"
                + " for retries and rollbacks");
    }
}
