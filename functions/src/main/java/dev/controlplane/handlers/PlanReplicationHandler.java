package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.PooledS3Client;
import dev.controlplane.aws.S3ObjectListing;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.replication.KeySelection;
import dev.controlplane.domain.replication.ListedObject;
import dev.controlplane.domain.replication.PlanManifest;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.controlplane.domain.replication.ReplicationGuard;
import dev.controlplane.domain.replication.ReplicationPlan;
import dev.controlplane.domain.replication.ReplicationPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda {@code PlanReplication}: lists a dataset's source and target, compares them and writes the plan as
 * batches to the plan bucket. Input {@code {dataset, runId}}; output, small enough for the workflow's state,
 * {@code {dataset, runId, mode, planBucket, runFolder, manifestKey, batchesKey, batches, copies, deletes, bytes,
 * skipped}}; the file at {@code batchesKey} is written only when {@code batches} is above 0.
 * Refuses a target in a production bucket before listing anything
 * ({@link dev.controlplane.domain.replication.ProdTargetRefusedException}).
 *
 * <p>Environment: {@code REPLICATION_PLAN_BUCKET}, optionally {@code REPLICATION_PLAN_PREFIX} (default
 * {@code replication/}), {@code REPLICATION_BATCH_OBJECTS}, {@code REPLICATION_BATCH_BYTES},
 * {@code CONTROLPLANE_CONFIG_DIR}, and the client's ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}).
 */
public final class PlanReplicationHandler implements RequestStreamHandler {

    static final String FUNCTION = "PlanReplication";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final PlatformConfig config;
    private final ReplicationGuard guard;
    private final S3ObjectListing listing;
    private final S3ReplicationPlanStore store;
    private final String planBucket;
    private final String planPrefix;
    private final ReplicationBatching batching;
    private final Clock clock;

    public PlanReplicationHandler() {
        this(System.getenv());
    }

    public PlanReplicationHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), PooledS3Client.of(environment, ReplicationEnvironment.LISTING_CONNECTIONS), environment);
        // SnapStart: a plan listed and written through the SDK before the snapshot, answered from memory, and the
        // pooled HTTP client's path loaded on a loopback server of its own
        this.shell = HandlerShell.primed(FUNCTION, () -> {
            ReplicationPriming.prime(config, environment, ReplicationPriming::planReplication);
            PooledS3Client.primeConnections(ReplicationEnvironment.LISTING_CONNECTIONS);
        });
    }

    /** From the function's environment, with a config and a client shared by the functions of one process. */
    public PlanReplicationHandler(PlatformConfig config, S3Client s3,
            Map<String, String> environment) {
        this(config, new S3ObjectListing(s3), new S3ReplicationPlanStore(s3),
                ReplicationEnvironment.planBucket(environment), ReplicationEnvironment.planPrefix(environment),
                ReplicationEnvironment.batching(environment), Clock.systemUTC());
    }

    public PlanReplicationHandler(PlatformConfig config, S3ObjectListing listing, S3ReplicationPlanStore store,
            String planBucket, String planPrefix, ReplicationBatching batching, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.guard = new ReplicationGuard(config);
        this.listing = Objects.requireNonNull(listing, "listing");
        this.store = Objects.requireNonNull(store, "store");
        this.planBucket = Objects.requireNonNull(planBucket, "planBucket");
        this.planPrefix = Objects.requireNonNull(planPrefix, "planPrefix");
        this.batching = Objects.requireNonNull(batching, "batching");
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
        DatasetConfig dataset = config.dataset(task.text("dataset", "the name of a dataset in config/datasets/"),
                FUNCTION + " input");
        String runId = ReplicationEnvironment.runId(FUNCTION, task.optionalText("runId"));
        guard.requireWritable(dataset.target().bucket(), "dataset " + dataset.name(), "target.bucket");
        Instant plannedAt = clock.instant();
        // Both sides at once, each on a platform thread (a virtual one would start the JDK's poller, see
        // S3ObjectListing).
        Executor threads = body -> Thread.ofPlatform().daemon().name("listing-" + dataset.name()).start(body);
        CompletableFuture<List<ListedObject>> source = CompletableFuture.supplyAsync(
                () -> listing.list(dataset.source()), threads);
        CompletableFuture<List<ListedObject>> target = CompletableFuture.supplyAsync(
                () -> listing.list(dataset.target()), threads);
        List<ListedObject> sourceObjects;
        List<ListedObject> targetObjects;
        try {
            sourceObjects = source.join();
            targetObjects = target.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        KeySelection selection = KeySelection.of(dataset);
        ReplicationPlan plan = new ReplicationPlanner(dataset.source(), dataset.target(), dataset.mode(), selection,
                listing.withChecksumsOfUndecided(dataset.source(), sourceObjects, dataset.target(), targetObjects,
                        selection::selects))
                .plan(sourceObjects, targetObjects);
        String runFolder = S3ReplicationPlanStore.runFolder(planPrefix, dataset.name(), runId);
        PlanManifest manifest = store.write(planBucket, runFolder, dataset, runId, plannedAt, plan, batching);

        ObjectNode answer = TaskInput.JSON.createObjectNode();
        answer.put("dataset", dataset.name()).put("runId", runId).put("mode", dataset.mode().configName())
                .put("planBucket", planBucket).put("runFolder", runFolder)
                .put("manifestKey", runFolder + S3ReplicationPlanStore.MANIFEST)
                .put("batchesKey", runFolder + S3ReplicationPlanStore.BATCHES)
                .put("batches", manifest.copyBatchKeys().size()).put("copies", manifest.copies())
                .put("deletes", manifest.deletes()).put("bytes", manifest.copyBytes())
                .put("skipped", manifest.skippedObjects());
        Map<String, Object> fields = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        fields.put("sourceObjects", sourceObjects.size());
        fields.put("targetObjects", targetObjects.size());
        TaskLog.info("planned", fields);
        TaskInput.JSON.writeValue(output, answer);
    }
}
