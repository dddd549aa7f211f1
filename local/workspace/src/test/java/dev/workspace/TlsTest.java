package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@IntegrationTest
class TlsTest {
    private static final char[] PASSWORD = "workspace-test".toCharArray();

    @TempDir
    Path folder;

    @Test
    void aWorkspaceGivenAKeyServesHttpsAndSaysSoInItsUrl() throws Exception {
        KeyStore keys = selfSignedFor127001();
        SSLContext server = serverContext(keys);
        try (LocalWorkspace workspace = Sdk.workspace(options -> options.withTls(server))) {
            assertThat(workspace.url()).startsWith("https://127.0.0.1:");
            HttpClient trusting = HttpClient.newBuilder().sslContext(clientTrusting(keys)).build();

            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(
                    URI.create(workspace.url() + "/api/2.0/preview/scim/v2/Me"))
                    .header("Authorization", "Bearer " + Sdk.TOKEN).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"userName\":\"" + Sdk.USER + "\"");
            // and it is TLS: a client that does not trust the certificate is refused at the handshake
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(workspace.url() + "/.well-known/databricks-config")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void withoutAKeyItServesHttp() {
        try (LocalWorkspace workspace = Sdk.workspace()) {
            assertThat(workspace.url()).startsWith("http://127.0.0.1:");
        }
    }

    /** A key and a certificate for 127.0.0.1, made by the JDK's keytool. */
    private KeyStore selfSignedFor127001() throws Exception {
        Path store = folder.resolve("workspace.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "workspace", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(said).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientTrusting(KeyStore keys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
