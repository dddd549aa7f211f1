package dev.controlplane.domain.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // GitHub's documented test vector (docs: "Validating webhook deliveries").
    private static final byte[] DOCS_SECRET = "It's a Secret to Everybody".getBytes(UTF_8);
    private static final byte[] DOCS_PAYLOAD = "Hello, World!".getBytes(UTF_8);
    private static final String DOCS_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsDocumentedTestVectorVerifies() {
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE).valid()).isTrue();
    }

    @Test
    void signProducesGithubsDocumentedSignature() {
        assertThat(WebhookSignature.sign(DOCS_SECRET, DOCS_PAYLOAD)).isEqualTo(DOCS_SIGNATURE);
    }

    @Test
    void upperCaseHexIsAccepted() {
        String upper = "sha256=" + DOCS_SIGNATURE.substring("sha256=".length()).toUpperCase();
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, upper).valid()).isTrue();
    }

    @Test
    void signatureMadeWithAnotherSecretIsAMismatch() {
        WebhookSignature.Verdict verdict = WebhookSignature.verify("another secret".getBytes(UTF_8), DOCS_PAYLOAD,
                DOCS_SIGNATURE);
        assertThat(verdict.status()).isEqualTo(WebhookSignature.Status.MISMATCH);
        assertThat(verdict.problem()).contains("X-Hub-Signature-256", "does not match the body", "secret");
    }

    @Test
    void tamperedBodyIsAMismatch() {
        WebhookSignature.Verdict verdict = WebhookSignature.verify(DOCS_SECRET, "Hello, World?".getBytes(UTF_8),
                DOCS_SIGNATURE);
        assertThat(verdict.status()).isEqualTo(WebhookSignature.Status.MISMATCH);
    }

    @Test
    void signatureWithoutThePrefixIsMalformed() {
        String bare = DOCS_SIGNATURE.substring("sha256=".length());
        WebhookSignature.Verdict verdict = WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, bare);
        assertThat(verdict.status()).isEqualTo(WebhookSignature.Status.MALFORMED);
        assertThat(verdict.problem()).contains("does not start with 'sha256='");
    }

    @Test
    void legacySha1SignatureIsMalformed() {
        WebhookSignature.Verdict verdict = WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD,
                "sha1=" + "0".repeat(40));
        assertThat(verdict.status()).isEqualTo(WebhookSignature.Status.MALFORMED);
    }

    @Test
    void truncatedOrNonHexSignatureIsMalformed() {
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE.substring(0, 70)).status())
                .isEqualTo(WebhookSignature.Status.MALFORMED);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, "sha256=" + "g".repeat(64)).status())
                .isEqualTo(WebhookSignature.Status.MALFORMED);
    }

    @Test
    void missingSignatureIsReportedAsMissing() {
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, null).status())
                .isEqualTo(WebhookSignature.Status.MISSING);
        assertThat(WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, "  ").problem())
                .contains("X-Hub-Signature-256 is missing");
    }

    @Test
    void problemsNeverQuoteTheSignatureOrTheSecret() {
        String wrong = "sha256=" + "ab".repeat(32);
        String problem = WebhookSignature.verify(DOCS_SECRET, DOCS_PAYLOAD, wrong).problem();
        assertThat(problem).doesNotContain("ab".repeat(32)).doesNotContain("Secret to Everybody");
    }

    @Test
    void emptySecretIsAConfigurationError() {
        assertThatThrownBy(() -> WebhookSignature.verify(new byte[0], DOCS_PAYLOAD, DOCS_SIGNATURE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("webhook secret is empty");
    }
}
