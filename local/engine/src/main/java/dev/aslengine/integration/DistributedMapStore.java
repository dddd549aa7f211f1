package dev.aslengine.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Where a Distributed Map reads its items (ItemReader) and writes its results (ResultWriter): S3 in AWS. */
public interface DistributedMapStore {
    /** The items; failures are StatesError States.ItemReaderFailed. */
    ArrayNode readItems(String readerResource, JsonNode readerConfig, JsonNode arguments);

    /** Writes the run's results and returns the ResultWriterDetails; failures are States.ResultWriterFailed. */
    JsonNode writeResults(JsonNode resultWriterArguments, String mapRunId, List<JsonNode> succeeded, List<JsonNode> failed);

    /**
     * The items, read for the execution {@code executionArn} (as Step Functions reads them, with its state machine's
     * role); a store that calls as one identity for all ignores it.
     */
    default ArrayNode readItems(String executionArn, String readerResource, JsonNode readerConfig, JsonNode arguments) {
        return readItems(readerResource, readerConfig, arguments);
    }

    /** The run's results, written for the execution {@code executionArn}; a store with one identity ignores it. */
    default JsonNode writeResults(String executionArn, JsonNode resultWriterArguments, String mapRunId,
            List<JsonNode> succeeded, List<JsonNode> failed) {
        return writeResults(resultWriterArguments, mapRunId, succeeded, failed);
    }
}
