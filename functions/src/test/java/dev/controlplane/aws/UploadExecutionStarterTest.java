package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.UploadExecutionInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

class UploadExecutionStarterTest {

    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:promote-artifact";
    private static final ManifestUpload UPLOAD =
            new ManifestUpload("inbox", "data-eng/churn/abc123/manifest.json", "v1", "5d41402abc4b2a76b9719d911017c592", 412L);

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
        UploadExecutionStarter starter = new UploadExecutionStarter(sfn, machine);

        UploadExecutionStarter.Result first = starter.start(UPLOAD);
        UploadExecutionStarter.Result second = starter.start(UPLOAD);

        assertThat(first.outcome()).isEqualTo(UploadExecutionStarter.Outcome.STARTED);
        assertThat(second.executionArn()).isEqualTo(first.executionArn());
        assertThat(executions(machine)).extracting(ExecutionListItem::name).containsExactly(UPLOAD.executionName());
        assertThat(sfn.describeExecution(r -> r.executionArn(first.executionArn())).input())
                .isEqualTo(UploadExecutionInput.encode(UPLOAD));
    }

    @Test
    void existingExecutionWithOtherInputCountsAsAlreadyStarted() {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        sfn.startExecution(r -> r.stateMachineArn(machine).name(UPLOAD.executionName()).input("{\"earlier\":true}"));
        UploadExecutionStarter starter = new UploadExecutionStarter(sfn, machine);

        UploadExecutionStarter.Result result = starter.start(UPLOAD);

        assertThat(result.outcome()).isEqualTo(UploadExecutionStarter.Outcome.ALREADY_STARTED);
        assertThat(result.executionArn()).isEqualTo(machine.replace(":stateMachine:", ":execution:") + ":" + UPLOAD.executionName());
        assertThat(executions(machine)).hasSize(1);
    }

    @Test
    void finishedExecutionCountsAsAlreadyStarted() {
        String machine = MotoEndpoint.createStateMachine(sfn, "promote-artifact-" + java.util.UUID.randomUUID());
        UploadExecutionStarter starter = new UploadExecutionStarter(sfn, machine);
        String arn = starter.start(UPLOAD).executionArn();
        sfn.stopExecution(r -> r.executionArn(arn));

        assertThat(starter.start(UPLOAD).outcome()).isEqualTo(UploadExecutionStarter.Outcome.ALREADY_STARTED);
        assertThat(executions(machine)).hasSize(1);
    }

    private static java.util.List<ExecutionListItem> executions(String machine) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
    }
}
