package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.PooledS3Client;
import dev.controlplane.aws.S3ObjectCopier;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.aws.S3ReplicationPlanStore.StoredCopyBatch;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.ReplicationGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda {@code CopyBatch}: copies the objects of plan batches server-side and stores each batch's outcome next to
 * the plan. Input: one batch {@code {planBucket, key}} (an item of {@code batches.json}), or what a Distributed
 * Map's ItemBatcher hands over, {@code {Items: [{planBucket, key}, ...]}}. Output
 * {@code {batches, copied, bytes, failed, failures: [{key, reason}]}}. Objects that fail after the retries are
 * counted, not thrown: the rest of the batch is copied, and the next run copies them. Running a batch again is
 * harmless (the same bytes are copied again), so the Map may retry it.
 *
 * <p>Every batch's target is checked before any is copied: a plan naming a production bucket is refused
 * ({@link dev.controlplane.domain.replication.ProdTargetRefusedException}).
 *
 * <p>Environment: optionally {@code REPLICATION_COPY_CONCURRENCY} (default 64 requests in flight),
 * {@code REPLICATION_MULTIPART_THRESHOLD} (default 5 GiB), {@code REPLICATION_PART_SIZE},
 * {@code CONTROLPLANE_CONFIG_DIR}, and the client's.
 */
public final class CopyBatchHandler implements RequestStreamHandler {

    static final String FUNCTION = "CopyBatch";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final ReplicationGuard guard;
    private final S3ReplicationPlanStore store;
    private final S3ObjectCopier copier;

    public CopyBatchHandler() {
        this(System.getenv());
    }

    public CopyBatchHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private CopyBatchHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, PooledS3Client.of(environment, ReplicationEnvironment.copySettings(environment).concurrency()), environment);
        // SnapStart: a batch of a made-up run copied through the SDK before the snapshot, answered from memory, and
        // the pooled HTTP client's path loaded on a loopback server of its own
        this.shell = HandlerShell.primed(FUNCTION, () -> {
            ReplicationPriming.prime(config, environment, ReplicationPriming::copyBatch);
            PooledS3Client.primeConnections(ReplicationEnvironment.copySettings(environment).concurrency());
        });
    }

    /** From the function's environment, with a config and a client shared by the functions of one process. */
    public CopyBatchHandler(PlatformConfig config, S3Client s3, Map<String, String> environment) {
        this(config, new S3ReplicationPlanStore(s3),
                new S3ObjectCopier(s3, ReplicationEnvironment.copySettings(environment)));
    }

    public CopyBatchHandler(PlatformConfig config, S3ReplicationPlanStore store, S3ObjectCopier copier) {
        this.guard = new ReplicationGuard(Objects.requireNonNull(config, "config"));
        this.store = Objects.requireNonNull(store, "store");
        this.copier = Objects.requireNonNull(copier, "copier");
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
        List<JsonNode> pointers = task.root().has("Items")
                ? task.objects("Items", "the batches to copy, [{planBucket, key}] as batches.json lists them")
                : List.of(task.root());
        List<StoredCopyBatch> batches = new ArrayList<>();
        List<String> planBuckets = new ArrayList<>();
        for (int i = 0; i < pointers.size(); i++) {
            String at = task.root().has("Items") ? "Items[" + i + "]." : "";
            String planBucket = task.text(pointers.get(i), "planBucket", at + "planBucket",
                    "the bucket the plan is in");
            String key = task.text(pointers.get(i), "key", at + "key", "the key of a batch file of the plan");
            StoredCopyBatch batch = store.readCopyBatch(planBucket, key);
            guard.requireWritable(batch.target().bucket(), "plan batch s3://" + planBucket + "/" + key,
                    "target.bucket");
            batches.add(batch);
            planBuckets.add(planBucket);
        }
        // The batches at once: the copier's concurrency bounds the requests, and no batch's tail idles the others.
        List<Future<BatchOutcome>> copies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < batches.size(); i++) {
                StoredCopyBatch batch = batches.get(i);
                String planBucket = planBuckets.get(i);
                copies.add(threads.submit(() -> {
                    BatchOutcome outcome = copier.copy(batch.source(), batch.target(), batch.objects());
                    store.writeOutcome(planBucket, batch.resultKey(), outcome);
                    return outcome;
                }));
            }
        }
        BatchOutcome total = BatchOutcome.NONE;
        for (Future<BatchOutcome> copy : copies) {
            try {
                total = total.plus(copy.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
        ObjectNode answer = outcomeJson(total).put("batches", batches.size());
        Map<String, Object> fields = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        TaskLog.info("copied", fields);
        EmfMetrics.of(context).dimension("Dataset", batches.isEmpty() ? null : batches.get(0).dataset())
                .count("ReplicatedObjects", total.objects()).bytes("ReplicatedBytes", total.bytes())
                .count("ReplicationFailedObjects", total.failedObjects()).write();
        TaskInput.JSON.writeValue(output, answer);
    }

    /** {@code {copied, bytes, failed, failures: [{key, reason}]}} */
    static ObjectNode outcomeJson(BatchOutcome outcome) {
        ObjectNode node = TaskInput.JSON.createObjectNode();
        node.put("copied", outcome.objects()).put("bytes", outcome.bytes()).put("failed", outcome.failedObjects());
        ArrayNode failures = node.putArray("failures");
        outcome.failures().forEach(failure -> failures.addObject().put("key", failure.key())
                .put("reason", failure.reason()));
        return node;
    }
}
