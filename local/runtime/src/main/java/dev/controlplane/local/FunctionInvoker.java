package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;

/** Invokes a function of the template in-process, as Lambda's Invoke API would (S3 notifications, HTTP API, schedules). */
@FunctionalInterface
public interface FunctionInvoker {
    /**
     * @param functionName the function's name or ARN
     * @return the function's response
     * @throws dev.aslengine.StatesError with the Lambda error type and cause when the function fails
     */
    JsonNode invoke(String functionName, JsonNode payload);
}
