package dev.controlplane.aws;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test class's moto server and its S3 client, started before the class's first test and stopped after its last
 * (the class is skipped where moto cannot run, as {@link MotoEndpoint#startOrSkip()} says). Register it with
 * {@code @RegisterExtension static final MotoS3 MOTO = new MotoS3();}.
 */
public final class MotoS3 implements BeforeAllCallback, AfterAllCallback {

    private MotoEndpoint endpoint;
    private S3Client s3;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        endpoint = MotoEndpoint.startOrSkip();
        s3 = ArtifactsMoto.s3(endpoint);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    public MotoEndpoint endpoint() {
        return endpoint;
    }

    public S3Client s3() {
        return s3;
    }
}
