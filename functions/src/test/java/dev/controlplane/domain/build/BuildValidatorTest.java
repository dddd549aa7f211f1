package dev.controlplane.domain.build;

import dev.controlplane.domain.BuildSource;
import dev.controlplane.domain.ChecksumMismatchException;
import dev.controlplane.domain.FileMissingException;
import dev.controlplane.domain.InvalidArtifactException;
import dev.controlplane.domain.ManifestUnreadableException;
import dev.controlplane.domain.ManifestUpload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.ProjectConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.config.UnknownProjectException;
import dev.controlplane.domain.config.UnknownScriptException;
import dev.controlplane.domain.config.UnknownTeamException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildValidatorTest {

    private static final String INBOX = "inbox";
    private static final String COMMIT = "9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3";
    private static final String PREFIX = "data-eng/churn/" + COMMIT + "/";
    private static final String MANIFEST_KEY = PREFIX + "manifest.json";
    private static final byte[] SCRIPT = "print('churn')\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHEEL = "PK wheel bytes".getBytes(StandardCharsets.UTF_8);

    private static final PlatformConfig CONFIG = new PlatformConfig(List.of(
            new EnvironmentConfig("dev", "111111111111", "eu-west-1", null, false),
            new EnvironmentConfig("staging", "222222222222", "eu-west-1", null, false),
            new EnvironmentConfig("prod", "333333333333", "eu-west-1", "acme-prod-artifacts", true)),
            List.of(new TeamConfig("data-eng", "CC-1042",
                    List.of(new ProjectConfig("churn", "acme-data/churn", "main", List.of("churn", "score"))))));

    /** Objects by bucket/key, each with its versions, the newest last. */
    private static final class InMemoryBuildSource implements BuildSource {
        record Version(String versionId, byte[] bytes, long reportedSize) {
        }

        final Map<String, List<Version>> objects = new LinkedHashMap<>();
        int versions;

        String put(String key, byte[] bytes) {
            return put(key, bytes, bytes.length);
        }

        String put(String key, byte[] bytes, long reportedSize) {
            String versionId = "v" + (++versions);
            objects.computeIfAbsent(INBOX + "/" + key, k -> new ArrayList<>()).add(new Version(versionId, bytes, reportedSize));
            return versionId;
        }

        @Override
        public Optional<StoredObject> open(String bucket, String key, String versionId) {
            List<Version> stored = objects.getOrDefault(bucket + "/" + key, List.of());
            return stored.stream()
                    .filter(version -> versionId == null || version.versionId().equals(versionId))
                    .reduce((older, newer) -> newer)
                    .map(version -> new StoredObject(new ByteArrayInputStream(version.bytes()), version.reportedSize(),
                            version.versionId()));
        }
    }

    private final InMemoryBuildSource source = new InMemoryBuildSource();
    private final BuildValidator validator = new BuildValidator(CONFIG, source);

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String manifest(String team, String script, String branch, String files) {
        return """
                {"team": "%s", "project": "churn", "script": "%s", "version": "1.4.0", "branch": "%s",
                 "commit": "%s", "files": [%s]}""".formatted(team, script, branch, COMMIT, files);
    }

    private static String file(String name, byte[] bytes) throws Exception {
        return file(name, sha256(bytes), bytes.length);
    }

    private static String file(String name, String sha256, long size) {
        return "{\"name\": \"%s\", \"sha256\": \"%s\", \"size\": %d}".formatted(name, sha256, size);
    }

    /** Uploads the files, then the manifest, as CI does; returns the upload the workflow starts with. */
    private ManifestUpload upload(String manifest) {
        String versionId = source.put(MANIFEST_KEY, manifest.getBytes(StandardCharsets.UTF_8));
        return new ManifestUpload(INBOX, MANIFEST_KEY, versionId, "etag", (long) manifest.length());
    }

    private ManifestUpload defaultBuild() throws Exception {
        source.put(PREFIX + "churn.py", SCRIPT);
        source.put(PREFIX + "dist/churn-1.4.0-py3-none-any.whl", WHEEL);
        return upload(manifest("data-eng", "churn", "main",
                file("churn.py", SCRIPT) + ", " + file("dist/churn-1.4.0-py3-none-any.whl", WHEEL)));
    }

    @Test
    void defaultBranchBuildGoesToTheWholeChainUnderItsPlainVersion() throws Exception {
        Build build = validator.validate(defaultBuild());

        assertThat(build.team()).isEqualTo("data-eng");
        assertThat(build.project()).isEqualTo("churn");
        assertThat(build.script()).isEqualTo("churn");
        assertThat(build.version()).isEqualTo("1.4.0");
        assertThat(build.publishedVersion()).isEqualTo("1.4.0");
        assertThat(build.versionOrder()).isEqualTo("000000001.000000004.000000000.9");
        assertThat(build.branch()).isEqualTo("main");
        assertThat(build.branchSlug()).isNull();
        assertThat(build.feature()).isFalse();
        assertThat(build.commit()).isEqualTo(COMMIT);
        assertThat(build.repository()).isEqualTo("acme-data/churn");
        assertThat(build.artifact()).isEqualTo("data-eng/churn/churn");
        assertThat(build.files()).containsExactly(
                new Build.PublishedFile("churn.py", "data-eng/churn/churn/churn-1.4.0.py", sha256(SCRIPT), SCRIPT.length,
                        new Build.SourceObject(INBOX, PREFIX + "churn.py", "v1")),
                new Build.PublishedFile("dist/churn-1.4.0-py3-none-any.whl",
                        "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl", sha256(WHEEL), WHEEL.length,
                        new Build.SourceObject(INBOX, PREFIX + "dist/churn-1.4.0-py3-none-any.whl", "v2")));
        assertThat(build.environments()).containsExactly(
                new PromotionTarget("dev", "controlplane-artifacts-dev-111111111111-eu-west-1", false,
                        "arn:aws:events:eu-west-1:111111111111:event-bus/controlplane-promotions-dev"),
                new PromotionTarget("staging", "controlplane-artifacts-staging-222222222222-eu-west-1", false,
                        "arn:aws:events:eu-west-1:222222222222:event-bus/controlplane-promotions-staging"),
                new PromotionTarget("prod", "acme-prod-artifacts", true,
                        "arn:aws:events:eu-west-1:333333333333:event-bus/controlplane-promotions-prod"));
    }

    @Test
    void digestIsTheSha256OfTheSortedKeyAndChecksumLines() throws Exception {
        Build build = validator.validate(defaultBuild());

        String lines = "data-eng/churn/churn/churn-1.4.0-py3-none-any.whl " + sha256(WHEEL) + "\n"
                + "data-eng/churn/churn/churn-1.4.0.py " + sha256(SCRIPT) + "\n";
        assertThat(build.digest()).isEqualTo(sha256(lines.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void featureBuildGoesToTheFirstEnvironmentOnlyWithTheBranchSuffix() throws Exception {
        source.put(PREFIX + "score.py", SCRIPT);
        source.put(PREFIX + "dist/churn-1.4.0+feature.login-py3-none-any.whl", WHEEL);
        Build build = validator.validate(upload(manifest("data-eng", "score", "refs/heads/feature/Login",
                file("score.py", SCRIPT) + ", " + file("dist/churn-1.4.0+feature.login-py3-none-any.whl", WHEEL))));

        assertThat(build.publishedVersion()).isEqualTo("1.4.0-feature-login");
        assertThat(build.branch()).isEqualTo("feature/Login");
        assertThat(build.branchSlug()).isEqualTo("feature-login");
        assertThat(build.feature()).isTrue();
        assertThat(build.artifact()).isEqualTo("data-eng/churn/score");
        assertThat(build.files()).extracting(Build.PublishedFile::key).containsExactly(
                "data-eng/churn/score/score-1.4.0-feature-login.py",
                "data-eng/churn/score/churn-1.4.0+feature.login-py3-none-any.whl");
        assertThat(build.environments()).extracting(PromotionTarget::name).containsExactly("dev");
    }

    @Test
    void manifestIsReadInTheVersionThatWasUploaded() throws Exception {
        ManifestUpload first = defaultBuild();
        source.put(MANIFEST_KEY, "not even JSON".getBytes(StandardCharsets.UTF_8));

        assertThat(validator.validate(first).publishedVersion()).isEqualTo("1.4.0");
    }

    @Test
    void fileWithOtherBytesIsAChecksumMismatchNamingFileExpectedAndActual() throws Exception {
        byte[] other = "print('CHURN')\n".getBytes(StandardCharsets.UTF_8);
        source.put(PREFIX + "churn.py", other);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("churn.py", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("s3://inbox/" + MANIFEST_KEY + ": files[0].sha256 is " + sha256(SCRIPT) + " for 'churn.py',"
                        + " but s3://inbox/" + PREFIX + "churn.py has sha256 " + sha256(other) + "; expected the SHA-256"
                        + " of the uploaded bytes (upload the build again, or regenerate the manifest)");
    }

    @Test
    void fileOfAnotherSizeIsAChecksumMismatch() throws Exception {
        source.put(PREFIX + "churn.py", SCRIPT);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("churn.py", sha256(SCRIPT), 5120)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("files[0].size is 5120 bytes for 'churn.py', but s3://inbox/" + PREFIX
                        + "churn.py has " + SCRIPT.length + " bytes");
    }

    @Test
    void fileShorterThanItsReportedSizeIsAChecksumMismatch() throws Exception {
        source.put(PREFIX + "churn.py", SCRIPT, 5120);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("churn.py", sha256(SCRIPT), 5120)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("has " + SCRIPT.length + " bytes");
    }

    @Test
    void fileNotUploadedIsMissing() throws Exception {
        source.put(PREFIX + "churn.py", SCRIPT);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main",
                file("churn.py", SCRIPT) + ", " + file("dist/churn-1.4.0-py3-none-any.whl", WHEEL)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(FileMissingException.class)
                .hasMessage("s3://inbox/" + MANIFEST_KEY + ": files[1].name is 'dist/churn-1.4.0-py3-none-any.whl', but"
                        + " s3://inbox/" + PREFIX + "dist/churn-1.4.0-py3-none-any.whl does not exist; expected every"
                        + " file the manifest lists uploaded beside it, before the manifest");
    }

    @Test
    void unconfiguredTeamIsRefusedNamingTheManifest() throws Exception {
        String key = "marketing/churn/" + COMMIT + "/manifest.json";
        String manifest = manifest("marketing", "churn", "main", file("churn.py", SCRIPT));
        source.put(key, manifest.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, key, null, "etag", null)))
                .isInstanceOf(UnknownTeamException.class)
                .hasMessage("s3://inbox/" + key + ": team is 'marketing', which has no config/teams/marketing.json;"
                        + " expected one of the configured teams: data-eng");
    }

    @Test
    void unconfiguredProjectIsRefused() throws Exception {
        String key = "data-eng/ltv/" + COMMIT + "/manifest.json";
        String manifest = manifest("data-eng", "churn", "main", file("churn.py", SCRIPT)).replace("\"churn\"", "\"ltv\"");
        source.put(key, manifest.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, key, null, "etag", null)))
                .isInstanceOf(UnknownProjectException.class)
                .hasMessageContaining("project is 'ltv', which team data-eng does not configure");
    }

    @Test
    void scriptTheProjectDoesNotListIsRefused() throws Exception {
        ManifestUpload upload = upload(manifest("data-eng", "uplift", "main", file("uplift.py", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(UnknownScriptException.class)
                .hasMessage("s3://inbox/" + MANIFEST_KEY + ": script is 'uplift', which project churn of team data-eng"
                        + " does not list; expected one of its scripts in config/teams/data-eng.json: churn, score");
    }

    @Test
    void manifestClaimingAnotherTeamThanItsKeyIsRefused() throws Exception {
        String key = "payments/churn/" + COMMIT + "/manifest.json";
        source.put(key, manifest("data-eng", "churn", "main", file("churn.py", SCRIPT)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, key, null, "etag", null)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("s3://inbox/" + key + ": team is 'data-eng', but the build was uploaded under 'payments/';"
                        + " expected the build uploaded under {team}/{project}/ as its manifest names them: data-eng/churn/");
    }

    @Test
    void manifestClaimingAnotherProjectThanItsKeyIsRefused() throws Exception {
        String key = "data-eng/ltv/" + COMMIT + "/manifest.json";
        source.put(key, manifest("data-eng", "churn", "main", file("churn.py", SCRIPT)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, key, null, "etag", null)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("project is 'churn', but the build was uploaded under 'data-eng/ltv/'");
    }

    @Test
    void manifestOutsideATeamAndProjectFolderIsRefused() throws Exception {
        source.put("manifest.json", manifest("data-eng", "churn", "main", file("churn.py", SCRIPT))
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, "manifest.json", null, "etag", null)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("key is 'manifest.json'");
    }

    @Test
    void fileNameLeavingTheBuildFolderIsRefused() throws Exception {
        source.put("data-eng/churn/churn.py", SCRIPT);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("../churn.py", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("files[0].name is '../churn.py', which is refused");
    }

    @Test
    void absoluteFileNameIsRefused() throws Exception {
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("/etc/churn.py", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("files[0].name is '/etc/churn.py', which is not a relative path");
    }

    @Test
    void fileThatIsNeitherScriptNorWheelIsRefused() throws Exception {
        source.put(PREFIX + "notes.txt", SCRIPT);
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("notes.txt", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("files[0].name is 'notes.txt', which is neither a .py script nor a .whl wheel");
    }

    @Test
    void secondScriptIsRefusedBecauseBothWouldHaveOneName() throws Exception {
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main",
                file("churn.py", SCRIPT) + ", " + file("lib/helpers.py", SCRIPT)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("files[1].name is 'lib/helpers.py', which would be published as"
                        + " data-eng/churn/churn/churn-1.4.0.py like 'churn.py'");
    }

    @Test
    void wheelOfAnotherVersionIsRefusedNamingTheManifestField() throws Exception {
        ManifestUpload upload = upload(manifest("data-eng", "churn", "main", file("dist/churn-1.3.0-py3-none-any.whl", WHEEL)));

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("s3://inbox/" + MANIFEST_KEY + ": files[0].name is"
                        + " 'dist/churn-1.3.0-py3-none-any.whl': its wheel version in file name is '1.3.0' in"
                        + " 'churn-1.3.0-py3-none-any.whl'; expected '1.4.0'");
    }

    @Test
    void missingManifestIsUnreadable() {
        ManifestUpload upload = new ManifestUpload(INBOX, MANIFEST_KEY, "v9", "etag", null);

        assertThatThrownBy(() -> validator.validate(upload))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessageStartingWith("s3://inbox/" + MANIFEST_KEY + ": object does not exist in version v9;");
    }

    @Test
    void manifestLargerThan64KiBIsUnreadableWithoutBeingRead() throws Exception {
        String padded = manifest("data-eng", "churn", "main", file("churn.py", SCRIPT)).replace("{\"team\"",
                "{\"padding\": \"" + "x".repeat(BuildValidator.MAX_MANIFEST_BYTES) + "\", \"team\"");

        assertThatThrownBy(() -> validator.validate(upload(padded)))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessage("s3://inbox/" + MANIFEST_KEY + ": size is " + padded.length() + " bytes; expected the build's"
                        + " manifest.json, a JSON object of at most 65536 bytes");
    }

    @Test
    void manifestLongerThanItsReportedSizeIsStillCutAt64KiB() throws Exception {
        byte[] large = ("[" + "1,".repeat(BuildValidator.MAX_MANIFEST_BYTES) + "1]").getBytes(StandardCharsets.UTF_8);
        String versionId = source.put(MANIFEST_KEY, large, 100);

        assertThatThrownBy(() -> validator.validate(new ManifestUpload(INBOX, MANIFEST_KEY, versionId, "etag", null)))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessageContaining("size is 65537 bytes");
    }

    @Test
    void manifestThatIsNotJsonIsUnreadable() {
        assertThatThrownBy(() -> validator.validate(upload("team: data-eng")))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessageStartingWith("s3://inbox/" + MANIFEST_KEY + ": document is not JSON (");
        assertThatThrownBy(() -> validator.validate(upload("")))
                .isInstanceOf(ManifestUnreadableException.class)
                .hasMessageStartingWith("s3://inbox/" + MANIFEST_KEY + ": document is empty;");
    }

    @Test
    void manifestMissingAFieldIsInvalid() {
        assertThatThrownBy(() -> validator.validate(upload("{\"team\": \"data-eng\", \"project\": \"churn\"}")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("s3://inbox/" + MANIFEST_KEY + ": version is missing;");
    }
}
