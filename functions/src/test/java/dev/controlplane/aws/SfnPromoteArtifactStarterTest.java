package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.PromoteArtifactStarter.StartedExecution;
import dev.controlplane.domain.UploadExecutionInput;
import dev.testsupport.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The one starter of promote-artifact against moto's Step Functions (or the configured endpoint). */
@IntegrationTest
class SfnPromoteArtifactStarterTest {

    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:promote-artifact";
    private static final ManifestUpload UPLOAD =
            new ManifestUpload("inbox", "data-eng/churn/abc123/manifest.json", "v1", "5d41402abc4b2a76b9719d911017c592", 412L);
    private static final String NAME = UPLOAD.executionName();
    private static final String INPUT = UploadExecutionInput.encode(UPLOAD);

    private static MotoEndpoint moto;
    private static SfnClient sfn;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoEndpoint.startOrSkip();
        sfn = moto.sfn();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (sfn != null) sfn.close();
        if (moto != null) moto.close();
    }

    @Test
    void firstStartStartsAndTheSecondFindsTheRunningExecution() {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        SfnPromoteArtifactStarter starter = new SfnPromoteArtifactStarter(sfn, machine);

        StartedExecution first = starter.start(NAME, INPUT);
        StartedExecution second = starter.start(NAME, INPUT);

        assertThat(first.alreadyStarted()).isFalse();
        assertThat(second.alreadyStarted()).as("same name, same input: the running execution").isFalse();
        assertThat(second.executionArn()).isEqualTo(first.executionArn());
        assertThat(executions(machine)).extracting(ExecutionListItem::name).containsExactly(NAME);
        assertThat(sfn.describeExecution(r -> r.executionArn(first.executionArn())).input())
                .isEqualTo(INPUT);
    }

    @Test
    void existingExecutionWithOtherInputCountsAsAlreadyStarted() {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        sfn.startExecution(r -> r.stateMachineArn(machine).name(NAME).input("{\"earlier\":true}"));
        SfnPromoteArtifactStarter starter = new SfnPromoteArtifactStarter(sfn, machine);

        StartedExecution result = starter.start(NAME, INPUT);

        assertThat(result.alreadyStarted()).isTrue();
        assertThat(result.executionArn()).isEqualTo(machine.replace(":stateMachine:", ":execution:") + ":" + NAME);
        assertThat(executions(machine)).hasSize(1);
    }

    @Test
    void finishedExecutionCountsAsAlreadyStarted() {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        SfnPromoteArtifactStarter starter = new SfnPromoteArtifactStarter(sfn, machine);
        String arn = starter.start(NAME, INPUT).executionArn();
        sfn.stopExecution(r -> r.executionArn(arn));

        assertThat(starter.start(NAME, INPUT).alreadyStarted()).isTrue();
        assertThat(executions(machine)).hasSize(1);
    }

    private static java.util.List<ExecutionListItem> executions(String machine) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
    }
}
