package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.PrimingHttpClient;
import dev.controlplane.domain.config.PlatformConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The storage functions' SnapStart priming: through the handler and the SDK clients' whole path, nothing sent. */
class StoragePrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PlatformConfig CONFIG = PlatformConfig.load(Path.of("../config"));
    private static final String ARTIFACTS = CONFIG.environment("dev").orElseThrow().artifactsBucket();
    private static final Map<String, String> FUNCTION = Map.of("REGISTRY_TABLE", "registry", "RUNS_TABLE", "runs",
            "CONTROLPLANE_CONFIG_DIR", "../config", "CONTROLPLANE_ENVIRONMENT", "dev", "ARTIFACTS_BUCKET", ARTIFACTS);
    private static final Map<String, String> UNREACHABLE = PrimingEnvironments.unreachable(FUNCTION);
    private static final Map<String, String> LAMBDA = PrimingEnvironments.lambda(FUNCTION);

    @RegisterExtension
    final CapturedStdout printed = new CapturedStdout();

    @Test
    void retireFeaturePrimingRetiresTheMadeUpBuildFromTheCannedAnswers() throws Exception {
        PrimingHttpClient http = StoragePriming.http();

        JsonNode answer = JSON.readTree(StoragePriming.retireFeature(UNREACHABLE, http));

        assertThat(answer.path("environment").asText()).isEqualTo("dev");
        assertThat(texts(answer.path("deleted"))).as("the version record first, then the files, as listed by S3")
                .containsExactlyElementsOf(StoragePriming.FEATURE_KEYS);
        assertThat(texts(answer.path("versions"))).as("the version the DynamoDB query answered")
                .containsExactly("0.0.0-feature-snapstart-priming");
    }

    @Test
    void retireFeaturePrimingSendsSignedMarshalledRequestsToTheCannedClientOnly() {
        PrimingHttpClient http = StoragePriming.http();

        StoragePriming.retireFeature(LAMBDA, http);

        List<SdkHttpRequest> answered = http.answered();
        assertThat(answered).extracting(PrimingEnvironments::call).containsExactly(
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com LIST_OBJECTS_V2",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com DELETE_OBJECTS",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com DELETE_OBJECTS",
                "POST dynamodb.eu-west-1.amazonaws.com DynamoDB_20120810.Query",
                "POST dynamodb.eu-west-1.amazonaws.com DynamoDB_20120810.DeleteItem");
        assertThat(answered).allSatisfy(request -> {
            assertThat(request.firstMatchingHeader("Authorization")).as("signed with the made-up credentials, not the function's")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("AWS4-HMAC-SHA256 Credential=AKIASNAPSTARTPRIMING/")
                            .contains("/eu-west-1/"));
            assertThat(request.firstMatchingHeader("X-Amz-Security-Token")).hasValue("snapstart-priming-made-up-session");
            assertThat(request.firstMatchingHeader("User-Agent")).hasValueSatisfying(v -> assertThat(v).contains("aws-sdk-java"));
        });
        assertThat(answered.get(1).firstMatchingHeader("x-amz-checksum-crc32")).as("S3's checksum interceptor ran").isPresent();
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void moveLatestPrimingMovesTheReleaseInTheEnvironmentsItIsRegisteredIn() throws Exception {
        PrimingHttpClient http = StoragePriming.http();

        JsonNode answer = JSON.readTree(StoragePriming.moveLatest(UNREACHABLE, http));

        assertThat(answer.path("moved").toString()).as("the environments from the canned GetItem answer")
                .isEqualTo("[{\"script\":\"priming\",\"environment\":\"dev\",\"version\":\"0.0.0\"}]");
        assertThat(answer.path("kept").size()).isZero();
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 DynamoDB_20120810.UpdateItem",
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 DynamoDB_20120810.UpdateItem");
    }

    @Test
    void rollBackLatestPrimingMovesLatestBackToTheMadeUpReleaseReadingEachItemByItsKey() throws Exception {
        PrimingHttpClient http = StoragePriming.rollbackHttp(CONFIG);

        JsonNode answer = JSON.readTree(StoragePriming.rollBackLatest(CONFIG, UNREACHABLE, http));

        String first = CONFIG.environments().getFirst().name();
        assertThat(answer.path("environment").asText()).isEqualTo(first);
        assertThat(answer.path("from").asText()).isEqualTo("0.0.1");
        assertThat(answer.path("to").asText()).isEqualTo(StoragePriming.VERSION);
        assertThat(answer.path("bucket").asText()).isEqualTo(CONFIG.environment(first).orElseThrow().artifactsBucket());
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 DynamoDB_20120810.GetItem",
                "POST 127.0.0.1 DynamoDB_20120810.GetItem", "POST 127.0.0.1 DynamoDB_20120810.UpdateItem",
                "POST 127.0.0.1 DynamoDB_20120810.PutItem");
        assertThat(http.bodyBytes()).as("the bodies were read to tell the reads apart").isPositive();
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void recordRunPrimingRecordsAMinuteOfTheMadeUpRun() throws Exception {
        PrimingHttpClient http = StoragePriming.http();

        JsonNode answer = JSON.readTree(StoragePriming.recordRun(UNREACHABLE, http));

        assertThat(answer.path("team").asText()).isEqualTo(StoragePriming.TEAM);
        assertThat(answer.path("month").asText()).isEqualTo("2025-01");
        assertThat(answer.path("runId").asLong()).isEqualTo(1);
        assertThat(answer.path("dbu").asDouble()).isPositive();
        assertThat(http.answered()).extracting(PrimingEnvironments::call)
                .containsExactly("POST 127.0.0.1 DynamoDB_20120810.PutItem");
    }

    @Test
    void requestApprovalPrimingRecordsTheMadeUpRequest() throws Exception {
        PrimingHttpClient http = StoragePriming.http();

        assertThat(StoragePriming.requestApproval(UNREACHABLE, http)).isEqualTo("{\"approval\":\"pending\"}");
        assertThat(http.answered()).extracting(PrimingEnvironments::call)
                .containsExactly("POST 127.0.0.1 DynamoDB_20120810.PutItem");
    }

    @Test
    void resolveRepositoryPrimingResolvesTheConfigsFirstRepository() throws Exception {
        String repository = CONFIG.teams().get(0).projects().get(0).repository();

        JsonNode answer = JSON.readTree(StoragePriming.resolveRepository(CONFIG).orElseThrow());

        assertThat(answer.path("repository").asText()).isEqualTo(repository);
        assertThat(answer.path("team").asText()).isEqualTo(CONFIG.teams().get(0).name());
    }

    @Test
    void acceptVersionPrimingPlansAVersionAnnouncedByTheEnvironmentBefore() throws Exception {
        String first = CONFIG.environments().get(0).name();
        String second = CONFIG.environments().get(1).name();

        JsonNode plan = JSON.readTree(StoragePriming.acceptVersion(CONFIG, second).orElseThrow());

        assertThat(plan.path("artifact").asText()).isEqualTo("snapstart-priming/priming/priming");
        assertThat(plan.path("from").asText()).isEqualTo(first);
        assertThat(plan.toString()).contains(CONFIG.environment(first).orElseThrow().artifactsBucket(), "snapstart-priming");
        assertThat(StoragePriming.acceptVersion(CONFIG, first)).as("nothing is announced to the first environment").isEmpty();
    }

    @Test
    void acceptVersionHookPrimesAndLogsNothing() throws Exception {
        Map<String, String> staging = Map.of("CONTROLPLANE_CONFIG_DIR", "../config",
                "CONTROLPLANE_ENVIRONMENT", CONFIG.environments().get(1).name());
        SnapStartHook hook = new AcceptVersionHandler(staging).priming();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void resolveRunPrimingResolvesTheLatestVersionFromTheCannedIndex() throws Exception {
        StoragePriming.RunPriming run = StoragePriming.run(CONFIG, "dev").orElseThrow();
        PrimingHttpClient http = StoragePriming.http(ARTIFACTS, run.index());

        JsonNode answer = JSON.readTree(StoragePriming.resolveRun(CONFIG, LAMBDA, run, http));

        assertThat(answer.path("environment").asText()).isEqualTo("dev");
        assertThat(answer.path("scriptVersion").asText()).as("latest, from the canned latest.json").isEqualTo("0.0.0");
        assertThat(answer.path("scriptPath").asText()).startsWith("s3://" + ARTIFACTS + "/").endsWith("-0.0.0.py");
        assertThat(answer.path("wheelPath").asText()).as("from the canned version record").endsWith("-0.0.0-py3-none-any.whl");
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "GET " + ARTIFACTS + ".s3.eu-west-1.amazonaws.com GET_OBJECT",
                "GET " + ARTIFACTS + ".s3.eu-west-1.amazonaws.com GET_OBJECT");
    }

    @Test
    void publishArtifactPrimingPublishesTheMadeUpReleaseWriteOnceAndMovesLatestToIt() throws Exception {
        PrimingHttpClient http = StoragePriming.publishHttp();

        List<String> answers = StoragePriming.publishArtifact(LAMBDA, http);

        JsonNode published = JSON.readTree(answers.get(0));
        assertThat(texts(published.path("copied"))).containsExactly("priming/priming/priming/priming-0.0.0.py");
        assertThat(published.path("recorded").asBoolean()).as("its version record written").isTrue();
        JsonNode moved = JSON.readTree(answers.get(1)).path("latest").get(0);
        assertThat(moved.path("moved").asBoolean()).as("latest.json moved to the version just recorded").isTrue();
        assertThat(moved.path("latest").asText()).isEqualTo("0.0.0");
        String bucket = "PUT snapstart-priming.s3.eu-west-1.amazonaws.com ";
        assertThat(http.answered()).extracting(PrimingEnvironments::call).containsExactly(
                "HEAD snapstart-priming.s3.eu-west-1.amazonaws.com HEAD_OBJECT",
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com GET_OBJECT",
                "HEAD snapstart-priming.s3.eu-west-1.amazonaws.com HEAD_OBJECT",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com CREATE_MULTIPART_UPLOAD",
                bucket + "UPLOAD_PART_COPY",
                "POST snapstart-priming.s3.eu-west-1.amazonaws.com COMPLETE_MULTIPART_UPLOAD",
                "HEAD snapstart-priming.s3.eu-west-1.amazonaws.com HEAD_OBJECT",
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com GET_OBJECT",
                bucket + "PUT_OBJECT",
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com GET_OBJECT",
                "GET snapstart-priming.s3.eu-west-1.amazonaws.com GET_OBJECT",
                bucket + "PUT_OBJECT");
        PrimingEnvironments.assertSignedWithMadeUpCredentials(http);
        assertThat(http.answered().get(5).firstMatchingHeader("If-None-Match")).as("a release is copied write-once")
                .hasValue("*");
        assertThat(printed.text()).isEmpty();
    }

    @Test
    void validateBuildPrimingValidatesTheMadeUpUploadFromTheCannedInbox() throws Exception {
        StoragePriming.UploadPriming upload = StoragePriming.upload(CONFIG).orElseThrow();
        PrimingHttpClient http = StoragePriming.http(StoragePriming.BUCKET, upload.inbox());

        JsonNode answer = JSON.readTree(StoragePriming.validateBuild(CONFIG, UNREACHABLE, upload, http));

        assertThat(answer.path("publishedVersion").asText()).isEqualTo("0.0.0");
        assertThat(answer.path("files").size()).as("the one file of the canned manifest, its SHA-256 checked").isEqualTo(1);
        assertThat(answer.path("plan").isObject()).isTrue();
        assertThat(http.answered()).extracting(PrimingEnvironments::call)
                .containsExactly("GET 127.0.0.1 GET_OBJECT", "GET 127.0.0.1 GET_OBJECT");
    }

    static Stream<Arguments> primedHandlers() {
        return Stream.of(
                Arguments.of("RetireFeature", (Supplier<SnapStartHook>) () -> new RetireFeatureHandler(UNREACHABLE).priming()),
                Arguments.of("MoveLatest", (Supplier<SnapStartHook>) () -> new MoveLatestHandler(UNREACHABLE).priming()),
                Arguments.of("RollBackLatest", (Supplier<SnapStartHook>) () -> new RollBackLatestHandler(UNREACHABLE).priming()),
                Arguments.of("PublishArtifact", (Supplier<SnapStartHook>) () -> new PublishArtifactHandler(UNREACHABLE).priming()),
                Arguments.of("RequestApproval", (Supplier<SnapStartHook>) () -> new RequestApprovalHandler(UNREACHABLE).priming()),
                Arguments.of("RecordRun", (Supplier<SnapStartHook>) () -> new RecordRunHandler(UNREACHABLE).priming()),
                Arguments.of("ValidateBuild", (Supplier<SnapStartHook>) () -> new ValidateBuildHandler(UNREACHABLE).priming()),
                Arguments.of("ResolveRun", (Supplier<SnapStartHook>) () -> new ResolveRunHandler(UNREACHABLE).priming()),
                Arguments.of("ResolveRepository",
                        (Supplier<SnapStartHook>) () -> new ResolveRepositoryHandler(UNREACHABLE).priming()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primedHandlers")
    void theHookPrimesWithoutTouchingTheHandlersOwnClientsAndWritesNothing(String function, Supplier<SnapStartHook> built) {
        // The handler's own clients point at a closed port: had priming used them, it would fail.
        SnapStartHook hook = built.get();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
