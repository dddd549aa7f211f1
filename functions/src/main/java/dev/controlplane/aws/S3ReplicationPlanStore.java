package dev.controlplane.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.CopyBatch;
import dev.controlplane.domain.replication.CopyFailure;
import dev.controlplane.domain.replication.ListedObject;
import dev.controlplane.domain.replication.PlanManifest;
import dev.controlplane.domain.replication.ReplicationBatching;
import dev.controlplane.domain.replication.ReplicationPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * A replication run's plan in the plan bucket, so that millions of objects never pass through the workflow's
 * state. One folder per run, {@code {prefix}{dataset}/{runId}/}:
 * <pre>
 *   copies/000000.json   a batch of copies: {dataset, runId, batch, source, target, resultKey, objects: [{key, size, etag}]}
 *   deletes/000000.json  up to 1,000 target keys to delete: {dataset, runId, target, keys: [...]}
 *   batches.json         what a Distributed Map's ItemReader reads: [{planBucket, key, objects, bytes}]; only
 *                        when there is a batch to copy (the workflow reads it only then)
 *   manifest.json        written last: the counts and the batch files (see {@link PlanManifest})
 *   results/...          what each batch did: {objects, bytes, failedObjects, failures: [{key, reason}]}
 *   report.json          the run's report
 * </pre>
 * Keys in batches are relative to the dataset's prefixes.
 */
public final class S3ReplicationPlanStore {

    public static final String MANIFEST = "manifest.json";
    public static final String BATCHES = "batches.json";
    public static final String REPORT = "report.json";
    public static final String RESULTS = "results/";
    public static final String DELETE_RESULT = RESULTS + "deletes.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLEL_WRITES = 16;

    /** A batch of copies as the plan wrote it. */
    public record StoredCopyBatch(String dataset, String runId, int batch, DatasetLocation source,
            DatasetLocation target, String resultKey, List<ListedObject> objects) {
    }

    /** Target keys (relative to its prefix) a mirror deletes. */
    public record StoredDeleteBatch(String dataset, String runId, DatasetLocation target, List<String> keys) {
    }

    private final S3Client s3;

