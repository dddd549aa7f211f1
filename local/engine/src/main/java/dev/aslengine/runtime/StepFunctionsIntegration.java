package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;

/**
 * {@code arn:aws:states:::states:startExecution} (request-response, .sync, .sync:2 and .waitForTaskToken): starts
 * another state machine of the same engine, and for .sync waits for it, answering as DescribeExecution does.
 */
final class StepFunctionsIntegration implements TaskIntegration {
    private final Engine engine;

    StepFunctionsIntegration(Engine engine) {
        this.engine = engine;
    }

    @Override
    public boolean supports(ResourceArn resource) {
        return resource.service().equals("states") && resource.action().equals("startExecution");
    }

    @Override
    public JsonNode call(TaskCall call) throws InterruptedException {
        JsonNode p = call.parameters();
        String arn = p.path("StateMachineArn").asText(null);
        if (arn == null) throw new StatesError("StepFunctions.InvalidArnException", "Parameter StateMachineArn is required");
        JsonNode inputNode = p.get("Input");
        JsonNode input;
        if (inputNode == null || inputNode.isNull()) {
            input = Json.object();
        } else if (inputNode.isTextual()) {
            try {
                input = Json.parse(inputNode.asText());
            } catch (IllegalArgumentException e) {
                throw new StatesError("StepFunctions.InvalidExecutionInputException", "Input is not valid JSON: " + e.getMessage());
            }
        } else {
            input = inputNode;
        }
        Execution child;
        try {
            StateMachine sm = engine.stateMachine(arn);
            child = engine.start(sm, p.path("Name").asText(null), input, call.taskToken());
        } catch (EngineException e) {
            throw new StatesError("StepFunctions." + e.errorCode() + "Exception", e.getMessage());
        }
        IntegrationPattern pattern = call.resource().pattern();
        if (pattern == IntegrationPattern.REQUEST_RESPONSE || pattern == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
            ObjectNode out = Json.object();
            out.put("ExecutionArn", child.arn());
            out.put("StartDate", child.startDate().toEpochMilli());
            return out;
        }
        child.await();
        ObjectNode describe = describe(child, pattern == IntegrationPattern.RUN_JOB_V2);
        if (child.status() != ExecutionStatus.SUCCEEDED) {
            throw new StatesError(StatesError.TASK_FAILED, Json.write(describe));
        }
        return describe;
    }

    /** DescribeExecution as the .sync integrations return it: .sync:2 keeps Input and Output as JSON, .sync as strings. */
    static ObjectNode describe(Execution e, boolean jsonPayloads) {
        ObjectNode out = Json.object();
        out.put("ExecutionArn", e.arn());
        out.put("StateMachineArn", e.stateMachine().arn());
        out.put("Name", e.name());
        out.put("Status", e.status().name());
        out.put("StartDate", e.startDate().toEpochMilli());
        if (e.stopDate() != null) out.put("StopDate", e.stopDate().toEpochMilli());
        if (jsonPayloads) out.set("Input", e.input());
        else out.put("Input", Json.write(e.input()));
        out.set("InputDetails", Json.object().put("Included", true));
        if (e.output() != null) {
            if (jsonPayloads) out.set("Output", e.output());
            else out.put("Output", Json.write(e.output()));
            out.set("OutputDetails", Json.object().put("Included", true));
        }
        if (e.error() != null) out.put("Error", e.error());
        if (e.cause() != null) out.put("Cause", e.cause());
        out.put("RedriveCount", e.redriveCount());
        return out;
    }
}
