package dev.controlplane.handlers;

import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3PrimingAnswers.Listed;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.PlatformConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming of the replication package's functions, as {@link StoragePriming} is the storage package's: a
 * made-up request through the handler's own code and an S3 client built as the function builds it (same builder,
 * region and endpoint, made-up credentials) on a {@link PrimingHttpClient} that answers from memory, here with a
 * source holding one object and one folder of one object, an empty target, and every plan file taken. The real
 * client's Apache 5 HTTP client is not primed: it is the one thing here that would send. Only classes of the
 * replication package (S3) are used.
 */
final class ReplicationPriming {

    static final String RUN_ID = "snapstart-priming";
    static final String OBJECT = "snapstart-priming.json";
    static final String FOLDER = "snapstart-priming/";

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
        return new PrimingHttpClient(request -> answer(dataset.source(), request));
    }

    /** PlanReplication's priming, when the config has a dataset to plan; with none there is nothing to prime. */
    static void planReplication(PlatformConfig config, Map<String, String> environment) {
        dataset(config).ifPresent(dataset -> planReplication(config, environment, dataset, http(dataset)));
    }

    /** A plan of {@code dataset} written, through an S3 client on {@code http}; PlanReplication's answer. */
    static String planReplication(PlatformConfig config, Map<String, String> environment, DatasetConfig dataset,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new PlanReplicationHandler(config, s3, environment),
                    LeanJson.write(Map.of("dataset", dataset.name(), "runId", RUN_ID)));
        }
    }

    /** ListDatasets' priming: the datasets of the config listed (it calls no AWS service). */
    static String listDatasets(PlatformConfig config) {
        return PrimingInvocation.invoke(new ListDatasetsHandler(config), "{}");
    }

    private static PrimingHttpClient.Answer answer(DatasetLocation source, SdkHttpRequest request) {
        return switch (S3PrimingAnswers.operation(request)) {
            case LIST_OBJECTS_V2 -> listing(source, request);
            case PUT_OBJECT -> S3PrimingAnswers.stored("snapstart-priming");
            case DELETE_OBJECTS -> S3PrimingAnswers.deleted(List.of());
            default -> null;
        };
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
