package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.PooledS3Client;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.CopyFailure;
import dev.controlplane.domain.replication.KeySelection;
import dev.controlplane.domain.replication.PlanManifest;
import dev.controlplane.domain.replication.ReplicationPlan;
import dev.controlplane.domain.replication.ReplicationPlanner;
import dev.controlplane.domain.replication.ReplicationReport;
import dev.controlplane.domain.replication.TableCloneResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda {@code VerifyReplication}: lists source and target again, compares them as the plan did, adds up what
 * the batches stored as their outcomes, and writes and returns the run's report. Input
 * {@code {planBucket, manifestKey}} and optionally {@code clone} (the CloneTables step's output); output the report
 * {@code {dataset, runId, inSync, complete, copied: {objects, bytes}, deleted, skipped: {objects, bytes}, failed,
 * failures, tablesCloned, tablesFailed, tableFailures: [{source, target, statement, error}], remaining: {copies,
 * deletes}, durationMillis, verifiedBy, planBucket, reportKey}}. {@code complete} is in sync with nothing failed;
 * {@code verifiedBy} is {@code plan} when the plan itself found them equal (nothing to copy or delete),
 * {@code outcomes} when every planned copy and delete is confirmed by the outcomes the batches stored (a copy counts
 * only once S3 returned the planned ETag for it or a HeadObject showed the planned size and ETag), and
 * {@code listing} otherwise: then both sides are listed again and compared as the plan did.
 */
public final class VerifyReplicationHandler implements RequestStreamHandler {

    static final String FUNCTION = "VerifyReplication";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final PlatformConfig config;
    private final S3ObjectListing listing;
    private final S3ReplicationPlanStore store;
    private final Clock clock;

    public VerifyReplicationHandler() {
        this(System.getenv());
    }

    public VerifyReplicationHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), PooledS3Client.of(environment, S3ObjectListing.DEFAULT_CONCURRENCY));
        // SnapStart: a made-up run verified through the SDK before the snapshot, answered from memory, and the
        // pooled HTTP client's path loaded on a loopback server of its own
        this.shell = HandlerShell.primed(FUNCTION, () -> {
            ReplicationPriming.prime(config, environment, ReplicationPriming::verifyReplication);
            PooledS3Client.primeConnections(S3ObjectListing.DEFAULT_CONCURRENCY);
        });
    }

    /** From the function's environment, with a config and a client shared by the functions of one process. */
    public VerifyReplicationHandler(PlatformConfig config, S3Client s3) {
        this(config, new S3ObjectListing(s3), new S3ReplicationPlanStore(s3),
                Clock.systemUTC());
    }

    public VerifyReplicationHandler(PlatformConfig config, S3ObjectListing listing, S3ReplicationPlanStore store,
            Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.listing = Objects.requireNonNull(listing, "listing");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        String planBucket = task.text("planBucket", "the bucket the plan is in");
        String manifestKey = task.text("manifestKey", "the key of the plan's manifest.json");
        JsonNode clone = task.root().path("clone");
        long tablesCloned = clone.path("cloned").asLong(0);
        List<TableCloneResult> tableFailures = tableFailures(clone.path("tables"));
        PlanManifest manifest = store.readManifest(planBucket, manifestKey);
        DatasetConfig dataset = config.dataset(manifest.dataset(), "plan s3://" + planBucket + "/" + manifestKey);

        // A plan without copies (or deletes) has no batch of them, so nothing of theirs to add up.
        BatchOutcome copied = manifest.copies() == 0 ? BatchOutcome.NONE
                : store.sumOutcomes(planBucket, manifest.runFolder(), "copies-");
        BatchOutcome deleted = manifest.deletes() == 0 ? BatchOutcome.NONE
                : store.sumOutcomes(planBucket, manifest.runFolder(), "deletes");
        // A plan that found both sides equal was itself that comparison, moments ago. When every planned copy and
        // delete is confirmed by its own response (each copy was conditional on the planned ETag and returned it
        // back, or was checked with a HeadObject), listing both sides again would only repeat what those responses
        // said. Otherwise the plan's locations and mode, with the dataset's globs, are compared again.
        String verifiedBy = manifest.copies() == 0 && manifest.deletes() == 0 ? "plan"
                : everyChangeConfirmed(manifest, copied, deleted) ? "outcomes" : "listing";
        ReplicationPlan remaining = !verifiedBy.equals("listing") ? new ReplicationPlan(List.of(), List.of(), 0, 0, 0)
                : new ReplicationPlanner(manifest.source(), manifest.target(), manifest.mode(),
                        KeySelection.of(dataset), listing)
                        .plan(listing.list(manifest.source()), listing.list(manifest.target()));
        List<CopyFailure> failures = new ArrayList<>(copied.failures());
        failures.addAll(deleted.failures());
        ReplicationReport report = new ReplicationReport(manifest.dataset(), manifest.runId(), copied.objects(),
                copied.bytes(), deleted.objects(), manifest.skippedObjects(), manifest.skippedBytes(),
                copied.failedObjects() + deleted.failedObjects(),
                failures.size() > BatchOutcome.LISTED_FAILURES ? failures.subList(0, BatchOutcome.LISTED_FAILURES)
                        : failures,
                tablesCloned, tableFailures, remaining.copies().size(), remaining.deletes().size(),
                Duration.between(manifest.plannedAt(), clock.instant()));
        String reportKey = manifest.runFolder() + S3ReplicationPlanStore.REPORT;
        ObjectNode answer = reportJson(report).put("verifiedBy", verifiedBy)
                .put("planBucket", planBucket).put("reportKey", reportKey);
        store.putJson(planBucket, reportKey, answer);
        Map<String, Object> fields = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        TaskLog.info("verified", fields);
        EmfMetrics.of(context).dimension("Dataset", report.dataset())
                .count("ReplicationRemainingObjects", report.remainingCopies() + report.remainingDeletes()).write();
        TaskInput.JSON.writeValue(output, answer);
    }

    /** Every planned copy and delete done, as their stored outcomes say, and none failed. */
    private static boolean everyChangeConfirmed(PlanManifest manifest, BatchOutcome copied, BatchOutcome deleted) {
        return copied.failedObjects() == 0 && deleted.failedObjects() == 0
                && copied.objects() == manifest.copies() && deleted.objects() == manifest.deletes();
    }

    /** The failed entries of CloneTables' {@code tables}. */
    private static List<TableCloneResult> tableFailures(JsonNode tables) {
        List<TableCloneResult> failures = new ArrayList<>();
        for (JsonNode table : tables) {
            String state = table.path("state").asText("");
            if (!state.equals(TableCloneResult.SUCCEEDED)) {
                TableClone.Kind kind = "SHALLOW".equals(table.path("mode").asText()) ? TableClone.Kind.SHALLOW
                        : TableClone.Kind.DEEP;
                failures.add(new TableCloneResult(new TableClone(table.path("source").asText(),
                        table.path("target").asText(), kind), table.path("statement").asText(),
                        table.path("statementId").isTextual() ? table.path("statementId").asText() : null,
                        state.isEmpty() ? "UNKNOWN" : state, table.path("error").asText("no message")));
            }
        }
        return failures;
    }

    static ObjectNode reportJson(ReplicationReport report) {
        ObjectNode node = TaskInput.JSON.createObjectNode();
        node.put("dataset", report.dataset()).put("runId", report.runId()).put("inSync", report.inSync())
                .put("complete", report.complete());
        node.putObject("copied").put("objects", report.copiedObjects()).put("bytes", report.copiedBytes());
        node.put("deleted", report.deletedObjects());
        node.putObject("skipped").put("objects", report.skippedObjects()).put("bytes", report.skippedBytes());
        node.put("failed", report.failedObjects());
        ArrayNode failures = node.putArray("failures");
        report.failures().forEach(failure -> failures.addObject().put("key", failure.key())
                .put("reason", failure.reason()));
        node.put("tablesCloned", report.tablesCloned()).put("tablesFailed", report.tableFailures().size());
        ArrayNode tables = node.putArray("tableFailures");
        report.tableFailures().forEach(failure -> tables.addObject().put("source", failure.table().source())
                .put("target", failure.table().target()).put("statement", failure.statement())
                .put("error", failure.error()));
        node.putObject("remaining").put("copies", report.remainingCopies()).put("deletes", report.remainingDeletes());
        node.put("durationMillis", report.duration().toMillis());
        return node;
    }
}
