package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.config.PlatformConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LaunchPrimingTest {

    @RegisterExtension
    final CapturedStdout printed = new CapturedStdout();

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
    void aDatasetsTablesAreClonedThroughTheStatementApiOnTheInMemoryWarehouse() {
        assertThat(LaunchPriming.cloneTables(CONFIG)).get().asString()
                .contains("\"dataset\":\"sales-orders\"", "\"cloned\":2", "\"failed\":0",
                        "\"statementId\":\"snapstart-priming\"", "\"state\":\"SUCCEEDED\"",
                        "CREATE OR REPLACE TABLE staging.sales.orders DEEP CLONE prod.sales.orders");
    }

    @Test
    void cloneTablesHookPrimesWithoutItsOwnWorkspaceAndLogsNothing() throws Exception {
        // the handler's own workspace is a closed port: had priming used it, a statement would fail
        SnapStartHook hook = new CloneTablesHandler(Map.of(PlatformConfig.CONFIG_DIR_VARIABLE, "../config",
                CloneTablesHandler.HOST, "http://127.0.0.1:1", CloneTablesHandler.WAREHOUSE, "warehouse",
                CloneTablesHandler.TOKEN, "dapi-unused")).priming();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void everyTeamsPolicyIsSyncedOnTheInMemoryWorkspace() {
        String answer = LaunchPriming.syncPolicies(CONFIG, "dev");

        assertThat(answer).contains("\"environment\":\"dev\"", "\"outcome\":\"CREATED\"",
                "\"policyId\":\"snapstart-priming\"", "\"drift\":[]");
        assertThat(LaunchPriming.syncPolicies(CONFIG, "no-such-environment")).contains("\"policies\":[]");
    }

    @Test
    void syncPoliciesHookPrimesWithoutReadingASecretAndLogsNothing() throws Exception {
        // no token secret can be read (no endpoint is reachable): had priming used the handler's workspaces, it would fail
        SnapStartHook hook = new SyncPoliciesHandler(Map.of(PlatformConfig.CONFIG_DIR_VARIABLE, "../config",
                "CONTROLPLANE_ENVIRONMENT", "dev", "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b")).priming();

        assertThat(hook.registered()).as("registered only for a SnapStart initialisation").isFalse();
        hook.beforeCheckpoint(null);

        assertThat(printed.text()).isEmpty();
    }

    @Test
    void aConfigWithoutTablesHasNoCloneToPrime() {
        assertThat(LaunchPriming.cloneTables(new PlatformConfig(CONFIG.environments(), CONFIG.teams()))).isEmpty();
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
