package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testsupport.ForeignHost;
import dev.testsupport.IntegrationTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy's own port, which has no Host check of its own: what a web page finds there after rebinding its DNS name to
 * 127.0.0.1 (it knows the port, by trying them). Nothing: S3Proxy serves only under a random path the AWS endpoint
 * forwards to.
 */
@IntegrationTest
class S3ServiceTest {

    @TempDir
    Path data;

    @Test
    void s3ProxysOwnPortServesNothingButUnderThePathOnlyTheAwsEndpointKnows() throws Exception {
        try (S3Service server = S3Service.start(data.resolve("s3"));
                AwsGateway gateway = AwsGateway.start(0, Map.of("s3", server.url()), write -> {});
                S3Client s3 = S3NotificationsTest.client(gateway.url())) {
            server.ensureBucket("plain", false);
            s3.putObject(p -> p.bucket("plain").key("secret.txt"), RequestBody.fromString("the payroll"));
            int port = server.url().getPort();

            assertThat(ForeignHost.get(port, "rebound.example:" + port, "/plain/secret.txt"))
                    .startsWith("HTTP/1.1 404").doesNotContain("the payroll");
            assertThat(ForeignHost.get(port, "rebound.example:" + port, "/")).startsWith("HTTP/1.1 404").doesNotContain("plain");
            assertThat(server.url().getPath()).as("a random path of 32 hex digits").matches("/[0-9a-f]{32}");
            // the path is the key: the AWS endpoint's requests, and only they, carry it
            assertThat(ForeignHost.get(port, "127.0.0.1:" + port, server.url().getPath() + "/plain/secret.txt"))
                    .startsWith("HTTP/1.1 200").contains("the payroll");
            assertThat(s3.getObjectAsBytes(g -> g.bucket("plain").key("secret.txt")).asUtf8String()).isEqualTo("the payroll");
        }
    }
}
