package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3PrimingAnswers.Listed;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.launch.DbuRates;
import dev.controlplane.domain.launch.ResolvedRun;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming of the storage package's functions, registered through a {@link SnapStartHook} as the
 * triggers' priming is: a made-up request goes through the handler's own code and through the AWS SDK's clients,
 * built as the function builds them (same builders, region and endpoint; made-up credentials) on a
 * {@link PrimingHttpClient}, which answers each request with a canned S3 or DynamoDB response and sends nothing.
 * So a restored snapshot starts with marshalling, signing, the interceptors and unmarshalling of these calls loaded.
 * The url-connection HTTP client of the real clients is not primed: it is the one thing here that would send.
 * Only classes of the storage package (S3, DynamoDB) are used.
 */
final class StoragePriming {

    static final String BUCKET = "snapstart-priming";
    static final String TABLE = "snapstart-priming";
    static final String TEAM = "priming";
    static final String BRANCH = "feature/snapstart-priming";
    static final String VERSION = "0.0.0";

    /** The feature build RetireFeature's priming retires: its script, wheel and version record. */
    private static final ArtifactName FEATURE_BUILD = ArtifactName.featureBranchBuild(TEAM, TEAM, TEAM, VERSION, BRANCH);
    /** The release MoveLatest's priming makes latest. */
    private static final ArtifactName RELEASE = ArtifactName.defaultBranchBuild(TEAM, TEAM, TEAM, VERSION);
    private static final String ARTIFACT = TEAM + "/" + TEAM + "/" + TEAM;
    static final List<String> FEATURE_KEYS = List.of(
            ArtifactIndexKeys.versionRecord(ARTIFACT, FEATURE_BUILD.publishedVersion()),
            FEATURE_BUILD.scriptKey(),
            FEATURE_BUILD.wheelKey(TEAM + "-" + FEATURE_BUILD.wheelVersion() + "-py3-none-any.whl"));

    private static final String DYNAMODB_JSON = "application/x-amz-json-1.0";

    private StoragePriming() {
    }

    /** A client answering the storage functions' priming requests. */
    static PrimingHttpClient http() {
        return new PrimingHttpClient(StoragePriming::answer);
    }

