package dev.controlplane.domain.registry;

/** Looks up how a workflow execution stands (Step Functions' DescribeExecution). */
public interface ExecutionStates {

    /** {@link ExecutionState#GONE} when no such execution exists (lost, or past Step Functions' retention). */
    ExecutionState of(String executionArn);
}
