package dev.controlplane.aws;

import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.WorkflowAction;
import dev.controlplane.domain.github.WorkflowStarter;
import java.util.Objects;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts the promote-artifact state machine for a webhook action, named after the signed payload
 * ({@link DeliveryIdentity#executionName()}) so a second start of the same body finds the first execution.
 */
public final class WebhookExecutionStarter implements WorkflowStarter {

    private final SfnClient client;
    private final String stateMachineArn;

    public WebhookExecutionStarter(SfnClient client, String stateMachineArn) {
        this.client = Objects.requireNonNull(client, "client");
        if (stateMachineArn == null || !stateMachineArn.startsWith("arn:") || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("state machine ARN is '" + stateMachineArn + "'; expected the ARN of the"
                    + " promote-artifact state machine, arn:...:states:...:stateMachine:name (env STATE_MACHINE_ARN)");
        }
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public StartedExecution start(WorkflowAction action, DeliveryIdentity delivery) {
        String name = delivery.executionName();
        String input = LeanJson.write(action.executionInput(delivery.deliveryId()));
        try {
            StartExecutionResponse response = client.startExecution(request -> request
                    .stateMachineArn(stateMachineArn)
                    .name(name)
                    .input(input));
            return new StartedExecution(name, response.executionArn(), false);
        } catch (ExecutionAlreadyExistsException e) {
            // Same name: this payload was started before (under another delivery id, or closed).
            return new StartedExecution(name, executionArn(name), true);
        }
    }

    /** An execution's ARN is its state machine's with {@code :execution:} and the name appended. */
    private String executionArn(String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }
}
