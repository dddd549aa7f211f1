package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.domain.launch.CostEstimate;
import dev.controlplane.domain.launch.DbuRates;
import dev.controlplane.domain.launch.ResolvedRun;
import dev.controlplane.domain.launch.RunRecord;
import dev.controlplane.domain.launch.RunRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code RecordRun}: input {@code {run: <ResolveRun's output>, submitted: <SubmitRun's output>,
 * status: <PollRun's last output>, execution}}; writes the run record (team, project, version, run id, states,
 * start and end, cluster size, DBU and cost estimate) and returns {@code {team, month, runId, dbu, usd}}. The
 * estimate counts the driver and the most workers the cluster may have over the run's duration (an upper bound
 * while autoscaling), at {@link DbuRates}.
 *
 * <p>Environment: {@code RUNS_TABLE}, optionally {@code DBU_PRICE_USD} and {@code DBU_RATES}, {@code AWS_REGION},
 * optionally {@code AWS_ENDPOINT_URL}.
 */
public final class RecordRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "RecordRun";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final RunRecords records;
    private final DbuRates rates;
    private final InstantSource clock;

    public RecordRunHandler() {
        this(System.getenv());
    }

    public RecordRunHandler(Map<String, String> environment) {
        this(new DynamoDbRunRecords(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                environment.get(DynamoDbRunRecords.TABLE_VARIABLE)), DbuRates.fromEnvironment(environment),
                InstantSource.system());
        // SnapStart: the record's write through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.recordRun(environment, StoragePriming.http()));
    }

    public RecordRunHandler(RunRecords records, DbuRates rates, InstantSource clock) {
        this.records = records;
        this.rates = rates;
        this.clock = clock;
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        ResolvedRun run = TaskInput.JSON.treeToValue(task.object("run", "ResolveRun's output"), ResolvedRun.class);
        JsonNode submitted = task.object("submitted", "SubmitRun's output");
        JsonNode status = task.object("status", "PollRun's last output");
        Instant now = clock.instant();
        Instant start = instant(task.optionalText(status, "start_time", "status.start_time"), now);
        Instant end = instant(task.optionalText(status, "end_time", "status.end_time"), now);
        String nodeType = task.text(submitted, "nodeTypeId", "submitted.nodeTypeId", "the cluster's node type");
        long minWorkers = task.number(submitted, "minWorkers", "submitted.minWorkers", "the cluster's minimum workers");
        long maxWorkers = task.number(submitted, "maxWorkers", "submitted.maxWorkers", "the cluster's maximum workers");
        CostEstimate cost = rates.estimate(nodeType, maxWorkers + 1, Duration.between(start, end));
        RunRecord record = new RunRecord(run.team(), run.project(), run.script(), run.scriptVersion(), run.environment(),
                task.number(submitted, "runId", "submitted.runId", "the run id"),
                task.optionalText(status, "life_cycle_state", "status.life_cycle_state"),
                task.optionalText(status, "result_state", "status.result_state"),
                task.optionalText(status, "state_message", "status.state_message"),
                task.optionalText(status, "run_page_url", "status.run_page_url"), start, end, nodeType, minWorkers,
                maxWorkers, cost.dbu(), cost.usd(), run.costCentre(), task.optionalText("execution"));
        records.put(record);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("team", record.team());
        answer.put("month", record.month().toString());
        answer.put("runId", record.runId());
        answer.put("dbu", record.dbu());
        answer.put("usd", record.usd());
        TaskLog.info("run recorded", answer);
        EmfMetrics.of(context).dimension("Team", record.team()).value("RunCostUsd", record.usd())
                .value("RunDbu", record.dbu()).write();
        TaskInput.JSON.writeValue(output, answer);
    }

    private static Instant instant(String text, Instant otherwise) {
        return text == null || text.isBlank() ? otherwise : Instant.parse(text);
    }
}
