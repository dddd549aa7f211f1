package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UploadExecutionNameTest {

    private static final String BUCKET = "controlplane-artifacts-inbox-dev-123456789012";
    private static final String KEY = "data-eng/churn/9f2c4e1b7a3d5f608192a3b4c5d6e7f809a1b2c3/manifest.json";
    private static final String VALID = "[A-Za-z0-9_-]{1,80}";

    @Test
    void nameIsReadableTeamAndProjectThenAHash() {
        String name = UploadExecutionName.of(BUCKET, KEY, "v1", "etag1");

        assertThat(name).matches("upload-data-eng-churn-[0-9a-f]{24}");
    }

    @Test
    void sameUploadAlwaysGetsTheSameName() {
        // Pinned: changing the derivation would let an in-flight redelivery start a second execution after a deploy.
        assertThat(UploadExecutionName.of(BUCKET, KEY, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "5d41402abc4b2a76b9719d911017c592"))
                .isEqualTo(UploadExecutionName.of(BUCKET, KEY, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "5d41402abc4b2a76b9719d911017c592"))
                .isEqualTo("upload-data-eng-churn-" + PINNED_HASH);
    }

    // sha256("45:controlplane-...;71:data-eng/...;41:version:3HL4...;") computed outside Java.
    private static final String PINNED_HASH = "93189a240cd05b56669e91f6";

    @Test
    void eachVersionOfTheSameKeyGetsItsOwnName() {
        assertThat(UploadExecutionName.of(BUCKET, KEY, "v1", "same-etag"))
                .isNotEqualTo(UploadExecutionName.of(BUCKET, KEY, "v2", "same-etag"));
    }

    @Test
    void versionIdDecidesAndEtagIsIgnoredWhenTheBucketIsVersioned() {
        assertThat(UploadExecutionName.of(BUCKET, KEY, "v1", "etag-a")).isEqualTo(UploadExecutionName.of(BUCKET, KEY, "v1", "etag-b"));
    }

    @Test
    void differentEtagsDifferInAnUnversionedBucket() {
        assertThat(UploadExecutionName.of(BUCKET, KEY, null, "etag-a")).isNotEqualTo(UploadExecutionName.of(BUCKET, KEY, null, "etag-b"));
    }

    @Test
    void suspendedVersioningNullVersionIdFallsBackToTheEtag() {
        assertThat(UploadExecutionName.of(BUCKET, KEY, "null", "etag-a")).isEqualTo(UploadExecutionName.of(BUCKET, KEY, null, "etag-a"));
        assertThat(UploadExecutionName.of(BUCKET, KEY, "null", "etag-a")).isNotEqualTo(UploadExecutionName.of(BUCKET, KEY, "null", "etag-b"));
    }

    @Test
    void quotedAndBareEtagNameTheSameObject() {
        assertThat(UploadExecutionName.of(BUCKET, KEY, null, "\"etag-a\"")).isEqualTo(UploadExecutionName.of(BUCKET, KEY, null, "etag-a"));
    }

    @Test
    void otherBucketOrOtherKeyGetsAnotherName() {
        String name = UploadExecutionName.of(BUCKET, KEY, "v1", "e");

        assertThat(UploadExecutionName.of("other-bucket", KEY, "v1", "e")).isNotEqualTo(name);
        assertThat(UploadExecutionName.of(BUCKET, "data-eng/churn/0000000/manifest.json", "v1", "e")).isNotEqualTo(name);
    }

    @Test
    void fieldBoundariesCannotBeShiftedToForgeTheSameHash() {
        assertThat(hashOf(UploadExecutionName.of("ab", "c/manifest.json", "v", null)))
                .isNotEqualTo(hashOf(UploadExecutionName.of("a", "bc/manifest.json", "v", null)));
    }

    @Test
    void charactersStepFunctionsRefusesBecomeHyphens() {
        String name = UploadExecutionName.of(BUCKET, "data eng/churn.model+ü/abc/manifest.json", "v1", null);

        assertThat(name).matches(VALID).startsWith("upload-data-eng-churn-model---");
    }

    @Test
    void longTeamAndProjectAreCutSoTheNameFitsEightyCharacters() {
        String team = "t".repeat(64);
        String project = "p".repeat(64);
        String name = UploadExecutionName.of(BUCKET, team + "/" + project + "/abc/manifest.json", "v1", null);

        assertThat(name).matches(VALID).hasSize(UploadExecutionName.MAX_LENGTH).startsWith("upload-" + team.substring(0, 48) + "-");
    }

    @Test
    void longNamesThatShareTheirReadablePartStayDistinct() {
        String folders = "t".repeat(64) + "/" + "p".repeat(64) + "/";

        assertThat(UploadExecutionName.of(BUCKET, folders + "commit1/manifest.json", "v1", null))
                .isNotEqualTo(UploadExecutionName.of(BUCKET, folders + "commit2/manifest.json", "v1", null));
    }

    @Test
    void manifestAtTheBucketRootIsNamedByItsHashAlone() {
        assertThat(UploadExecutionName.of(BUCKET, "manifest.json", "v1", null)).matches("upload-[0-9a-f]{24}");
    }

    @Test
    void uploadWithoutVersionIdOrEtagCannotBeNamed() {
        assertThat(UploadExecutionName.canName(null, null)).isFalse();
        assertThat(UploadExecutionName.canName("null", "")).isFalse();
        assertThatThrownBy(() -> UploadExecutionName.of(BUCKET, KEY, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://" + BUCKET + "/" + KEY)
                .hasMessageContaining("versionId and eTag are both missing");
    }

    private static String hashOf(String name) {
        return name.substring(name.length() - 24);
    }
}
