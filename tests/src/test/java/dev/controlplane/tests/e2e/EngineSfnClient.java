package dev.controlplane.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The one Step Functions call the triggering functions make (StartExecution), answered by the engine in-process,
 * with the SDK's exceptions for the engine's refusals: the handlers under test run unchanged.
 */
final class EngineSfnClient implements SfnClient {

    private final Engine engine;

    EngineSfnClient(Engine engine) {
        this.engine = engine;
    }

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        JsonNode input = request.input() == null ? null : Json.parse(request.input());
        try {
            Execution execution = engine.startExecution(request.stateMachineArn(), request.name(), input);
            return StartExecutionResponse.builder()
                    .executionArn(execution.arn())
                    .startDate(execution.startDate())
                    .build();
        } catch (EngineException e) {
            AwsErrorDetails details = AwsErrorDetails.builder().errorCode(e.errorCode()).errorMessage(e.getMessage()).build();
            throw switch (e.errorCode()) {
                case "ExecutionAlreadyExists" -> ExecutionAlreadyExistsException.builder().awsErrorDetails(details).statusCode(400).build();
                case "StateMachineDoesNotExist" -> StateMachineDoesNotExistException.builder().awsErrorDetails(details).statusCode(400).build();
                case "InvalidExecutionInput" -> InvalidExecutionInputException.builder().awsErrorDetails(details).statusCode(400).build();
                default -> SfnException.builder().awsErrorDetails(details).statusCode(400).build();
            };
        }
    }

    @Override
    public StartExecutionResponse startExecution(Consumer<StartExecutionRequest.Builder> request) {
        return startExecution(StartExecutionRequest.builder().applyMutation(request).build());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
