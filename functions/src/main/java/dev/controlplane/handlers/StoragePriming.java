package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3PrimingAnswers.Listed;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.VersionOrder;
import java.util.List;
import java.util.Map;
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
                DynamoDbClient dynamoDb = AwsClientConfig.configurePriming(DynamoDbClient.builder(), environment, http).build()) {
            RetireFeatureHandler handler = new RetireFeatureHandler(new S3ArtifactStore(s3),
                    new DynamoDbArtifactRegistry(dynamoDb, TABLE));
            return PrimingInvocation.invoke(handler, LeanJson.write(Map.of("team", TEAM, "project", TEAM,
                    "scripts", List.of(TEAM), "branch", BRANCH,
                    "environments", List.of(Map.of("name", "dev", "bucket", BUCKET)))));
        }
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

    private static PrimingHttpClient.Answer dynamoDb(String operation) {
        return switch (operation) {
            case "Query" -> PrimingHttpClient.Answer.of(DYNAMODB_JSON, LeanJson.write(Map.of("Count", 1, "ScannedCount", 1,
                    "Items", List.of(Map.of(
                            DynamoDbArtifactRegistry.PK, Map.of("S", DynamoDbArtifactRegistry.ARTIFACT_PREFIX + ARTIFACT),
                            DynamoDbArtifactRegistry.SK, Map.of("S", DynamoDbArtifactRegistry.VERSION_PREFIX
                                    + FEATURE_BUILD.publishedVersion()),
                            "version", Map.of("S", VERSION),
                            "versionOrder", Map.of("S", VersionOrder.of(VERSION)),
                            "branchSlug", Map.of("S", FEATURE_BUILD.branchSlug().orElseThrow()),
                            "released", Map.of("BOOL", false),
                            "environments", Map.of("SS", List.of("dev")))))));
            case "DeleteItem" -> PrimingHttpClient.Answer.of(DYNAMODB_JSON, "{}");
            default -> null;
        };
    }
}
