package dev.controlplane.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * moto's server on a free loopback port with a Step Functions client for it, for the upload tests;
 * skips the calling test (with the reason) when python3 or moto[server] is missing.
 */
public final class MotoForUploads implements AutoCloseable {

    public static final Region REGION = Region.EU_WEST_1;
    // moto accepts any role; it does not run IAM checks.
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/promote-artifact";
    private static final String PASS_DEFINITION = "{\"StartAt\":\"Validate\",\"States\":{\"Validate\":{\"Type\":\"Pass\",\"End\":true}}}";

    private final Process process;
    private final URI endpoint;

    private MotoForUploads(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoForUploads startOrSkip() throws IOException, InterruptedException {
        assumeTrue(motoInstalled(), "python3 with moto[server] is not installed: `python3 -m moto.server` is needed for these tests");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-uploads-" + port + ".log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new MotoForUploads(process, URI.create("http://127.0.0.1:" + port));
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        assumeTrue(false, "moto server did not start on port " + port + " within 20 s");
        throw new IllegalStateException("unreachable");
    }

    private static boolean motoInstalled() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(OutputStream.nullOutputStream());
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for moto with dummy credentials; the caller closes it. */
    public SfnClient sfnClient() {
        return SfnClient.builder()
                .region(REGION)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A fresh STANDARD state machine with one Pass state; its ARN. */
    public String createStateMachine(SfnClient sfn) {
        return sfn.createStateMachine(request -> request
                        .name("promote-artifact-" + UUID.randomUUID())
                        .definition(PASS_DEFINITION)
                        .roleArn(ROLE_ARN))
                .stateMachineArn();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
