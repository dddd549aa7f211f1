package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An aws-chunked PUT (the SDK's default for PutObject) through up's AWS endpoint stores its bytes only when its
 * checksum trailer matches them, as S3 refuses a body whose checksum does not: a body read whole (up to 8 MiB) and a
 * body streamed to S3Proxy (above it) alike. A refused one leaves nothing behind, not even a first version.
 */
@IntegrationTest
class AwsChunkedBodyTest {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1000, 9 * 1024 * 1024 + 17})
    void aBodyWhoseTrailerDoesNotMatchIsRefusedAndNothingIsStored(int size) throws Exception {
        try (S3Service server = S3Service.start(data.resolve("s3"));
             AwsGateway gateway = AwsGateway.start(0, Map.of("s3", server.url()), write -> {});
             S3Client s3 = S3NotificationsTest.client(gateway.url())) {
            server.ensureBucket("landing", true);
            byte[] bytes = bytes(size);

            HttpResponse<String> refused = put(gateway.url(), "landing", "bad.bin", bytes, crc32(new byte[] {1}));

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("<Code>BadDigest</Code>");
            assertThatThrownBy(() -> s3.headObject(h -> h.bucket("landing").key("bad.bin")))
                    .as("nothing stored under the key").isInstanceOf(NoSuchKeyException.class);
            assertThat(s3.listObjectVersions(l -> l.bucket("landing")).versions()).as("no version either").isEmpty();

            HttpResponse<String> stored = put(gateway.url(), "landing", "good.bin", bytes, crc32(bytes));

            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(s3.getObjectAsBytes(g -> g.bucket("landing").key("good.bin")).asByteArray()).isEqualTo(bytes);
        }
    }

    /** A PUT as the SDK sends it unsigned: aws-chunked, 64 KiB chunks, a CRC32 trailer. */
    private static HttpResponse<String> put(URI endpoint, String bucket, String key, byte[] bytes, String checksum)
            throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += CHUNK) {
            int n = Math.min(CHUNK, bytes.length - at);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(bytes, at, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("0\r\nx-amz-checksum-crc32:" + checksum + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "/" + key))
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", Integer.toString(bytes.length))
                .header("x-amz-trailer", "x-amz-checksum-crc32")
                .header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 7);
        }
        return bytes;
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long value = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }
}
