package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.aws.MotoEndpoint;
import dev.controlplane.aws.S3BuildSource;
import dev.controlplane.domain.BuildSource;
import dev.controlplane.domain.ChecksumMismatchException;
import dev.controlplane.domain.FileMissingException;
import dev.controlplane.domain.ManifestUnreadableException;
import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.UploadExecutionInput;
import dev.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** ValidateBuild end to end: a build really uploaded to moto's S3, then the handler's output. */
@IntegrationTest
class ValidateBuildHandlerMotoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3";
    private static final String PREFIX = "data-eng/churn/" + COMMIT + "/";
    private static final byte[] SCRIPT = "import sys\nprint('churn', sys.argv)\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHEEL = "PK\u0003\u0004 a wheel".getBytes(StandardCharsets.UTF_8);

    private static MotoEndpoint moto;
    private static S3Client s3;
    private static ValidateBuildHandler handler;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoEndpoint.startOrSkip();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoEndpoint.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        handler = new ValidateBuildHandler(environment());
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (s3 != null) s3.close();
        if (moto != null) moto.close();
    }

    static Map<String, String> environment() throws URISyntaxException {
        return Map.of("AWS_REGION", MotoEndpoint.REGION, "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "CONTROLPLANE_CONFIG_DIR", testConfig().toString());
    }

    static Path testConfig() throws URISyntaxException {
        return Path.of(ValidateBuildHandlerMotoTest.class.getResource("/config-dev-prod/environments.json").toURI())
                .getParent();
    }

    private static String inbox(boolean versioned) {
        String bucket = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        if (versioned) {
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        return bucket;
    }

    private static String put(String bucket, String key, byte[] bytes) {
        return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).versionId();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String manifest(String branch, byte[] script) throws Exception {
        return """
                {"team": "data-eng", "project": "churn", "version": "1.4.0", "branch": "%s", "commit": "%s",
                 "files": [{"name": "churn.py", "sha256": "%s", "size": %d},
                           {"name": "dist/churn-1.4.0-py3-none-any.whl", "sha256": "%s", "size": %d}]}"""
                .formatted(branch, COMMIT, sha256(script), script.length, sha256(WHEEL), WHEEL.length);
    }

    /** Uploads the files then the manifest, as CI does; returns the workflow's input for that upload. */
    private static byte[] upload(String bucket, String manifest) {
        put(bucket, PREFIX + "churn.py", SCRIPT);
        put(bucket, PREFIX + "dist/churn-1.4.0-py3-none-any.whl", WHEEL);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        var response = s3.putObject(r -> r.bucket(bucket).key(PREFIX + "manifest.json"), RequestBody.fromBytes(bytes));
        return UploadExecutionInput.encode(new ManifestUpload(bucket, PREFIX + "manifest.json",
                response.versionId(), response.eTag(), (long) bytes.length)).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode invoke(byte[] input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, null);
        return JSON.readTree(output.toByteArray());
    }

    @Test
    void uploadedDefaultBranchBuildIsValidatedForTheWholeChain() throws Exception {
        String bucket = inbox(true);
        byte[] input = upload(bucket, manifest("main", SCRIPT));
        String scriptVersion = s3.headObject(r -> r.bucket(bucket).key(PREFIX + "churn.py")).versionId();
        String wheelVersion = s3.headObject(r -> r.bucket(bucket).key(PREFIX + "dist/churn-1.4.0-py3-none-any.whl"))
                .versionId();

        JsonNode build = invoke(input);

        String digestLines = "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl " + sha256(WHEEL) + "\n"
                + "data-eng/churn/churn/churn-1.4.0.py " + sha256(SCRIPT) + "\n";
        assertThat(build).isEqualTo(JSON.readTree("""
                {"team": "data-eng", "project": "churn", "script": "churn", "version": "1.4.0",
                 "publishedVersion": "1.4.0", "versionOrder": "000000001.000000004.000000000.9",
                 "branch": "main", "branchSlug": null, "feature": false,
                 "commit": "%s", "repository": "Acme-Data/churn", "artifact": "data-eng/churn/churn", "digest": "%s",
                 "files": [
                   {"name": "churn.py", "key": "data-eng/churn/churn/churn-1.4.0.py", "sha256": "%s", "size": %d,
                    "source": {"bucket": "%s", "key": "%schurn.py", "versionId": "%s"}},
                   {"name": "dist/churn-1.4.0-py3-none-any.whl", "key": "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl",
                    "sha256": "%s", "size": %d,
                    "source": {"bucket": "%s", "key": "%sdist/churn-1.4.0-py3-none-any.whl", "versionId": "%s"}}],
                 "environments": [
                   {"name": "dev", "bucket": "controlplane-artifacts-dev-123456789012-us-east-1", "approvalRequired": false,
                    "eventBus": "arn:aws:events:us-east-1:123456789012:event-bus/controlplane-promotions-dev"},
                   {"name": "prod", "bucket": "acme-prod-artifacts", "approvalRequired": true,
                    "eventBus": "arn:aws:events:us-east-1:210987654321:event-bus/controlplane-promotions-prod"}],
                 "plan": {
                   "copies": [
                     {"environment": "dev", "bucket": "controlplane-artifacts-dev-123456789012-us-east-1", "from": "the inbox",
                      "keys": ["data-eng/churn/churn/churn-1.4.0.py", "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl"],
                      "by": "this stack"},
                     {"environment": "prod", "bucket": "acme-prod-artifacts", "from": "controlplane-artifacts-dev-123456789012-us-east-1",
                      "keys": ["data-eng/churn/churn/churn-1.4.0.py", "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl"],
                      "by": "prod's own stack, pulling the version once it is announced there"}],
                   "approvals": ["prod"], "skipped": [],
                   "latest": "moves to 1.4.0 in each environment it reaches once 1.4.0 is released (a GitHub release), unless a newer version is latest there"}}
                """.formatted(COMMIT, sha256(digestLines.getBytes(StandardCharsets.UTF_8)),
                sha256(SCRIPT), SCRIPT.length, bucket, PREFIX, scriptVersion,
                sha256(WHEEL), WHEEL.length, bucket, PREFIX, wheelVersion)));
    }

    @Test
    void featureBuildGoesToTheFirstEnvironmentOnly() throws Exception {
        String bucket = inbox(true);
        byte[] wheel = WHEEL;
        put(bucket, PREFIX + "dist/churn-1.4.0+feature.login-py3-none-any.whl", wheel);
        put(bucket, PREFIX + "churn.py", SCRIPT);
        String manifest = manifest("feature/login", SCRIPT).replace("churn-1.4.0-py3", "churn-1.4.0+feature.login-py3");
        var response = s3.putObject(r -> r.bucket(bucket).key(PREFIX + "manifest.json"), RequestBody.fromString(manifest));

        JsonNode build = invoke(JSON.writeValueAsBytes(Map.of("bucket", bucket, "key", PREFIX + "manifest.json",
                "versionId", response.versionId(), "etag", response.eTag(), "prefix", PREFIX)));

        assertThat(build.get("publishedVersion").asText()).isEqualTo("1.4.0-feature-login");
        assertThat(build.get("branchSlug").asText()).isEqualTo("feature-login");
        assertThat(build.get("feature").asBoolean()).isTrue();
        assertThat(build.at("/files/0/key").asText()).isEqualTo("data-eng/churn/churn/churn-1.4.0-feature-login.py");
        assertThat(build.get("environments")).hasSize(1);
        assertThat(build.at("/environments/0/name").asText()).isEqualTo("dev");
    }

    @Test
    void manifestIsReadInTheUploadedVersionEvenAfterAnotherUpload() throws Exception {
        String bucket = inbox(true);
        byte[] first = upload(bucket, manifest("main", SCRIPT));
        put(bucket, PREFIX + "manifest.json", "{ not json".getBytes(StandardCharsets.UTF_8));

        assertThat(invoke(first).get("publishedVersion").asText()).isEqualTo("1.4.0");
    }

    @Test
    void unversionedInboxGivesNullSourceVersions() throws Exception {
        String bucket = inbox(false);

        JsonNode build = invoke(upload(bucket, manifest("main", SCRIPT)));

        assertThat(build.at("/files/0/source/versionId").isNull()).isTrue();
    }

    @Test
    void uploadedFileWithOtherBytesIsRefused() throws Exception {
        String bucket = inbox(true);
        byte[] other = "import sys\nprint('CHURN', sys.argv)\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = upload(bucket, manifest("main", other));

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("files[0].sha256 is " + sha256(other) + " for 'churn.py', but s3://" + bucket
                        + "/" + PREFIX + "churn.py has sha256 " + sha256(SCRIPT));
    }

    @Test
    void fileNotUploadedIsRefused() throws Exception {
        String bucket = inbox(true);
        byte[] input = upload(bucket, manifest("main", SCRIPT));
        s3.deleteObject(r -> r.bucket(bucket).key(PREFIX + "churn.py"));

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOf(FileMissingException.class)
                .hasMessageContaining("files[0].name is 'churn.py', but s3://" + bucket + "/" + PREFIX
                        + "churn.py does not exist");
    }

    @Test
    void manifestVersionThatDoesNotExistIsUnreadable() throws Exception {
        String bucket = inbox(true);
        put(bucket, PREFIX + "manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
        byte[] input = JSON.writeValueAsBytes(Map.of("bucket", bucket, "key", PREFIX + "manifest.json",
                "versionId", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "prefix", PREFIX));

        assertThatThrownBy(() -> invoke(input))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessageContaining("object does not exist in version 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    }

    @Test
    void sourceReportsMissingKeysAsAbsent() throws Exception {
        String bucket = inbox(false);
        try (S3BuildSource source = S3BuildSource.fromEnvironment(environment())) {
            assertThat(source.open(bucket, "data-eng/churn/nothing/manifest.json", null)).isEmpty();
        }
    }

    @Test
    void sourceStreamsTheObjectWithItsSizeAndVersion() throws Exception {
        String bucket = inbox(true);
        String versionId = put(bucket, "data-eng/churn/x/churn.py", SCRIPT);
        try (S3BuildSource source = S3BuildSource.fromEnvironment(environment())) {
            Optional<BuildSource.StoredObject> opened = source.open(bucket, "data-eng/churn/x/churn.py", versionId);
            assertThat(opened).isPresent();
            try (BuildSource.StoredObject object = opened.get()) {
                assertThat(object.size()).isEqualTo(SCRIPT.length);
                assertThat(object.versionId()).isEqualTo(versionId);
                assertThat(object.content().readAllBytes()).isEqualTo(SCRIPT);
            }
        }
    }
}
