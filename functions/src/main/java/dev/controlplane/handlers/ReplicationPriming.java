package dev.controlplane.handlers;

import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3PrimingAnswers.Listed;
import dev.controlplane.aws.S3ReplicationPlanStore;
import dev.controlplane.aws.S3ReplicationPlanStore.StoredCopyBatch;
import dev.controlplane.aws.S3ReplicationPlanStore.StoredDeleteBatch;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ReplicationMode;
import dev.controlplane.domain.replication.BatchOutcome;
import dev.controlplane.domain.replication.ListedObject;
import dev.controlplane.domain.replication.PlanManifest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming of the replication package's functions, as {@link StoragePriming} is the storage package's: a
 * made-up request through the handler's own code and an S3 client built as the function builds it (same builder,
 * region and endpoint, made-up credentials) on a {@link PrimingHttpClient} that answers from memory. Its source holds
 * one object and one folder of one object, its target nothing, and every plan file written is taken; the later steps
 * (CopyBatch, DeleteExtraneous, VerifyReplication) find a made-up run of the dataset in bucket {@link #PLAN_BUCKET}:
 * one object to copy, one to delete in mirror mode, and the outcomes of both. The Apache 5 HTTP client the real S3
 * client sends with is primed apart, against a loopback server ({@link dev.controlplane.aws.PooledS3Client#primeConnections}). Only
 * classes of the replication package (S3) are used.
 */
final class ReplicationPriming {

    static final String RUN_ID = "snapstart-priming";
    static final String OBJECT = "snapstart-priming.json";
    static final String FOLDER = "snapstart-priming/";
    static final String PLAN_BUCKET = "snapstart-priming";
    static final String EXTRA = "snapstart-priming-extra.json";
    private static final String ETAG = "d41d8cd98f00b204e9800998ecf8427e";

    private ReplicationPriming() {
    }

    /** The dataset the priming plans: the config's first whose target is no production bucket. */
    static Optional<DatasetConfig> dataset(PlatformConfig config) {
        return config.datasets().stream()
                .filter(dataset -> config.productionOwnerOf(dataset.target().bucket()).isEmpty())
                .findFirst();
    }

    /** A client answering the replication functions' priming requests about {@code dataset}. */
    static PrimingHttpClient http(DatasetConfig dataset) {
        Map<String, String> files = planFiles(dataset);
        return new PrimingHttpClient(request -> answer(dataset.source(), files, request));
    }

    /** The made-up run's folder in {@link #PLAN_BUCKET}. */
    static String runFolder(DatasetConfig dataset) {
        return S3ReplicationPlanStore.runFolder("replication/", dataset.name(), RUN_ID);
    }

    /**
     * The made-up run's files, by key, as PlanReplication and the batches would have written them: a copy of
     * {@link #OBJECT}, in mirror mode a delete of {@link #EXTRA}, both done.
     */
    static Map<String, String> planFiles(DatasetConfig dataset) {
        String runFolder = runFolder(dataset);
        boolean mirror = dataset.mode() == ReplicationMode.MIRROR;
        String copyKey = S3ReplicationPlanStore.copyBatchKey(runFolder, 0);
        List<String> deleteKeys = mirror ? List.of(S3ReplicationPlanStore.deleteBatchKey(runFolder, 0)) : List.of();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(runFolder + S3ReplicationPlanStore.MANIFEST, S3ReplicationPlanStore.manifestJson(new PlanManifest(
                dataset.name(), RUN_ID, Instant.parse("2025-01-01T00:00:00Z"), dataset.source(), dataset.target(),
                dataset.mode(), 1, 2, deleteKeys.size(), 0, 0, 0, runFolder, List.of(copyKey), deleteKeys)).toString());
        files.put(copyKey, S3ReplicationPlanStore.copyBatchJson(new StoredCopyBatch(dataset.name(), RUN_ID, 0,
                dataset.source(), dataset.target(), S3ReplicationPlanStore.copyResultKey(runFolder, 0),
                List.of(new ListedObject(OBJECT, 2, ETAG)))).toString());
        files.put(S3ReplicationPlanStore.copyResultKey(runFolder, 0),
                S3ReplicationPlanStore.outcomeJson(new BatchOutcome(1, 2, 0, List.of())).toString());
        for (String deleteKey : deleteKeys) {
            files.put(deleteKey, S3ReplicationPlanStore.deleteBatchJson(new StoredDeleteBatch(dataset.name(), RUN_ID,
                    dataset.target(), List.of(EXTRA))).toString());
            files.put(runFolder + S3ReplicationPlanStore.DELETE_RESULT,
                    S3ReplicationPlanStore.outcomeJson(new BatchOutcome(1, 0, 0, List.of())).toString());
        }
        return files;
    }

    /** A plan of {@code dataset} written, through an S3 client on {@code http}; PlanReplication's answer. */
    static String planReplication(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new PlanReplicationHandler(config, s3, environment),
                    LeanJson.write(Map.of("dataset", dataset.name(), "runId", RUN_ID)));
        }
    }

    /** CopyBatch's priming: the made-up run's copy batch copied and its outcome stored, through {@code http}. */
    static String copyBatch(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new CopyBatchHandler(config, s3, environment), LeanJson.write(Map.of(
                    "Items", List.of(Map.of("planBucket", PLAN_BUCKET,
                            "key", S3ReplicationPlanStore.copyBatchKey(runFolder(dataset), 0))))));
        }
    }

    /** DeleteExtraneous' priming: the made-up run's delete batch done (in mirror mode), through {@code http}. */
    static String deleteExtraneous(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new DeleteExtraneousHandler(config, s3), manifestInput(dataset));
        }
    }

    /** VerifyReplication's priming: the made-up run's outcomes added up and its report stored, through {@code http}. */
    static String verifyReplication(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new VerifyReplicationHandler(config, s3), manifestInput(dataset));
        }
    }

    /** The priming of a function of the replication package, when the config has a dataset to replicate. */
    static void prime(PlatformConfig config, Map<String, String> environment, Step step) {
        dataset(config).ifPresent(dataset -> step.run(config, environment, dataset, http(dataset)));
    }

    /** One function's priming, as {@link #copyBatch} and the others are. */
    @FunctionalInterface
    interface Step {
        String run(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset, PrimingHttpClient http);
    }

    private static String manifestInput(DatasetConfig dataset) {
        return LeanJson.write(Map.of("planBucket", PLAN_BUCKET,
                "manifestKey", runFolder(dataset) + S3ReplicationPlanStore.MANIFEST));
    }

    /** ListDatasets' priming: the datasets of the config listed (it calls no AWS service). */
    static String listDatasets(PlatformConfig config) {
        return PrimingInvocation.invoke(new ListDatasetsHandler(config), "{}");
    }

    private static PrimingHttpClient.Answer answer(DatasetLocation source, Map<String, String> files,
            SdkHttpRequest request) {
        return switch (S3PrimingAnswers.operation(request)) {
            case LIST_OBJECTS_V2 -> S3PrimingAnswers.inBucket(request, PLAN_BUCKET) ? planListing(files, request)
                    : listing(source, request);
            case GET_OBJECT -> files.entrySet().stream()
                    .filter(file -> S3PrimingAnswers.isObject(request, PLAN_BUCKET, file.getKey())).findFirst()
                    .map(file -> S3PrimingAnswers.object("application/json", file.getValue())).orElse(null);
            case COPY_OBJECT -> S3PrimingAnswers.copied(ETAG);
            case PUT_OBJECT -> S3PrimingAnswers.stored(ETAG);
            case DELETE_OBJECTS -> S3PrimingAnswers.deleted(List.of());
            default -> null;
        };
    }

    /** The made-up run's files under the prefix asked for. */
    private static PrimingHttpClient.Answer planListing(Map<String, String> files, SdkHttpRequest request) {
        String prefix = S3PrimingAnswers.parameter(request, "prefix").orElse("");
        return S3PrimingAnswers.listing(files.keySet().stream().filter(key -> key.startsWith(prefix))
                .map(key -> new Listed(key, files.get(key).length(), ETAG)).toList(), List.of());
    }

    /** The source: {@link #OBJECT} and folder {@link #FOLDER} holding {@link #OBJECT}; anything else is empty. */
    private static PrimingHttpClient.Answer listing(DatasetLocation source, SdkHttpRequest request) {
        String prefix = S3PrimingAnswers.parameter(request, "prefix").orElse("");
        if (!S3PrimingAnswers.inBucket(request, source.bucket()) || !prefix.startsWith(source.prefix())) {
            return S3PrimingAnswers.listing(List.of(), List.of());
        }
        if (prefix.equals(source.prefix())) {
            return S3PrimingAnswers.listing(List.of(new Listed(prefix + OBJECT, 2, "snapstart-priming")),
                    List.of(prefix + FOLDER));
        }
        return S3PrimingAnswers.listing(prefix.equals(source.prefix() + FOLDER)
                ? List.of(new Listed(prefix + OBJECT, 2, "snapstart-priming")) : List.of(), List.of());
    }
}