    /** RetireFeature's priming: a feature branch with one build retired, through S3 and DynamoDB clients on {@code http}. */
    static String retireFeature(Map<String, String> environment, PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http);
                DynamoDbClient dynamoDb = dynamoDb(environment, http)) {
            RetireFeatureHandler handler = new RetireFeatureHandler(new S3ArtifactStore(s3),
                    new DynamoDbArtifactRegistry(dynamoDb, TABLE));
            return PrimingInvocation.invoke(handler, LeanJson.write(Map.of("team", TEAM, "project", TEAM,
                    "scripts", List.of(TEAM), "branch", BRANCH,
                    "environments", List.of(Map.of("name", "dev", "bucket", BUCKET)))));
        }
    }

    /** MoveLatest's priming: a release of the made-up script made latest in the one environment it is in. */
    static String moveLatest(Map<String, String> environment, PrimingHttpClient http) {
        try (DynamoDbClient dynamoDb = dynamoDb(environment, http)) {
            return PrimingInvocation.invoke(new MoveLatestHandler(new DynamoDbArtifactRegistry(dynamoDb, TABLE)),
                    LeanJson.write(Map.of("team", TEAM, "project", TEAM, "scripts", List.of(TEAM), "version", VERSION,
                            "repository", "snapstart-priming/priming")));
        }
    }

    /** RecordRun's priming: a made-up run of a minute recorded, with the function's own DBU rates. */
    static String recordRun(Map<String, String> environment, PrimingHttpClient http) {
        ResolvedRun run = new ResolvedRun("dev", TEAM, TEAM, TEAM, VERSION, VERSION, "s3://" + BUCKET + "/"
                + RELEASE.scriptKey(), "s3://" + BUCKET + "/" + ARTIFACT + "/" + TEAM + "-" + VERSION + "-py3-none-any.whl",
                "snapstart-priming", "snapstart-priming", "arn:aws:iam::000000000000:instance-profile/snapstart-priming",
                "https://snapstart-priming.invalid", "snapstart-priming", List.of(), "snapstart-priming", List.of(),
                false, TEAM, List.of());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("run", TaskInput.JSON.convertValue(run, Map.class));
        input.put("submitted", Map.of("runId", 1, "nodeTypeId", "snapstart-priming", "minWorkers", 1, "maxWorkers", 2));
        input.put("status", Map.of("life_cycle_state", "TERMINATED", "result_state", "SUCCESS",
                "start_time", "2025-01-01T00:00:00Z", "end_time", "2025-01-01T00:01:00Z"));
        input.put("execution", "snapstart-priming");
        try (DynamoDbClient dynamoDb = dynamoDb(environment, http)) {
            return PrimingInvocation.invoke(new RecordRunHandler(new DynamoDbRunRecords(dynamoDb, TABLE),
                    DbuRates.fromEnvironment(environment), InstantSource.system()), LeanJson.write(input));
        }
    }

    /** ResolveRepository's priming: the config's first repository resolved (none configured: nothing to prime). */
    static Optional<String> resolveRepository(PlatformConfig config) {
        return config.teams().stream().map(TeamConfig::projects).flatMap(List::stream).map(ProjectConfig::repository)
                .findFirst().map(repository -> PrimingInvocation.invoke(new ResolveRepositoryHandler(config),
                        LeanJson.write(Map.of("repository", repository))));
    }

    private static DynamoDbClient dynamoDb(Map<String, String> environment, PrimingHttpClient http) {
        return AwsClientConfig.configurePriming(DynamoDbClient.builder(), environment, http).build();
    }

    private static PrimingHttpClient.Answer answer(SdkHttpRequest request) {
        String target = request.firstMatchingHeader("X-Amz-Target").orElse(null);
        if (target != null) {
            return dynamoDb(target.substring(target.indexOf('.') + 1));
        }
        if (!S3PrimingAnswers.inBucket(request, BUCKET)) {
            return null;
        }
        return switch (S3PrimingAnswers.operation(request)) {
            case LIST_OBJECTS_V2 -> S3PrimingAnswers.listing(FEATURE_KEYS.stream()
                    .filter(key -> key.startsWith(S3PrimingAnswers.parameter(request, "prefix").orElse("")))
                    .map(key -> new Listed(key, 1, "snapstart-priming")).toList(), List.of());
            case DELETE_OBJECTS -> S3PrimingAnswers.deleted(List.of());
            default -> null;
        };
    }

    /**
     * DynamoDB's answers, by operation: a query finds the feature build, a read finds the release (as its version and
     * as latest, which it then replaces with itself), and every write succeeds.
     */
    private static PrimingHttpClient.Answer dynamoDb(String operation) {
        return switch (operation) {
            case "Query" -> PrimingHttpClient.Answer.of(DYNAMODB_JSON, LeanJson.write(Map.of("Count", 1, "ScannedCount", 1,
                    "Items", List.of(versionItem(FEATURE_BUILD)))));
            case "GetItem" -> PrimingHttpClient.Answer.of(DYNAMODB_JSON, LeanJson.write(Map.of("Item", versionItem(RELEASE))));
            case "DeleteItem", "UpdateItem", "PutItem" -> PrimingHttpClient.Answer.of(DYNAMODB_JSON, "{}");
            default -> null;
        };
    }

    /** A registered version of the made-up script, as DynamoDbArtifactRegistry stores it, in DynamoDB's JSON. */
    private static Map<String, Object> versionItem(ArtifactName build) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(DynamoDbArtifactRegistry.PK, Map.of("S", DynamoDbArtifactRegistry.ARTIFACT_PREFIX + ARTIFACT));
        item.put(DynamoDbArtifactRegistry.SK, Map.of("S", DynamoDbArtifactRegistry.VERSION_PREFIX + build.publishedVersion()));
        item.put("version", Map.of("S", VERSION));
        item.put("versionOrder", Map.of("S", VersionOrder.of(VERSION)));
        build.branchSlug().ifPresent(slug -> item.put("branchSlug", Map.of("S", slug)));
        item.put("released", Map.of("BOOL", build.branchSlug().isEmpty()));
        item.put("environments", Map.of("SS", List.of("dev")));
        return item;
    }
}
