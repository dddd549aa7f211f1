package dev.controlplane.tests.e2e;

import static dev.controlplane.tests.e2e.PromotionWorld.assertSucceeded;
import static dev.controlplane.tests.e2e.PromotionWorld.mergePush;
import static dev.controlplane.tests.e2e.PromotionWorld.output;
import static dev.controlplane.tests.e2e.PromotionWorld.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionStatus;
import dev.controlplane.aws.ArtifactsMoto;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.tests.e2e.PromotionWorld.Build;
import dev.testsupport.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * promote-artifact end to end: the real state machine on the engine, the real handlers in-process, moto for S3,
 * DynamoDB and Secrets Manager. Each test drives it only as CI (uploads) and GitHub (signed deliveries) would.
 */
@EndToEndTest
class PromoteArtifactEndToEndTest {

    static final String MERGE_COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";
    static final String FEATURE_COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    static final String RELEASED_KEY = "data-eng/churn/churn/churn-1.4.0.py";
    static final String ARTIFACT = "ARTIFACT#data-eng/churn/churn";
    static final String RECORD_1_4_0 = "data-eng/churn/churn/_index/versions/1.4.0.json";
    static final String LATEST = "data-eng/churn/churn/_index/latest.json";

    static MotoEndpoint aws;
    PromotionWorld world;

    @BeforeAll
    static void startAws() throws Exception {
        aws = MotoEndpoint.startOrSkip();
    }

    @AfterAll
    static void stopAws() throws Exception {
        if (aws != null) aws.close();
    }

    /** Set by a test that provokes a denial on purpose; every other test's workflow must need nothing IAM denies. */
    boolean denialsExpected;

    @AfterEach
    void closeWorld() {
        if (world == null) return;
        List<String> denials = world.denials();
        world.close();
        if (!denialsExpected) assertThat(denials).as("calls IAM denied (template.yaml's roles)").isEmpty();
    }

    @Test
    void theFunctionsCallWithTheirRolesAndWhatTheTemplateDoesNotGrantIsDenied() throws Exception {
        PromotionWorld w = world("config-auto");
        denialsExpected = true;
        // ValidateBuild reads the inbox; its role grants no write into any environment's bucket
        try (S3Client asValidateBuild = S3ArtifactStore.client(w.functionEnvironment("ValidateBuildFunction"))) {
            assertThatThrownBy(() -> asValidateBuild.putObject(p -> p.bucket(w.artifactsBucket("prod")).key(RELEASED_KEY),
                    RequestBody.fromString("print('not built by CI')\n")))
                    .isInstanceOf(S3Exception.class)
                    .hasMessageContaining("ValidateBuildFunctionRole")
                    .hasMessageContaining("is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::" + w.artifactsBucket("prod") + "/" + RELEASED_KEY + "\"")
                    .extracting(e -> ((S3Exception) e).statusCode()).isEqualTo(403);
        }
        assertThat(w.keys("prod")).isEmpty();
        assertThat(w.denials()).singleElement().asString().startsWith("iam: AccessDenied: ").contains("s3:PutObject");
    }

    PromotionWorld world(String config) throws Exception {
        world = new PromotionWorld(aws, PromotionWorld.config(config));
        return world;
    }

    static Build release(String version, String text) {
        return Build.of(version, "main", MERGE_COMMIT, text);
    }

    @Test
    void featureBranchBuildIsPublishedToDevOnlyWithItsBranchSuffix() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(Build.of("1.4.0", "feature/Login-Form", FEATURE_COMMIT, "print('feature')\n"));

