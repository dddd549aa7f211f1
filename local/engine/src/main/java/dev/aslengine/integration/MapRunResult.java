package dev.aslengine.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import java.time.Instant;

/** The records a Distributed Map's ResultWriter stores, one per child execution. */
public final class MapRunResult {
    private MapRunResult() {}

    /**
     * One child execution's entry in SUCCEEDED_0.json / FAILED_0.json, as Step Functions writes it: Input and Output
     * as JSON strings; Error and Cause instead of Output when {@code error} is not null.
     */
    public static ObjectNode childExecution(String executionArn, String name, String stateMachineArn, JsonNode input,
            Instant startDate, Instant stopDate, JsonNode output, String error, String cause) {
        ObjectNode r = Json.object();
        boolean failed = error != null;
        if (failed) {
            r.put("Cause", cause);
            r.put("Error", error);
        }
        r.put("ExecutionArn", executionArn);
        r.put("Input", Json.write(input == null ? Json.object() : input));
        r.putObject("InputDetails").put("Included", true);
        r.put("Name", name);
        if (!failed) {
            r.put("Output", Json.write(output == null ? Json.NODES.nullNode() : output));
            r.putObject("OutputDetails").put("Included", true);
        }
        r.put("RedriveCount", 0);
        r.put("RedriveStatus", "NOT_REDRIVABLE");
        r.put("RedriveStatusReason", "Execution is " + (failed ? "FAILED" : "SUCCEEDED") + " and cannot be redriven");
        r.put("StartDate", startDate == null ? null : startDate.toString());
        r.put("StateMachineArn", stateMachineArn);
        r.put("Status", failed ? "FAILED" : "SUCCEEDED");
        r.put("StopDate", stopDate == null ? null : stopDate.toString());
        return r;
    }

}
