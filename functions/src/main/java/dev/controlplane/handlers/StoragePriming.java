package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbApprovalRequests;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbLatestRollbacks;
import dev.controlplane.aws.DynamoDbRunRecords;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.aws.S3ArtifactIndex;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3BuildSource;
import dev.controlplane.aws.S3PrimingAnswers;
import dev.controlplane.aws.S3PrimingAnswers.Listed;
import dev.controlplane.aws.S3RunArtifacts;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.ArtifactName;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.UploadExecutionInput;
import dev.controlplane.domain.VersionOrder;
import dev.controlplane.domain.build.BuildValidator;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.index.LatestRecord;
import dev.controlplane.domain.index.VersionRecord;
import dev.controlplane.domain.launch.DbuRates;
import dev.controlplane.domain.launch.ResolvedRun;
import dev.controlplane.domain.promotion.VersionArrivals;
import dev.controlplane.domain.registry.LatestRollback;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
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
    /** The made-up builds' commit, and the one script they hold. */
    private static final String COMMIT = "1".repeat(40);
    private static final String SCRIPT = "print('snapstart-priming')\n";

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
    /** The release latest is at before RollBackLatest's priming moves it back to {@link #VERSION}. */
    private static final String LATER = "0.0.1";

    private StoragePriming() {
    }

    /** A client answering the storage functions' priming requests. */
    static PrimingHttpClient http() {
        return http(BUCKET, Map.of());
    }

    /** A client answering them, and GetObject of {@code objects} (key to JSON) in {@code bucket}. */
    static PrimingHttpClient http(String bucket, Map<String, String> objects) {
        return new PrimingHttpClient(request -> answer(bucket, objects, request));
    }

    /** ValidateBuild's made-up upload (the workflow's input), and the manifest and script it finds in the inbox. */
    record UploadPriming(String input, Map<String, String> inbox) {
    }

    /**
     * A build of the config's first script, version 0.0.0 from its project's default branch, uploaded to
     * {@link #BUCKET}: the manifest and the one file it names, with its SHA-256. None when no project has a script.
     */
    static Optional<UploadPriming> upload(PlatformConfig config) {
        return config.teams().stream().flatMap(team -> team.projects().stream()
                        .filter(project -> !project.scripts().isEmpty()).map(project -> upload(team, project)))
                .findFirst();
    }

    private static UploadPriming upload(TeamConfig team, ProjectConfig project) {
        String script = project.scripts().get(0);
        String prefix = team.name() + "/" + project.name() + "/" + COMMIT + "/";
        byte[] body = SCRIPT.getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(SCRIPT);
        String manifest = LeanJson.write(Map.of("team", team.name(), "project", project.name(), "script", script,
                "version", VERSION, "branch", project.defaultBranch(), "commit", COMMIT,
                "files", List.of(Map.of("name", script + ".py", "sha256", sha256, "size", body.length))));
        String manifestKey = prefix + ManifestUpload.MANIFEST_FILE_NAME;
        return new UploadPriming(UploadExecutionInput.encode(new ManifestUpload(BUCKET, manifestKey, null,
                "snapstart-priming", (long) manifest.length())), Map.of(manifestKey, manifest,
                prefix + script + ".py", new String(body, StandardCharsets.UTF_8)));
    }

    /** ValidateBuild's priming, when the config has a script to build. */
    static void validateBuild(PlatformConfig config, Map<String, String> environment) {
        upload(config).ifPresent(upload -> validateBuild(config, environment, upload, http(BUCKET, upload.inbox())));
    }

    /** {@code upload} validated by ValidateBuild's handler, reading the inbox through an S3 client on {@code http}. */
    static String validateBuild(PlatformConfig config, Map<String, String> environment, UploadPriming upload,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new ValidateBuildHandler(new BuildValidator(config, new S3BuildSource(s3))),
                    upload.input());
        }
    }

    /** ResolveRun's made-up request, and the index records in the artifacts bucket that resolve it. */
    record RunPriming(String input, Map<String, String> index) {
    }

    /**
     * A run of the latest version of the first script of the config's first team with a workspace in
     * {@code environment}, and the index that has it (version 0.0.0, a script and a wheel); none when no team
     * launches there.
     */
    static Optional<RunPriming> run(PlatformConfig config, String environment) {
        return config.teams().stream()
                .filter(team -> team.clusters().flatMap(clusters -> clusters.workspace(environment)).isPresent())
                .flatMap(team -> team.projects().stream().filter(project -> !project.scripts().isEmpty())
                        .map(project -> run(team, project, environment)))
                .findFirst();
    }

    private static RunPriming run(TeamConfig team, ProjectConfig project, String environment) {
        String script = project.scripts().get(0);
        ArtifactName build = ArtifactName.defaultBranchBuild(team.name(), project.name(), script, VERSION);
        String artifact = team.name() + "/" + project.name() + "/" + script;
        String order = VersionOrder.of(VERSION);
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        String sha256 = "0".repeat(64);
        VersionRecord version = new VersionRecord(artifact, VERSION, order, environment, null, at, List.of(
                new VersionRecord.IndexedFile(null, build.scriptKey(), sha256, 1),
                new VersionRecord.IndexedFile(null, build.wheelKey(project.name().replace('-', '_') + "-" + VERSION
                        + "-py3-none-any.whl"), sha256, 1)));
        LatestRecord latest = new LatestRecord(artifact, VERSION, order, at, "snapstart-priming");
        return new RunPriming(LeanJson.write(Map.of("team", team.name(), "project_name", project.name(),
                "script_name", script, "script_version", "latest")), Map.of(
                ArtifactIndexKeys.latest(artifact), S3ArtifactIndex.latestJson(latest).toString(),
                ArtifactIndexKeys.versionRecord(artifact, VERSION), S3ArtifactIndex.versionJson(version).toString()));
    }

    /** ResolveRun's priming, when a team launches in the function's environment. */
    static void resolveRun(PlatformConfig config, Map<String, String> environment) {
        run(config, StackEnvironment.name(environment)).ifPresent(run -> resolveRun(config, environment, run,
                http(ResolveRunHandler.artifactsBucket(config, environment), run.index())));
    }

    /** {@code run} resolved by ResolveRun's handler from the index, through an S3 client on {@code http}. */
    static String resolveRun(PlatformConfig config, Map<String, String> environment, RunPriming run,
            PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            return PrimingInvocation.invoke(new ResolveRunHandler(config, new S3RunArtifacts(new S3ArtifactIndex(s3),
                    ResolveRunHandler.artifactsBucket(config, environment), StackEnvironment.name(environment))),
                    run.input());
        }
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

    /** The made-up release's script as its build left it in the inbox, which PublishArtifact's priming publishes. */
    private static final String SOURCE_KEY = ARTIFACT + "/" + COMMIT + "/" + TEAM + ".py";
    private static final String ETAG = "snapstart-priming";

    /** A client answering PublishArtifact's priming from a {@link PublishBucket}. */
    static PrimingHttpClient publishHttp() {
        return new PrimingHttpClient(new PublishBucket()::answer);
    }

    /**
     * PublishArtifact's priming: the made-up release's script published write-once into {@link #BUCKET} from its
     * inbox (a multipart copy, as a release is copied), its version recorded, then latest.json moved to it, through
     * an S3 client on {@code http}; the two answers, in that order.
     */
    static List<String> publishArtifact(Map<String, String> environment, PrimingHttpClient http) {
        try (S3Client s3 = S3ArtifactStore.primingClient(environment, http)) {
            PublishArtifactHandler handler = new PublishArtifactHandler(new S3ArtifactStore(s3), new S3ArtifactIndex(s3),
                    Clock.systemUTC());
            String published = PrimingInvocation.invoke(handler, LeanJson.write(Map.of(
                    "files", List.of(Map.of("name", TEAM + ".py", "key", RELEASE.scriptKey(), "sha256", sha256(SCRIPT),
                            "size", SCRIPT.length(), "source", Map.of("bucket", BUCKET, "key", SOURCE_KEY,
                                    "versionId", ETAG))),
                    "target", Map.of("name", "dev", "bucket", BUCKET), "immutable", true, "artifact", ARTIFACT,
                    "publishedVersion", VERSION, "commit", COMMIT)));
            String moved = PrimingInvocation.invoke(handler, LeanJson.write(Map.of("movedBy", ETAG, "latest",
                    List.of(Map.of("artifact", ARTIFACT, "version", VERSION, "environment", "dev", "bucket", BUCKET)))));
            return List.of(published, moved);
        }
    }

    /**
     * {@link #BUCKET} as PublishArtifact's priming finds and leaves it: the script in the inbox; each write the
     * publication makes leaves what S3 would then hold (the script copied, its version record, latest.json), read
     * back by the reads that follow; any other write has no answer, so priming fails rather than go off its path.
     */
    static final class PublishBucket {

        private final Map<String, String> objects = new HashMap<>(Map.of(SOURCE_KEY, SCRIPT));
        private final Map<String, String> written;

        PublishBucket() {
            Instant at = Instant.parse("2025-01-01T00:00:00Z");
            VersionRecord version = new VersionRecord(ARTIFACT, VERSION, VersionOrder.of(VERSION), "dev", COMMIT,
                    at, List.of(new VersionRecord.IndexedFile(TEAM + ".py", RELEASE.scriptKey(), sha256(SCRIPT),
                            SCRIPT.length())));
            written = Map.of(RELEASE.scriptKey(), SCRIPT,
                    ArtifactIndexKeys.versionRecord(ARTIFACT, VERSION), S3ArtifactIndex.versionJson(version).toString(),
                    ArtifactIndexKeys.latest(ARTIFACT), S3ArtifactIndex.latestJson(new LatestRecord(ARTIFACT, VERSION,
                            VersionOrder.of(VERSION), at, ETAG)).toString());
        }

        synchronized PrimingHttpClient.Answer answer(SdkHttpRequest request) {
            if (!S3PrimingAnswers.inBucket(request, BUCKET)) {
                return null;
            }
            String key = S3PrimingAnswers.key(request, BUCKET);
            String body = objects.get(key);
            return switch (S3PrimingAnswers.operation(request)) {
                case HEAD_OBJECT -> body == null ? S3PrimingAnswers.absent(request)
                        : S3PrimingAnswers.head(new Listed(key, body.length(), ETAG));
                case GET_OBJECT -> body == null ? S3PrimingAnswers.absent(request)
                        : S3PrimingAnswers.object("application/octet-stream", body);
                case PUT_OBJECT -> write(key) ? S3PrimingAnswers.stored(ETAG) : null;
                case CREATE_MULTIPART_UPLOAD -> S3PrimingAnswers.multipartStarted(BUCKET, key, ETAG);
                case UPLOAD_PART_COPY -> S3PrimingAnswers.partCopied(ETAG);
                case COMPLETE_MULTIPART_UPLOAD -> write(key) ? S3PrimingAnswers.multipartCompleted(BUCKET, key, ETAG) : null;
                default -> null;
            };
        }

        private boolean write(String key) {
            String body = written.get(key);
            if (body != null) {
                objects.put(key, body);
            }
            return body != null;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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

    /**
     * RollBackLatest's priming: latest of the made-up script in the config's first environment moved back from a
     * later release to the made-up one, answered by a registry that tells its items apart by key
     * ({@link #rollbackHttp(PlatformConfig)}).
     */
    static String rollBackLatest(PlatformConfig config, Map<String, String> environment, PrimingHttpClient http) {
        String where = config.environments().getFirst().name();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("artifact", ARTIFACT);
        input.put("environment", where);
        input.put("version", VERSION);
        input.put("requestedBy", "snapstart-priming");
        input.put("reason", "snapstart-priming");
        input.put("at", "2025-01-01T00:00:00Z");
        input.put("execution", "snapstart-priming");
        try (DynamoDbClient dynamoDb = dynamoDb(environment, http)) {
            return PrimingInvocation.invoke(new RollBackLatestHandler(new LatestRollback(
                    new DynamoDbArtifactRegistry(dynamoDb, TABLE), new DynamoDbLatestRollbacks(dynamoDb, TABLE),
                    config.environments().stream().map(EnvironmentConfig::name).toList()), config),
                    LeanJson.write(input));
        }
    }

    /**
     * A registry for RollBackLatest's priming, answering by the key read: the made-up release's version record
     * (released in the config's first environment), latest there at a later release (no rollback of this request's
     * yet), and every write succeeding.
     */
    static PrimingHttpClient rollbackHttp(PlatformConfig config) {
        String released = config.environments().getFirst().name();
        return PrimingHttpClient.readingBodies((request, body) -> {
            String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
            if (target.endsWith(".GetItem") && body.contains(DynamoDbArtifactRegistry.VERSION_PREFIX)) {
                Map<String, Object> item = versionItem(RELEASE);
                item.put("environments", Map.of("SS", List.of(released)));
                return PrimingHttpClient.Answer.of(DYNAMODB_JSON, LeanJson.write(Map.of("Item", item)));
            }
            if (target.endsWith(".GetItem") && body.contains(DynamoDbArtifactRegistry.LATEST_PREFIX)) {
                return PrimingHttpClient.Answer.of(DYNAMODB_JSON, LeanJson.write(Map.of("Item", Map.of(
                        "version", Map.of("S", LATER), "versionOrder", Map.of("S", VersionOrder.of(LATER))))));
            }
            return target.endsWith(".UpdateItem") || target.endsWith(".PutItem")
                    ? PrimingHttpClient.Answer.of(DYNAMODB_JSON, "{}") : null;
        });
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

    /** RequestApproval's priming: an approval of the made-up release into dev recorded (the token is made up too). */
    static String requestApproval(Map<String, String> environment, PrimingHttpClient http) {
        try (DynamoDbClient dynamoDb = dynamoDb(environment, http)) {
            return PrimingInvocation.invoke(new RequestApprovalHandler(new DynamoDbApprovalRequests(dynamoDb, TABLE)),
                    LeanJson.write(Map.of("taskToken", "snapstart-priming", "execution", "snapstart-priming",
                            "environment", "dev", "artifact", ARTIFACT, "publishedVersion", VERSION,
                            "digest", "0".repeat(64), "files", List.of(Map.of("key", RELEASE.scriptKey(),
                                    "sha256", "0".repeat(64))))));
        }
    }

    /** ResolveRepository's priming: the config's first repository resolved (none configured: nothing to prime). */
    static Optional<String> resolveRepository(PlatformConfig config) {
        return config.teams().stream().map(TeamConfig::projects).flatMap(List::stream).map(ProjectConfig::repository)
                .findFirst().map(repository -> PrimingInvocation.invoke(new ResolveRepositoryHandler(config),
                        LeanJson.write(Map.of("repository", repository))));
    }

    /**
     * AcceptVersion's priming: a made-up version announced by the environment before {@code environment}, planned
     * (the first environment of the chain is announced nothing: nothing to prime).
     */
    static Optional<String> acceptVersion(PlatformConfig config, String environment) {
        List<EnvironmentConfig> chain = config.environments();
        int at = chain.stream().map(EnvironmentConfig::name).toList().indexOf(environment);
        if (at <= 0) {
            return Optional.empty();
        }
        EnvironmentConfig previous = chain.get(at - 1);
        Map<String, Object> detail = new LinkedHashMap<>(PrimingBuild.fields());
        detail.put("from", previous.name());
        detail.put("publishedVersion", PrimingBuild.VERSION);
        detail.put("artifact", PrimingBuild.ARTIFACT);
        detail.put("released", true);
        Map<String, Object> file = PrimingBuild.file();
        file.put("versionId", "snapstart-priming");
        detail.put("files", List.of(file));
        return Optional.of(PrimingInvocation.invoke(new AcceptVersionHandler(new VersionArrivals(
                config, environment)), LeanJson.write(Map.of("account", previous.account(), "detail", detail))));
    }

    private static DynamoDbClient dynamoDb(Map<String, String> environment, PrimingHttpClient http) {
        return AwsClientConfig.configurePriming(DynamoDbClient.builder(), environment, http).build();
    }

    private static PrimingHttpClient.Answer answer(String bucket, Map<String, String> objects, SdkHttpRequest request) {
        String target = request.firstMatchingHeader("X-Amz-Target").orElse(null);
        if (target != null) {
            return dynamoDb(target.substring(target.indexOf('.') + 1));
        }
        if (S3PrimingAnswers.operation(request) == S3PrimingAnswers.Operation.GET_OBJECT) {
            return objects.entrySet().stream().filter(object -> S3PrimingAnswers.isObject(request, bucket, object.getKey()))
                    .findFirst().map(object -> S3PrimingAnswers.object("application/json", object.getValue())).orElse(null);
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
