package dev.aslengine.integration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service a Task can call. The engine picks one by {@link #supports(ResourceArn)}; each integration lives in its
 * own class. Failures are thrown as {@link dev.aslengine.StatesError} with the service's error name
 * (e.g. {@code S3.NoSuchKeyException}, {@code DynamoDB.ConditionalCheckFailedException}).
 */
public interface TaskIntegration {
    boolean supports(ResourceArn resource);

    /**
     * Performs the call and returns the task's result. For .waitForTaskToken the engine ignores the result and waits
     * for the token; for .sync the integration itself waits until the job ends.
     */
    JsonNode call(TaskCall call) throws InterruptedException;
}
