package dev.controlplane.aws;

import dev.controlplane.domain.registry.ExecutionState;
import dev.controlplane.domain.registry.ExecutionStates;
import java.util.Objects;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** An execution's status from Step Functions' DescribeExecution; one that does not exist is {@link ExecutionState#GONE}. */
public final class SfnExecutionStates implements ExecutionStates {

    private final SfnClient sfn;

    public SfnExecutionStates(SfnClient sfn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
    }

    @Override
    public ExecutionState of(String executionArn) {
        ExecutionStatus status;
        try {
            status = sfn.describeExecution(request -> request.executionArn(executionArn)).status();
        } catch (ExecutionDoesNotExistException gone) {
            return ExecutionState.GONE;
        }
        return switch (status) {
            case SUCCEEDED -> ExecutionState.SUCCEEDED;
            case FAILED -> ExecutionState.FAILED;
            case TIMED_OUT -> ExecutionState.TIMED_OUT;
            case ABORTED -> ExecutionState.ABORTED;
            case PENDING_REDRIVE -> ExecutionState.PENDING_REDRIVE;
            // RUNNING, and a status this SDK does not know yet: never released on a guess
            default -> ExecutionState.RUNNING;
        };
    }
}
