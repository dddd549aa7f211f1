package dev.controlplane.domain.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishedContentTypeTest {

    @Test
    void specificSourceContentTypeIsKept() {
        assertThat(PublishedContentType.choose("a/b/c/c-1.0.0.py", "text/plain; charset=utf-8"))
                .isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void missingOrGenericSourceContentTypeFollowsTheFileKind() {
        assertThat(PublishedContentType.choose("a/b/c/c-1.0.0.py", null)).isEqualTo("text/x-python");
        assertThat(PublishedContentType.choose("a/b/c/c-1.0.0-py3-none-any.whl", "binary/octet-stream"))
                .isEqualTo("application/zip");
        assertThat(PublishedContentType.choose("a/b/c/c-1.0.0-py3-none-any.WHL", "application/octet-stream"))
                .isEqualTo("application/zip");
        assertThat(PublishedContentType.choose("a/b/c/notes.txt", " ")).isEqualTo("application/octet-stream");
    }
}
