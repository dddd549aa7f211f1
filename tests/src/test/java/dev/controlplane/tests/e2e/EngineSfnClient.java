package dev.controlplane.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.controlplane.local.EnforcedAws;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The Step Functions calls the functions make (StartExecution, DescribeExecution), answered by the engine in-process,
 * with the SDK's exceptions for the engine's refusals: the handlers under test run unchanged. Made {@link #as} a
 * function of the stack, the call is first authorized with that function's role, as the AWS endpoint of up does.
 */
final class EngineSfnClient implements SfnClient {

    private final Engine engine;
    private final EnforcedAws aws;
    private final String caller;

    EngineSfnClient(Engine engine, EnforcedAws aws) {
        this(engine, aws, null);
    }

    private EngineSfnClient(Engine engine, EnforcedAws aws, String caller) {
        this.engine = engine;
        this.aws = aws;
        this.caller = caller;
    }

    /** This client as the function of this logical id calls (with its role). */
    EngineSfnClient as(String functionLogicalId) {
        return new EngineSfnClient(engine, aws, functionLogicalId);
    }

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        String denial = caller == null ? null : aws.denied(caller, "states:StartExecution", request.stateMachineArn());
        if (denial != null) {
            throw SfnException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("AccessDeniedException").errorMessage(denial).build()).build();
        }
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
    public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
        String denial = caller == null ? null : aws.denied(caller, "states:DescribeExecution", request.executionArn());
        if (denial != null) {
            throw SfnException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("AccessDeniedException").errorMessage(denial).build()).build();
        }
        try {
            Execution execution = engine.execution(request.executionArn());
            return DescribeExecutionResponse.builder().executionArn(execution.arn())
                    .status(execution.status().name()).startDate(execution.startDate()).build();
        } catch (EngineException e) {
            throw ExecutionDoesNotExistException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode(e.errorCode()).errorMessage(e.getMessage()).build()).build();
        }
    }

    @Override
    public DescribeExecutionResponse describeExecution(Consumer<DescribeExecutionRequest.Builder> request) {
        return describeExecution(DescribeExecutionRequest.builder().applyMutation(request).build());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
