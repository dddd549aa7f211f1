package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3ObjectDeleter;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.aws.S3ReplicationPlanStore.StoredDeleteBatch;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.PlanManifest;
import dev.controlplane.domain.replication.ReplicationGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda {@code DeleteExtraneous}: in mirror mode, deletes the target objects the plan found missing from the
 * source (DeleteObjects, 1,000 keys a request). Input {@code {planBucket, manifestKey}} (the plan step's output
 * will do); output {@code {deleted, failed, failures}}. An additive plan has nothing to delete. Every target is
 * checked before anything is deleted
 * ({@link dev.controlplane.domain.replication.ProdTargetRefusedException}).
 */
public final class DeleteExtraneousHandler implements RequestStreamHandler {

    static final String FUNCTION = "DeleteExtraneous";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final ReplicationGuard guard;
    private final S3ReplicationPlanStore store;
    private final S3ObjectDeleter deleter;

    public DeleteExtraneousHandler() {
        this(System.getenv());
    }

    public DeleteExtraneousHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private DeleteExtraneousHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, S3ArtifactStore.client(environment));
        // SnapStart: the deletes of a made-up run through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> ReplicationPriming.prime(config, environment,
                ReplicationPriming::deleteExtraneous));
    }

    /** From the function's environment, with a config and a client shared by the functions of one process. */
    public DeleteExtraneousHandler(PlatformConfig config, S3Client s3) {
        this(config, new S3ReplicationPlanStore(s3), new S3ObjectDeleter(s3));
    }

    public DeleteExtraneousHandler(PlatformConfig config, S3ReplicationPlanStore store, S3ObjectDeleter deleter) {
        this.guard = new ReplicationGuard(Objects.requireNonNull(config, "config"));
        this.store = Objects.requireNonNull(store, "store");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
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
        PlanManifest manifest = store.readManifest(planBucket, manifestKey);
        BatchOutcome outcome = BatchOutcome.NONE;
        if (manifest.mode() == ReplicationMode.MIRROR && !manifest.deleteBatchKeys().isEmpty()) {
            String plan = "plan s3://" + planBucket + "/" + manifestKey;
            guard.requireWritable(manifest.target().bucket(), plan, "target.bucket");
            List<StoredDeleteBatch> batches = new ArrayList<>();
            for (String key : manifest.deleteBatchKeys()) {
                StoredDeleteBatch batch = store.readDeleteBatch(planBucket, key);
                guard.requireWritable(batch.target().bucket(), "plan file s3://" + planBucket + "/" + key,
                        "target.bucket");
                batches.add(batch);
            }
            for (StoredDeleteBatch batch : batches) {
                outcome = outcome.plus(deleter.delete(batch.target(), batch.keys()));
            }
            store.writeOutcome(planBucket, manifest.runFolder() + S3ReplicationPlanStore.DELETE_RESULT, outcome);
        }
        ObjectNode answer = TaskInput.JSON.createObjectNode();
        answer.put("deleted", outcome.objects()).put("failed", outcome.failedObjects());
        ArrayNode failures = answer.putArray("failures");
        outcome.failures().forEach(failure -> failures.addObject().put("key", failure.key())
                .put("reason", failure.reason()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dataset", manifest.dataset());
        fields.put("runId", manifest.runId());
        fields.put("deleted", outcome.objects());
        fields.put("failed", outcome.failedObjects());
        TaskLog.info("deleted", fields);
        EmfMetrics.of(context).dimension("Dataset", manifest.dataset())
                .count("ReplicationDeletedObjects", outcome.objects())
                .count("ReplicationFailedObjects", outcome.failedObjects()).write();
        TaskInput.JSON.writeValue(output, answer);
    }
}