    public S3ReplicationPlanStore(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** {@code {prefix}{dataset}/{runId}/} */
    public static String runFolder(String prefix, String dataset, String runId) {
        return prefix + dataset + "/" + runId + "/";
    }

    /**
     * Writes the plan under the run folder, first removing whatever an earlier plan of the same run left there,
     * and the manifest last, so a manifest always describes complete batches.
     */
    public PlanManifest write(String bucket, String runFolder, DatasetConfig dataset, String runId,
            Instant plannedAt, ReplicationPlan plan, ReplicationBatching batching) {
        clear(bucket, runFolder);
        List<CopyBatch> batches = batching.batches(plan.copies());
        List<List<String>> deletes = ReplicationBatching.deleteBatches(plan.deletes());
        List<String> copyKeys = new ArrayList<>();
        List<String> deleteKeys = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        ArrayNode items = JSON.createArrayNode();
        for (CopyBatch batch : batches) {
            String key = copyBatchKey(runFolder, batch.index());
            copyKeys.add(key);
            items.addObject().put("planBucket", bucket).put("key", key).put("objects", batch.objects().size())
                    .put("bytes", batch.bytes());
            StoredCopyBatch file = new StoredCopyBatch(dataset.name(), runId, batch.index(), dataset.source(),
                    dataset.target(), copyResultKey(runFolder, batch.index()), batch.objects());
            writes.add(() -> putJson(bucket, key, copyBatchJson(file)));
        }
        for (int i = 0; i < deletes.size(); i++) {
            String key = deleteBatchKey(runFolder, i);
            deleteKeys.add(key);
            StoredDeleteBatch file = new StoredDeleteBatch(dataset.name(), runId, dataset.target(), deletes.get(i));
            writes.add(() -> putJson(bucket, key, deleteBatchJson(file)));
        }
        if (!batches.isEmpty()) {
            writes.add(() -> putJson(bucket, runFolder + BATCHES, items));
        }
        runAll(writes);
        PlanManifest manifest = new PlanManifest(dataset.name(), runId, plannedAt, dataset.source(), dataset.target(),
                dataset.mode(), plan.copies().size(), plan.copyBytes(), plan.deletes().size(), plan.skippedObjects(),
                plan.skippedBytes(), plan.excludedObjects(), runFolder, copyKeys, deleteKeys);
        putJson(bucket, runFolder + MANIFEST, manifestJson(manifest));
        return manifest;
    }

    public PlanManifest readManifest(String bucket, String key) {
        JsonNode root = getJson(bucket, key);
        return new PlanManifest(text(root, "dataset", key), text(root, "runId", key),
                Instant.parse(text(root, "plannedAt", key)), location(root.get("source"), key + " source"),
                location(root.get("target"), key + " target"),
                ReplicationMode.fromConfigName(text(root, "mode", key)).orElseThrow(
                        () -> unreadable(key, "mode", "mirror or additive")),
                root.path("copies").asLong(), root.path("copyBytes").asLong(), root.path("deletes").asLong(),
                root.path("skippedObjects").asLong(), root.path("skippedBytes").asLong(),
                root.path("excludedObjects").asLong(), text(root, "runFolder", key),
                texts(root.path("copyBatchKeys")), texts(root.path("deleteBatchKeys")));
    }

    public StoredCopyBatch readCopyBatch(String bucket, String key) {
        JsonNode root = getJson(bucket, key);
        List<ListedObject> objects = new ArrayList<>();
        JsonNode list = root.get("objects");
        if (list == null || !list.isArray()) {
            throw unreadable(key, "objects", "an array of {key, size, etag}");
        }
        for (JsonNode object : list) {
            objects.add(new ListedObject(text(object, "key", key), object.path("size").asLong(),
                    object.path("etag").asText("")));
        }
        return new StoredCopyBatch(text(root, "dataset", key), text(root, "runId", key), root.path("batch").asInt(),
                location(root.get("source"), key + " source"), location(root.get("target"), key + " target"),
                text(root, "resultKey", key), objects);
    }

    public StoredDeleteBatch readDeleteBatch(String bucket, String key) {
        JsonNode root = getJson(bucket, key);
        return new StoredDeleteBatch(text(root, "dataset", key), text(root, "runId", key),
                location(root.get("target"), key + " target"), texts(root.path("keys")));
    }

    public void writeOutcome(String bucket, String key, BatchOutcome outcome) {
        putJson(bucket, key, outcomeJson(outcome));
    }

    /** The sum of the outcomes stored under the run folder whose names start with {@code results/{kind}}. */
    public BatchOutcome sumOutcomes(String bucket, String runFolder, String kind) {
        BatchOutcome sum = BatchOutcome.NONE;
        for (String key : keysUnder(bucket, runFolder + RESULTS + kind)) {
            JsonNode node = getJson(bucket, key);
            List<CopyFailure> failures = new ArrayList<>();
            node.path("failures").forEach(failure -> failures.add(
                    new CopyFailure(failure.path("key").asText(), failure.path("reason").asText())));
            sum = sum.plus(new BatchOutcome(node.path("objects").asLong(), node.path("bytes").asLong(),
                    node.path("failedObjects").asLong(), failures));
        }
        return sum;
    }

    public void putJson(String bucket, String key, JsonNode json) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
    }

