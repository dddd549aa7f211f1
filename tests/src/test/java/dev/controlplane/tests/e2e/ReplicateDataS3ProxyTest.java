package dev.controlplane.tests.e2e;

import dev.testsupport.EndToEndTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** replicate-data against S3Proxy embedded in the test's JVM (filesystem blob store). */
@EndToEndTest
class ReplicateDataS3ProxyTest extends ReplicateDataScenarios {

    private static ReplicationS3Proxy s3;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        Path folder = Files.createTempDirectory("replicate-s3proxy");
        s3 = ReplicationS3Proxy.start(folder);
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    URI endpoint() {
        return s3.endpoint();
    }
}
