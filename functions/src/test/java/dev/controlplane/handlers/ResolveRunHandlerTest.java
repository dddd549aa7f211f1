package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.controlplane.domain.launch.LaunchFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResolveRun reads the index of the bucket promote-artifact publishes into, or refuses to start. */
class ResolveRunHandlerTest {

    @TempDir
    Path dir;

    private Map<String, String> environment(String name, String bucket) {
        Map<String, String> environment = new HashMap<>(Map.of("AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "CONTROLPLANE_ENVIRONMENT", name,
                "CONTROLPLANE_CONFIG_DIR", LaunchFixtures.writeConfig(dir, "https://dbc-dev.cloud.databricks.com",
                        LaunchFixtures.POLICY).toString()));
        if (bucket != null) {
            environment.put("ARTIFACTS_BUCKET", bucket);
        }
        return environment;
    }

    @Test
    void withoutArtifactsBucketItRefusesToStartNamingTheBucketExpected() {
        assertThatThrownBy(() -> new ResolveRunHandler(environment("prod", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable ARTIFACTS_BUCKET is not set; expected this environment's artifacts"
                        + " bucket, acme-prod-artifacts");
    }

    @Test
    void aBucketOtherThanTheConfigsIsRefused() {
        assertThatThrownBy(() -> new ResolveRunHandler(environment("prod", "controlplane-artifacts-prod-333333333333-us-east-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("environment variable ARTIFACTS_BUCKET is 'controlplane-artifacts-prod-333333333333-us-east-1',"
                        + " but config/environments.json gives prod the artifacts bucket 'acme-prod-artifacts'; expected the same bucket");
    }

    @Test
    void anEnvironmentTheConfigDoesNotNameIsRefused() {
        assertThatThrownBy(() -> new ResolveRunHandler(environment("qa", "acme-qa-artifacts")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable CONTROLPLANE_ENVIRONMENT is 'qa', which config/environments.json does not name");
    }
}
