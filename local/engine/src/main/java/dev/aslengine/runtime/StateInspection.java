package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;

/**
 * What TestState sees of one state as it runs: the data after each processing step (AWS's inspectionData members:
 * afterInputPath, afterParameters, afterArguments, result, afterResultSelector, afterResultPath, variables), a mocked
 * task result or error, and whether an error was retriable or caught instead of being retried.
 */
final class StateInspection {
    final ObjectNode data = Json.object();
    final JsonNode mockResult;
    final StatesError mockError;
    /** RETRIABLE or CAUGHT_ERROR once an error met a retrier or a catcher; null otherwise. */
    String status;
    StatesError error;

    StateInspection(JsonNode mockResult, StatesError mockError) {
        this.mockResult = mockResult;
        this.mockError = mockError;
    }

    boolean mocked() {
        return mockResult != null || mockError != null;
    }

    /** The mocked task result, or the mocked error thrown. */
    JsonNode mock() {
        if (mockError != null) throw new StatesError(mockError.error(), mockError.cause());
        return mockResult;
    }

    void record(String member, JsonNode value) {
        if (value != null) data.put(member, Json.write(value));
    }

    /** A retrier matched: TestState reports the error as retriable and does not retry. */
    void retriable(StatesError e, int retrier, double backoffSeconds) {
        status = "RETRIABLE";
        error = e;
        data.set("errorDetails", Json.object().put("retryIndex", retrier).put("retryBackoffIntervalSeconds", (int) Math.round(backoffSeconds)));
    }

    void caught(StatesError e, int catcher) {
        status = "CAUGHT_ERROR";
        error = e;
        data.set("errorDetails", Json.object().put("catchIndex", catcher));
    }
}
