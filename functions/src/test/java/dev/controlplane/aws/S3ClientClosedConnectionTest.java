package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testsupport.IntegrationTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A server may close a kept-alive connection at any moment after a response (S3 does, after an idle while): the
 * functions' client must send its next request again on a new connection, a PUT included, and not fail the upload.
 */
@IntegrationTest
class S3ClientClosedConnectionTest {

    @Test
    void aPutOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        List<String> received = new ArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread serving = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!server.isClosed()) {
                        try (Socket socket = server.accept()) {
                            int connection = connections.incrementAndGet();
                            InputStream in = new BufferedInputStream(socket.getInputStream());
                            OutputStream out = socket.getOutputStream();
                            String request;
                            while ((request = readRequest(in, out)) != null) {
                                synchronized (received) {
                                    received.add(connection + " " + request);
                                }
                                out.write(("HTTP/1.1 200 OK\r\nETag: \"e" + received.size()
                                        + "\"\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                // the first connection is closed right after its answer, without Connection: close
                                if (connection == 1) break;
                            }
                        }
                    }
                } catch (IOException closed) {
                    // the server socket was closed by the test
                }
            });
            Map<String, String> environment = Map.of("AWS_REGION", "eu-west-1",
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getLocalPort(),
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
            try (S3Client s3 = S3ArtifactStore.client(environment)) {
                s3.putObject(p -> p.bucket("b").key("first"), RequestBody.fromString("one"));
                Thread.sleep(200); // the server has closed the connection the client keeps
                s3.putObject(p -> p.bucket("b").key("second"), RequestBody.fromString("two"));
            } finally {
                server.close();
                serving.join(5_000);
            }
        }
        assertThat(received).contains("1 PUT /b/first").last().asString().endsWith("PUT /b/second");
        assertThat(connections.get()).isGreaterThanOrEqualTo(2);
    }

    /** Reads one request (answering Expect: 100-continue) and returns its request line's method and path, or null at EOF. */
    private static String readRequest(InputStream in, OutputStream out) throws IOException {
        String line = readLine(in);
        if (line == null || line.isEmpty()) return null;
        String[] parts = line.split(" ");
        long length = 0;
        boolean expectContinue = false;
        for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).strip());
            if (lower.startsWith("expect:") && lower.contains("100-continue")) expectContinue = true;
        }
        if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        in.readNBytes((int) length);
        String path = parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
        return parts[0] + " " + path;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
