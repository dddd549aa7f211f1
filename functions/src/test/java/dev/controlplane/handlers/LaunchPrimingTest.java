package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.config.PlatformConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchPrimingTest {

    private static final PlatformConfig CONFIG = PlatformConfig.load(Path.of("../config"));

    @Test
    void aLaunchGoesThroughSubmitPollAndCancelOnTheInMemoryWorkspace() {
        List<String> answers = LaunchPriming.prime(CONFIG, "dev");

        assertThat(answers).hasSize(3);
        assertThat(answers.get(0)).as("SubmitRun: the team's policy created, the run submitted")
                .contains("\"runId\":1", "\"policyId\":\"snapstart-priming\"", "\"policySync\":\"CREATED\"");
        assertThat(answers.get(1)).as("PollRun: the run ended, its error read from the task run's output")
                .contains("\"life_cycle_state\":\"TERMINATED\"", "\"result_state\":\"FAILED\"", "\"error\":\"snapstart-priming\"");
        assertThat(answers.get(2)).as("CancelRun").contains("\"run_id\":1", "\"cancel_requested\":true");
    }

    @Test
    void anEnvironmentWhereNoTeamLaunchesHasNothingToPrime() {
        assertThat(LaunchPriming.prime(CONFIG, "no-such-environment")).isEmpty();
    }

    @Test
    void theHookIsRegisteredOnlyForASnapStartInitialisation() {
        assertThat(SnapStartHook.register(() -> LaunchPriming.prime(CONFIG, "dev"), "on-demand").registered()).isFalse();
    }
}
