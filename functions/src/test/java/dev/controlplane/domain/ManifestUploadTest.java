package dev.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestUploadTest {

    @Test
    void prefixIsTheBuildFolderWithItsTrailingSlash() {
        ManifestUpload upload = new ManifestUpload("inbox", "data-eng/churn/abc123/manifest.json", "v1", "e", 412L);

        assertThat(upload.prefix()).isEqualTo("data-eng/churn/abc123/");
    }

    @Test
    void onlyAFileNamedExactlyManifestJsonIsAManifest() {
        assertThat(ManifestUpload.isManifestKey("data-eng/churn/abc/manifest.json")).isTrue();
        assertThat(ManifestUpload.isManifestKey("manifest.json")).isTrue();
        assertThat(ManifestUpload.isManifestKey("data-eng/churn/abc/old-manifest.json")).isFalse();
        assertThat(ManifestUpload.isManifestKey("data-eng/churn/abc/score.py")).isFalse();
        assertThat(ManifestUpload.isManifestKey("data-eng/churn/abc/manifest.json/")).isFalse();
        assertThat(ManifestUpload.isManifestKey(null)).isFalse();
    }

    @Test
    void uploadOfAnotherFileIsRefusedNamingTheObject() {
        assertThatThrownBy(() -> new ManifestUpload("inbox", "data-eng/churn/abc/score.py", "v1", "e", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://inbox/data-eng/churn/abc/score.py")
                .hasMessageContaining("expected {team}/{project}/{commit}/manifest.json");
    }
}
