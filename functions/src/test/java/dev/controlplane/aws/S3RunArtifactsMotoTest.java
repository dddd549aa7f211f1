package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.launch.PublishedVersion;
import dev.testsupport.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** What ResolveRun reads, from the index in its own environment's bucket only. */
@IntegrationTest
class S3RunArtifactsMotoTest {

    private static final String CHURN = "data-eng/churn/churn";

    @RegisterExtension
    static final MotoS3 MOTO = new MotoS3();

    private final S3Client s3 = MOTO.s3();

    @Test
    void latestAndVersionsComeFromTheEnvironmentsOwnBucket() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String dev = "artifacts-dev-" + suffix;
        String prod = "artifacts-prod-" + suffix;
        ArtifactsMoto.createVersionedBucket(s3, dev);
        ArtifactsMoto.createVersionedBucket(s3, prod);
        S3ArtifactIndex index = new S3ArtifactIndex(s3);
        index.putVersion(prod, S3ArtifactIndexMotoTest.record("1.4.0", "9f2c"));
        index.replaceLatest(prod, S3ArtifactIndexMotoTest.latest("1.4.0"), null);
        index.putVersion(dev, S3ArtifactIndexMotoTest.record("1.5.0", "9f2c"));
        index.replaceLatest(dev, S3ArtifactIndexMotoTest.latest("1.5.0"), null);

        S3RunArtifacts inProd = new S3RunArtifacts(index, prod, "prod");

        assertThat(inProd.environment()).isEqualTo("prod");
        assertThat(inProd.latest(CHURN)).contains("1.4.0");
        assertThat(inProd.version(CHURN, "1.4.0")).contains(new PublishedVersion(CHURN, "1.4.0",
                List.of(CHURN + "/churn-1.4.0.py", CHURN + "/churn-1.4.0-py3-none-any.whl")));
        assertThat(inProd.version(CHURN, "1.5.0")).as("published in dev only").isEmpty();
        assertThat(inProd.latest("data-eng/churn/score")).isEmpty();
    }
}
