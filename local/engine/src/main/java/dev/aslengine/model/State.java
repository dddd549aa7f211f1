package dev.aslengine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.model.choice.ChoiceRule;
import dev.aslengine.path.JsonPath;
import java.time.Instant;
import java.util.List;

/** The typed model of a state: one record per state type, each with the fields of {@link Common}. */
public sealed interface State {
    Common common();

    default String name() {
        return common().name();
    }

    record Pass(Common common, JsonNode result) implements State {}

    /** A number of seconds given literally, by path (JSONPath) or by expression (JSONata); all null means none. */
    record Seconds(Long literal, JsonPath path, JsonataTemplate expression) {
        public static final Seconds NONE = new Seconds(null, null, null);

        public boolean isSet() {
            return literal != null || path != null || expression != null;
        }
    }

    /** A Map's tolerated failure count or percentage: literal, by path (JSONPath) or by expression (JSONata); all null means none. */
    record Threshold(Double literal, JsonPath path, JsonataTemplate expression) {
        public static final Threshold NONE = new Threshold(null, null, null);

        public boolean isSet() {
            return literal != null || path != null || expression != null;
        }
    }

    record Task(Common common, ResourceArn resource, JsonataTemplate resourceExpression, Seconds timeout,
            Seconds heartbeat, JsonNode credentials) implements State {}

    record ChoiceBranch(ChoiceRule rule, JsonataTemplate condition, String next, Assign assign,
            JsonataTemplate output) {}

    record Choice(Common common, List<ChoiceBranch> choices, String defaultNext) implements State {}

    record Wait(Common common, Seconds seconds, Instant timestamp, JsonPath timestampPath,
            JsonataTemplate timestampExpression) implements State {}

    record Succeed(Common common) implements State {}

    record Fail(Common common, String error, PathOrIntrinsic errorPath, JsonataTemplate errorExpression, String cause,
            PathOrIntrinsic causePath, JsonataTemplate causeExpression) implements State {}

    record Parallel(Common common, List<StateMachineDefinition> branches) implements State {}

    /** ItemReader of a Distributed Map: where the items come from (S3), read through the integration layer. */
    record ItemReader(String resource, JsonNode readerConfig, PayloadTemplate parameters, JsonataTemplate arguments,
            Long maxItems) {}

    record ItemBatcher(Long maxItemsPerBatch, Long maxInputBytesPerBatch, PayloadTemplate batchInput,
            JsonataTemplate batchInputExpression) {}

    record ResultWriter(String resource, PayloadTemplate parameters, JsonataTemplate arguments) {}

    record Map(Common common, JsonPath itemsPath, JsonataTemplate items, PayloadTemplate itemSelector,
            JsonataTemplate itemSelectorExpression, StateMachineDefinition processor, boolean distributed,
            Seconds maxConcurrency, Threshold toleratedFailurePercentage, Threshold toleratedFailureCount, ItemReader itemReader,
            ItemBatcher itemBatcher, ResultWriter resultWriter, String label) implements State {}
}