        Execution e = w.only();
        assertThat(output(e).path("outcome").asText()).isEqualTo("published");
        assertThat(w.keys("dev")).containsExactly("data-eng/churn/churn/churn-1.4.0-feature-login-form.py");
        assertThat(w.keys("staging")).isEmpty();
        assertThat(w.keys("prod")).isEmpty();
        Map<String, AttributeValue> version = w.item(ARTIFACT, "VERSION#1.4.0-feature-login-form");
        assertThat(version.get("environments").ss()).containsExactly("dev");
        assertThat(version.get("branchSlug").s()).isEqualTo("feature-login-form");
        assertThat(w.indexKeys("dev")).containsExactly("data-eng/churn/churn/_index/versions/1.4.0-feature-login-form.json");
        assertThat(w.indexKeys("staging")).isEmpty();
        assertThat(w.indexKeys("prod")).isEmpty();
    }

    @Test
    void uploadThenMergeWebhookPromotesInDevWhereNoNextEnvironmentIsAnnouncedTo() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        Execution upload = w.only();
        assertThat(output(upload).path("outcome").asText()).isEqualTo("awaiting-merge");
        assertThat(w.keys("dev")).containsExactly(RELEASED_KEY);
        assertThat(w.keys("staging")).isEmpty();

        assertThat(w.deliver("push", "d-merge-1", mergePush(MERGE_COMMIT)).getStatusCode()).isEqualTo(202);
        List<Execution> all = w.settle();
        assertThat(all).hasSize(2);
        JsonNode promoted = output(all.get(1));
        assertThat(promoted.path("outcome").asText()).as(summary(all.get(1))).isEqualTo("promoted");
        assertThat(promoted.path("environments")).extracting(JsonNode::asText).containsExactly("dev");
        assertThat(promoted.has("announcedTo")).as("no next environment to tell").isFalse();
        assertThat(w.keys("dev")).containsExactly(RELEASED_KEY);
        assertThat(new String(w.bytes("dev", RELEASED_KEY), StandardCharsets.UTF_8)).isEqualTo("print('v1.4.0')\n");
        assertThat(w.keys("staging")).as("staging pulls, in its own stack").isEmpty();
        assertThat(w.keys("prod")).isEmpty();
        assertThat(w.item(ARTIFACT, "VERSION#1.4.0").get("environments").ss()).containsExactly("dev");
        assertThat(promotedEnvironments(w)).containsExactly("dev");
        {
            String environment = "dev";
            // The bucket records the version beside its files; not released yet: no latest.json.
            assertThat(w.indexKeys(environment)).as(environment).containsExactly(RECORD_1_4_0);
            JsonNode record = w.index(environment, RECORD_1_4_0);
            assertThat(record.path("environment").asText()).isEqualTo(environment);
            assertThat(record.path("versionOrder").asText()).isEqualTo("000000001.000000004.000000000.9");
            assertThat(record.path("commit").asText()).isEqualTo(MERGE_COMMIT);
            assertThat(record.path("files")).singleElement().satisfies(file -> {
                assertThat(file.path("key").asText()).isEqualTo(RELEASED_KEY);
                assertThat(file.path("sha256").asText()).isEqualTo(ArtifactsMoto.sha256("print('v1.4.0')\n"));
            });
        }
    }

    @Test
    void mergeWebhookBeforeTheUploadPromotesWhenTheBuildArrives() throws Exception {
        PromotionWorld w = world("config-auto");
        w.deliver("push", "d-merge-early", mergePush(MERGE_COMMIT));
        Execution merge = w.only();
        assertThat(output(merge).path("outcome").asText()).isEqualTo("awaiting-build");
        assertThat(w.keys("dev")).isEmpty();

        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        List<Execution> all = w.settle();
        assertThat(all).hasSize(2);
        assertThat(output(all.get(1)).path("outcome").asText()).isEqualTo("promoted");
        assertThat(w.keys("dev")).containsExactly(RELEASED_KEY);
        assertThat(promotedEnvironments(w)).containsExactly("dev");
    }

    @Test
    void uploadAndMergeArrivingTogetherPromoteExactlyOnce() throws Exception {
        PromotionWorld w = world("config-auto");
        for (int i = 0; i < 5; i++) {
            String commit = String.valueOf(i).repeat(40);
            Build build = Build.of("1.5." + i, "main", commit, "print(" + i + ")\n");
            w.upload(build);
            w.deliver("push", "d-race-" + i, mergePush(commit));
        }
        List<Execution> all = w.settle();
        assertThat(all).hasSize(10).allSatisfy(PromotionWorld::assertSucceeded);
        assertThat(all.stream().filter(e -> e.output().path("outcome").asText().equals("promoted"))).hasSize(5);
        for (int i = 0; i < 5; i++) {
            String key = "data-eng/churn/churn/churn-1.5." + i + ".py";
            assertThat(w.keys("dev")).contains(key);
        }
        assertThat(w.items(ARTIFACT).stream().filter(item -> item.get("sk").s().startsWith("PROMOTION#"))).hasSize(5);
    }

    @Test
    void duplicateS3EventAndRedeliveredWebhookPromoteOnce() throws Exception {
        PromotionWorld w = world("config-auto");
        Build build = release("1.4.0", "print('v1.4.0')\n");
        w.upload(build);
        var head = w.s3.headObject(h -> h.bucket(w.inbox).key(build.prefix() + "manifest.json"));
        w.deliverS3Event(build.prefix() + "manifest.json", head.versionId(), head.eTag(), head.contentLength());
        w.settle();
        assertThat(w.executions()).hasSize(1);

        String body = mergePush(MERGE_COMMIT);
        APIGatewayV2HTTPResponse first = w.deliver("push", "d-merge-2", body);
        w.settle();
        APIGatewayV2HTTPResponse again = w.deliver("push", "d-merge-2", body);
        List<Execution> all = w.settle();
        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(again.getBody()).contains("d-merge-2");
        assertThat(all).hasSize(2);
        assertThat(all).allSatisfy(PromotionWorld::assertSucceeded);
        assertThat(promotedEnvironments(w)).containsExactly("dev");
    }

    @Test
    void aSecondMergeOfTheSameCommitFindsThePromotionDone() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        w.settle();
        w.deliver("push", "d-merge-a", mergePush(MERGE_COMMIT));
        w.settle();
        // Pushed again (e.g. main reset and the commit pushed back): another payload of the same commit.
        w.deliver("push", "d-merge-b", PromotionWorld.pushBody("refs/heads/main", "e".repeat(40), MERGE_COMMIT, false));
        List<Execution> all = w.settle();
        assertThat(all).hasSize(3);
        assertThat(output(all.get(2)).path("outcome").asText()).isEqualTo("already-promoted");
        assertThat(promotedEnvironments(w)).containsExactly("dev");
    }

    @Test
    void releaseMovesLatestWhereTheVersionIs() throws Exception {
        PromotionWorld w = world("config-auto");
        uploadThenMerge(w, "d-merge-5");
        w.settle();

        assertThat(w.deliver("release", "d-release-1", PromotionWorld.releasePublished("v1.4.0")).getStatusCode()).isEqualTo(202);
        Execution release = w.settle().get(2);
        assertThat(output(release).path("outcome").asText()).as(summary(release)).isEqualTo("latest-moved");
        for (String environment : List.of("dev")) {
            assertThat(w.item(ARTIFACT, "LATEST#" + environment).get("version").s()).as(environment).isEqualTo("1.4.0");
            JsonNode latest = w.index(environment, LATEST);
            assertThat(latest.path("version").asText()).as(environment).isEqualTo("1.4.0");
            assertThat(latest.path("versionOrder").asText()).isEqualTo("000000001.000000004.000000000.9");
            assertThat(latest.path("movedBy").asText()).isEqualTo(release.arn());
        }
        assertThat(w.item(ARTIFACT, "VERSION#1.4.0").get("released").bool()).isTrue();
    }

    @Test
    void latestJsonMovesForwardOnlyAnOlderReleaseKeepsTheNewerLatest() throws Exception {
        PromotionWorld w = world("config-auto");
        String older = "a".repeat(40);
        String newer = "b".repeat(40);
        for (String[] build : new String[][] {{"1.4.0", older}, {"1.5.0", newer}}) {
            w.upload(Build.of(build[0], "main", build[1], "print('v" + build[0] + "')\n"));
            w.settle();
            w.deliver("push", "d-merge-" + build[0], mergePush(build[1]));
            w.settle();
        }

        w.deliver("release", "d-release-new", PromotionWorld.releasePublished("v1.5.0"));
        w.settle();
        w.deliver("release", "d-release-old", PromotionWorld.releasePublished("v1.4.0"));
        Execution oldRelease = w.settle().get(5);

        assertThat(output(oldRelease).path("kept")).hasSize(1);
        for (String environment : List.of("dev")) {
            assertThat(w.index(environment, LATEST).path("version").asText()).as(environment).isEqualTo("1.5.0");
            assertThat(w.writes(environment, LATEST)).as("%s latest.json written once", environment).isEqualTo(1);
            assertThat(w.item(ARTIFACT, "LATEST#" + environment).get("version").s()).isEqualTo("1.5.0");
            assertThat(w.indexKeys(environment)).containsExactlyInAnyOrder(RECORD_1_4_0,
                    "data-eng/churn/churn/_index/versions/1.5.0.json", LATEST);
        }
    }

    @Test
    void deletedFeatureBranchLosesItsArtifactsInDevOnly() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(Build.of("1.4.0", "feature/login", FEATURE_COMMIT, "print('feature')\n"));
        w.upload(Build.of("1.4.0", "feature/other", "b".repeat(40), "print('other')\n"));
        uploadThenMerge(w, "d-merge-7");
        w.settle();
        assertThat(w.keys("dev")).hasSize(3);

        w.deliver("push", "d-delete-1", PromotionWorld.pushBody("refs/heads/feature/login", "0".repeat(40), true));
        Execution retire = w.settle().get(4);
        assertThat(output(retire).path("outcome").asText()).as(summary(retire)).isEqualTo("retired");
        assertThat(w.keys("dev")).containsExactly("data-eng/churn/churn/churn-1.4.0-feature-other.py", RELEASED_KEY);
        assertThat(w.indexKeys("dev")).containsExactly("data-eng/churn/churn/_index/versions/1.4.0-feature-other.json",
                RECORD_1_4_0);
        assertThat(w.item(ARTIFACT, "VERSION#1.4.0-feature-login")).isEmpty();
        assertThat(w.item(ARTIFACT, "VERSION#1.4.0-feature-other")).isNotEmpty();
    }

    @Test
    void badSignatureIsRefusedWith401AndStartsNothing() throws Exception {
        PromotionWorld w = world("config-auto");
        String body = mergePush(MERGE_COMMIT);
        assertThat(w.deliver("push", "d-bad", body, "sha256=" + PromotionWorld.hmac("wrong secret", body)).getStatusCode()).isEqualTo(401);
        assertThat(w.deliver("push", "d-none", body, null).getStatusCode()).isEqualTo(401);
        assertThat(w.executions()).isEmpty();
    }

    @Test
    void malformedManifestFailsNamingTheFieldAndPublishesNothing() throws Exception {
        PromotionWorld w = world("config-auto");
        Build build = release("1.4.0", "print('v1.4.0')\n");
        String manifest = build.manifest().put("version", "v1.4").toString();
        w.upload(build, manifest);
        assertRefused(w, "InvalidArtifact", "version");
    }

    @Test
    void checksumMismatchFailsNamingTheFileAndPublishesNothing() throws Exception {
        PromotionWorld w = world("config-auto");
        Build build = release("1.4.0", "print('v1.4.0')\n");
        var manifest = build.manifest();
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.withArray("files").get(0)).put("sha256", "0".repeat(64));
        w.upload(build, manifest.toString());
        assertRefused(w, "ChecksumMismatch", "churn.py");
    }

    @Test
    void unknownTeamFailsAndPublishesNothing() throws Exception {
        PromotionWorld w = world("config-auto");
        Build build = new Build("marketing", "churn", "churn", "1.4.0", "main", MERGE_COMMIT,
                Map.of("churn.py", "x".getBytes(StandardCharsets.UTF_8)));
        w.upload(build);
        assertRefused(w, "UnknownTeam", "marketing");
    }

    @Test
    void parentOrAbsolutePathsInFileNamesAreRefused() throws Exception {
        PromotionWorld w = world("config-auto");
        Build build = release("1.4.0", "print('v1.4.0')\n").withFile("../../etc/passwd", "x".getBytes(StandardCharsets.UTF_8));
        w.upload(build);
        assertRefused(w, "InvalidArtifact", "../../etc/passwd");

        Build absolute = Build.of("1.4.1", "main", "c".repeat(40), "print('a')\n").withFile("/etc/passwd", "x".getBytes(StandardCharsets.UTF_8));
        w.upload(absolute);
        Execution second = w.settle().get(1);
        assertThat(second.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(second.error()).isEqualTo("InvalidArtifact");
        assertThat(second.cause()).contains("/etc/passwd");
    }

    @Test
    void anotherBuildOfAnUploadedCommitIsRefusedAndTheFirstIsWhatTheMergePromotes() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        w.settle();
        w.upload(release("1.4.1", "print('not what was validated first')\n"));
        Execution refused = w.settle().get(1);
        assertThat(refused.status()).as(summary(refused)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("CommitBuildConflict");
        assertThat(refused.cause()).contains("acme-data/churn commit " + MERGE_COMMIT + " already has a validated build with another digest")
                .contains("data-eng/churn/churn 1.4.1").contains("will not be promoted");
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        assertThat(output(w.settle().get(2)).path("outcome").asText()).as("the same build again").isEqualTo("awaiting-merge");

        w.deliver("push", "d-merge-conflict", mergePush(MERGE_COMMIT));
        Execution merge = w.settle().get(3);

        assertThat(output(merge).path("outcome").asText()).as(summary(merge)).isEqualTo("promoted");
        assertThat(w.keys("dev")).contains(RELEASED_KEY);
        assertThat(new String(w.bytes("dev", RELEASED_KEY), StandardCharsets.UTF_8)).isEqualTo("print('v1.4.0')\n");
        assertThat(output(merge).path("publishedVersion").asText()).as("what the merge promoted").isEqualTo("1.4.0");
    }

    @Test
    void releasedVersionReuploadedWithOtherBytesIsRefusedAndNothingChanges() throws Exception {
        PromotionWorld w = world("config-auto");
        uploadThenMerge(w, "d-merge-8");
        w.settle();
        var before = w.items(ARTIFACT);

        Build other = Build.of("1.4.0", "main", "d".repeat(40), "print('something else')\n");
        w.upload(other);
        Execution refused = w.settle().get(2);
        assertThat(refused.status()).as(summary(refused)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("ReleasedVersionChanged");
        assertThat(refused.cause()).contains("1.4.0").contains("churn-1.4.0.py");
        for (String environment : List.of("dev")) {
            assertThat(new String(w.bytes(environment, RELEASED_KEY), StandardCharsets.UTF_8)).isEqualTo("print('v1.4.0')\n");
            assertThat(w.writes(environment, RECORD_1_4_0)).as("%s record written once", environment).isEqualTo(1);
            assertThat(w.index(environment, RECORD_1_4_0).path("commit").asText()).isEqualTo(MERGE_COMMIT);
        }
        assertThat(w.items(ARTIFACT)).isEqualTo(before);
    }

    @Test
    void theSameReleasedBytesAgainAreANoOp() throws Exception {
        PromotionWorld w = world("config-auto");
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        w.settle();
        w.upload(Build.of("1.4.0", "main", "e".repeat(40), "print('v1.4.0')\n"));
        List<Execution> all = w.settle();
        assertThat(all).hasSize(2).allSatisfy(PromotionWorld::assertSucceeded);
        assertThat(w.keys("dev")).containsExactly(RELEASED_KEY);
    }

    @Test
    void aPromotionThatCannotAnnounceLosesItsClaimToTheReuploadOfItsBuild() throws Exception {
        // dev's stack deployed with another next bus (NextEventBusArn) than its config's next environment's
        String elsewhere = "arn:aws:events:eu-west-1:444444444444:event-bus/controlplane-promotions-staging";
        world = new PromotionWorld(aws, PromotionWorld.config("config-auto"), Map.of("NextEventBusArn", elsewhere, "DownstreamPullerRoleArn", ""));
        PromotionWorld w = world;
        uploadThenMerge(w, "d-merge-refused");
        Execution refused = w.settle().get(1);
        assertThat(refused.status()).as(summary(refused)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("NextEnvironmentMismatch");
        assertThat(refused.cause()).isEqualTo("AnnouncesVersions: this stack announces to NextEventBusArn " + elsewhere
                + ", but its config says the next environment, staging, has the bus"
                + " arn:aws:events:eu-west-1:222222222222:event-bus/controlplane-promotions-staging; deploy the stack with the"
                + " two agreeing (samconfig.toml, config/environments.json): nothing was announced");

        // CI uploads the same build again: the failed execution's claim is released, this one takes the promotion up
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        List<Execution> all = w.settle();
        assertThat(all).hasSize(3);
        Execution again = all.get(2);
        var claim = w.item("COMMIT#acme-data/churn#" + MERGE_COMMIT, "PROMOTION");
        assertThat(claim.get("claimedBy").s()).isEqualTo(again.arn());
        assertThat(claim.get("releasedClaim").s()).isEqualTo(refused.arn());
        assertThat(w.keys("dev")).containsExactly(RELEASED_KEY);
    }

    @Test
    void retryOfAVersionNotRegisteredIsRefused() throws Exception {
        PromotionWorld w = world("config-auto");
        Execution unknown = w.await(w.retry("data-eng/churn/churn", "9.9.9", "lead"));
        assertThat(unknown.error()).isEqualTo("RetryRefused");
        assertThat(unknown.cause()).contains("retry of data-eng/churn/churn 9.9.9: version is not registered");
    }


    @Test
    void rollbackMovesLatestBackInOneEnvironmentAndRecordsWhoWhenAndWhy() throws Exception {
        PromotionWorld w = world("config-auto");
        String older = "a".repeat(40);
        String newer = "b".repeat(40);
        String unreleased = "c".repeat(40);
        for (String[] build : new String[][] {{"1.4.0", older}, {"1.5.0", newer}, {"1.6.0", unreleased}}) {
            w.upload(Build.of(build[0], "main", build[1], "print('v" + build[0] + "')\n"));
            w.settle();
            w.deliver("push", "d-merge-" + build[0], mergePush(build[1]));
            w.settle();
        }
        w.deliver("release", "d-release-1.4.0", PromotionWorld.releasePublished("v1.4.0"));
        w.settle();
        w.deliver("release", "d-release-1.5.0", PromotionWorld.releasePublished("v1.5.0"));
        w.settle();

        Execution rollback = w.await(w.rollBack("data-eng/churn/churn", "dev", "1.4.0", "lead", "1.5.0 breaks the nightly close"));

        JsonNode out = output(rollback);
        assertThat(out.path("outcome").asText()).isEqualTo("rolled-back");
        assertThat(out.path("from").asText()).isEqualTo("1.5.0");
        assertThat(out.path("to").asText()).isEqualTo("1.4.0");
        assertThat(w.item(ARTIFACT, "LATEST#dev").get("version").s()).isEqualTo("1.4.0");
        assertThat(w.item(ARTIFACT, "LATEST#dev").get("movedBy").s()).isEqualTo("lead");
        assertThat(w.index("dev", LATEST).path("version").asText()).isEqualTo("1.4.0");
        assertThat(w.items(ARTIFACT).stream().filter(i -> i.get("sk").s().startsWith("ROLLBACK#")).toList()).singleElement()
                .satisfies(record -> {
                    assertThat(record.get("environment").s()).isEqualTo("dev");
                    assertThat(record.get("from").s()).isEqualTo("1.5.0");
                    assertThat(record.get("to").s()).isEqualTo("1.4.0");
                    assertThat(record.get("requestedBy").s()).isEqualTo("lead");
                    assertThat(record.get("reason").s()).isEqualTo("1.5.0 breaks the nightly close");
                    assertThat(record.get("at").s()).isNotBlank();
                });

        Execution unknown = w.await(w.rollBack("data-eng/churn/churn", "dev", "9.9.9", "lead", "why not"));
        assertThat(unknown.error()).isEqualTo("RollbackRefused");
        assertThat(unknown.cause()).isEqualTo("RollBackLatest: rollback of data-eng/churn/churn in dev: version is 9.9.9,"
                + " which is not registered; expected a version released in dev");
        Execution notReleased = w.await(w.rollBack("data-eng/churn/churn", "dev", "1.6.0", "lead", "why not"));
        assertThat(notReleased.error()).isEqualTo("RollbackRefused");
        assertThat(notReleased.cause()).contains("version is 1.6.0, which is not released in dev (published, never released)");
        Execution forward = w.await(w.rollBack("data-eng/churn/churn", "dev", "1.5.0", "lead", "undo"));
        assertThat(forward.error()).as("back to 1.5.0 is forward: a release does that").isEqualTo("RollbackRefused");
        assertThat(forward.cause()).contains("version is 1.5.0, newer than latest 1.4.0 in dev");
        Execution badEnvironment = w.await(w.rollBack("data-eng/churn/churn", "qa", "1.4.0", "lead", "why not"));
        assertThat(badEnvironment.cause()).contains("environment is 'qa'; expected one of dev, staging, prod");
        assertThat(w.index("dev", LATEST).path("version").asText()).isEqualTo("1.4.0");
    }

    private static void uploadThenMerge(PromotionWorld w, String deliveryId) throws InterruptedException {
        w.upload(release("1.4.0", "print('v1.4.0')\n"));
        w.settle();
        assertThat(w.deliver("push", deliveryId, mergePush(MERGE_COMMIT)).getStatusCode()).isEqualTo(202);
    }

    private static void assertRefused(PromotionWorld w, String error, String named) throws InterruptedException {
        Execution e = w.only();
        assertThat(e.status()).as(summary(e)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.cause()).contains(named).doesNotContain("\tat ").doesNotContain("stackTrace");
        for (String environment : PromotionWorld.ENVIRONMENTS) {
            assertThat(w.keys(environment)).as(environment).isEmpty();
            assertThat(w.indexKeys(environment)).as(environment).isEmpty();
        }
        assertThat(w.items(ARTIFACT)).isEmpty();
    }

    private static Set<String> promotedEnvironments(PromotionWorld w) {
        Set<String> environments = new TreeSet<>();
        for (var item : w.items(ARTIFACT)) {
            if (item.get("sk").s().startsWith("PROMOTION#")) {
                assertThat(environments.add(item.get("environment").s())).as("promoted once to %s", item.get("environment").s()).isTrue();
            }
        }
        return environments;
    }
}
