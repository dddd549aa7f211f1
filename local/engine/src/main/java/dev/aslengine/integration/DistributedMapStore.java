package dev.aslengine.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Where a Distributed Map reads its items (ItemReader) and writes its results (ResultWriter): S3 in AWS. */
public interface DistributedMapStore {
    /**
     * The items, read for the execution {@code executionArn} (Step Functions reads them with its state machine's
     * role; a store that calls as one identity for all ignores it); failures are StatesError States.ItemReaderFailed.
     */
    ArrayNode readItems(String executionArn, String readerResource, JsonNode readerConfig, JsonNode arguments);

    /**
     * Writes the run's results for the execution {@code executionArn} and returns the ResultWriterDetails; failures
     * are States.ResultWriterFailed.
     */
    JsonNode writeResults(String executionArn, JsonNode resultWriterArguments, String mapRunId, List<JsonNode> succeeded,
            List<JsonNode> failed);
}
