package dev.controlplane.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class UploadExecutionInputTest {

    private static final ManifestUpload UPLOAD =
            new ManifestUpload("inbox", "data-eng/churn/abc123/manifest.json", "v1", "5d41402abc4b2a76b9719d911017c592", 412L);

    @Test
    void inputCarriesTheUploadInAFixedOrder() {
        assertThat(UploadExecutionInput.encode(UPLOAD)).isEqualTo(
                "{\"bucket\":\"inbox\",\"key\":\"data-eng/churn/abc123/manifest.json\",\"versionId\":\"v1\","
                        + "\"etag\":\"5d41402abc4b2a76b9719d911017c592\",\"prefix\":\"data-eng/churn/abc123/\",\"size\":412}");
    }

    @Test
    void unversionedUploadHasANullVersionIdSoTheWorkflowCanReadTheField() throws Exception {
        var input = new ObjectMapper().readTree(
                UploadExecutionInput.encode(new ManifestUpload("inbox", "t/p/c/manifest.json", null, "e", 1L)));

        assertThat(input.has("versionId")).isTrue();
        assertThat(input.get("versionId").isNull()).isTrue();
    }

    @Test
    void whatIsWrittenIsReadBackAsTheSameUpload() {
        ManifestUpload unversioned = new ManifestUpload("inbox", "data eng/café/c/manifest.json", null, "\"e\"", null);

        assertThat(UploadExecutionInput.decode(UploadExecutionInput.encode(UPLOAD).getBytes(UTF_8), "input")).isEqualTo(UPLOAD);
        assertThat(UploadExecutionInput.decode(UploadExecutionInput.encode(unversioned).getBytes(UTF_8), "input"))
                .isEqualTo(unversioned);
    }

    @Test
    void inputWithoutABucketOrAManifestKeyIsRefusedNamingTheField() {
        assertThatThrownBy(() -> UploadExecutionInput.decode("{\"key\": \"t/p/c/manifest.json\"}".getBytes(UTF_8), "ValidateBuild input"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("ValidateBuild input: bucket is missing; expected the inbox bucket the build was uploaded to");
        assertThatThrownBy(() -> UploadExecutionInput.decode("{\"bucket\": \"inbox\", \"key\": \"t/p/c/score.py\"}".getBytes(UTF_8),
                        "ValidateBuild input"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("ValidateBuild input: key is 't/p/c/score.py'; expected the key of the uploaded");
    }

    @Test
    void documentThatIsNoJsonObjectIsRefused() {
        assertThatThrownBy(() -> UploadExecutionInput.decode("{not json".getBytes(UTF_8), "ValidateBuild input"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("ValidateBuild input: document is not valid JSON (");
        assertThatThrownBy(() -> UploadExecutionInput.decode("[]".getBytes(UTF_8), "ValidateBuild input"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("ValidateBuild input: document is not a JSON object");
    }
}