    private JsonNode getJson(String bucket, String key) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("plan file s3://" + bucket + "/" + key + " is not JSON; expected a"
                    + " file the plan step wrote", e);
        }
    }

    private void clear(String bucket, String folder) {
        List<ObjectIdentifier> stale = new ArrayList<>();
        for (String key : keysUnder(bucket, folder)) {
            stale.add(ObjectIdentifier.builder().key(key).build());
        }
        for (int from = 0; from < stale.size(); from += ReplicationBatching.DELETE_BATCH) {
            List<ObjectIdentifier> slice = stale.subList(from, Math.min(from + ReplicationBatching.DELETE_BATCH,
                    stale.size()));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(slice).quiet(true)));
        }
    }

    /** Every key under {@code prefix}, in key order. */
    private List<String> keysUnder(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()
                .forEach(object -> keys.add(object.key()));
        return keys;
    }

    private static void runAll(List<Runnable> writes) {
        Semaphore permits = new Semaphore(PARALLEL_WRITES);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable write : writes) {
                done.add(threads.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        write.run();
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        for (Future<?> write : done) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the plan", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
    }

    private static ObjectNode header(String dataset, String runId) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", dataset).put("runId", runId);
        return node;
    }

    /** The key of the run's copy batch {@code index}. */
    public static String copyBatchKey(String runFolder, int index) {
        return runFolder + "copies/" + String.format(Locale.ROOT, "%06d", index) + ".json";
    }

    /** The key of what copy batch {@code index} did. */
    public static String copyResultKey(String runFolder, int index) {
        return runFolder + RESULTS + "copies-" + String.format(Locale.ROOT, "%06d", index) + ".json";
    }

    /** The key of the run's delete batch {@code index}. */
    public static String deleteBatchKey(String runFolder, int index) {
        return runFolder + "deletes/" + String.format(Locale.ROOT, "%06d", index) + ".json";
    }

    /** A copy batch file, as {@link #readCopyBatch} reads it. */
    public static ObjectNode copyBatchJson(StoredCopyBatch batch) {
        ObjectNode file = header(batch.dataset(), batch.runId());
        file.put("batch", batch.batch());
        file.set("source", location(batch.source()));
        file.set("target", location(batch.target()));
        file.put("resultKey", batch.resultKey());
        ArrayNode objects = file.putArray("objects");
        for (ListedObject object : batch.objects()) {
            objects.addObject().put("key", object.key()).put("size", object.size()).put("etag", object.etag());
        }
        return file;
    }

    /** A delete batch file, as {@link #readDeleteBatch} reads it. */
    public static ObjectNode deleteBatchJson(StoredDeleteBatch batch) {
        ObjectNode file = header(batch.dataset(), batch.runId());
        file.set("target", location(batch.target()));
        ArrayNode keys = file.putArray("keys");
        batch.keys().forEach(keys::add);
        return file;
    }

    /** What a batch did, as {@link #sumOutcomes} reads it. */
    public static ObjectNode outcomeJson(BatchOutcome outcome) {
        ObjectNode node = JSON.createObjectNode();
        node.put("objects", outcome.objects()).put("bytes", outcome.bytes())
                .put("failedObjects", outcome.failedObjects());
        ArrayNode failures = node.putArray("failures");
        outcome.failures().forEach(failure -> failures.addObject().put("key", failure.key())
                .put("reason", failure.reason()));
        return node;
    }

    /** The plan's manifest, as {@link #readManifest} reads it. */
    public static ObjectNode manifestJson(PlanManifest manifest) {
        ObjectNode node = header(manifest.dataset(), manifest.runId());
        node.put("plannedAt", manifest.plannedAt().toString());
        node.set("source", location(manifest.source()));
        node.set("target", location(manifest.target()));
        node.put("mode", manifest.mode().configName());
        node.put("copies", manifest.copies()).put("copyBytes", manifest.copyBytes()).put("deletes", manifest.deletes())
                .put("skippedObjects", manifest.skippedObjects()).put("skippedBytes", manifest.skippedBytes())
                .put("excludedObjects", manifest.excludedObjects()).put("runFolder", manifest.runFolder());
        manifest.copyBatchKeys().forEach(node.putArray("copyBatchKeys")::add);
        manifest.deleteBatchKeys().forEach(node.putArray("deleteBatchKeys")::add);
        return node;
    }

    private static ObjectNode location(DatasetLocation location) {
        ObjectNode node = JSON.createObjectNode();
        node.put("bucket", location.bucket()).put("prefix", location.prefix());
        return node;
    }

    private static DatasetLocation location(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw unreadable(what, "bucket", "{bucket, prefix}");
        }
        return new DatasetLocation(text(node, "bucket", what), node.path("prefix").asText(""));
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw unreadable(what, field, "text");
        }
        return value.textValue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static IllegalArgumentException unreadable(String what, String field, String expected) {
        return new IllegalArgumentException("plan file " + what + ": " + field + " is missing or wrong; expected "
                + expected + ", as the plan step writes it");
    }
}
