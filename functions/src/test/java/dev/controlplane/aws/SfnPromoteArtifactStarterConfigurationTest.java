package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration: no endpoint needed. */
class SfnPromoteArtifactStarterConfigurationTest {

    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:promote-artifact";

    @Test
    void missingStateMachineArnIsNamedAtConstruction() {
        assertThatThrownBy(() -> SfnPromoteArtifactStarter.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STATE_MACHINE_ARN is not set");
    }

    @Test
    void stateMachineArnOfAnotherKindIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SfnPromoteArtifactStarter.fromEnvironment(
                        Map.of("STATE_MACHINE_ARN", "arn:aws:lambda:eu-west-1:123456789012:function:x", "AWS_REGION", "eu-west-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STATE_MACHINE_ARN is 'arn:aws:lambda:eu-west-1:123456789012:function:x'")
                .hasMessageContaining("expected a state machine ARN");
    }

    @Test
    void missingRegionIsNamedAtConstruction() {
        assertThatThrownBy(() -> SfnPromoteArtifactStarter.fromEnvironment(Map.of("STATE_MACHINE_ARN", ARN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION is not set");
    }

    @Test
    void malformedEndpointIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SfnPromoteArtifactStarter.fromEnvironment(
                        Map.of("STATE_MACHINE_ARN", ARN, "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "not a url")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL is 'not a url'");
    }

    @Test
    void environmentWithEndpointBuildsAStarterForThatStateMachine() {
        try (SfnPromoteArtifactStarter starter = SfnPromoteArtifactStarter.fromEnvironment(
                Map.of("STATE_MACHINE_ARN", ARN + ":live", "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"))) {
            assertThat(starter.stateMachineArn()).isEqualTo(ARN + ":live");
        }
    }
}
