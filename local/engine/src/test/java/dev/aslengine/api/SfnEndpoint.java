package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.runtime.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** An engine with in-process Lambda functions, its Step Functions API server, and the real AWS SDK client pointed at it. */
final class SfnEndpoint implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::123456789012:role/StatesExecutionRole";

    final LambdaFunctions functions = new LambdaFunctions("us-east-1", "123456789012", new PrintStream(new ByteArrayOutputStream(), true));
    final Engine engine;
    final StepFunctionsApiServer server;
    final SfnClient sfn;

    SfnEndpoint() {
        // GetActivityTask answers "no task" after 2 s here rather than AWS's 60 s
        this(Engine.builder().timeScale(0).activityPollTimeout(java.time.Duration.ofSeconds(2)));
    }

    /** An engine built as {@code engine} says, with this endpoint's functions. */
    SfnEndpoint(Engine.Builder builder) {
        this.engine = builder.integration(functions).build();
        server = StepFunctionsApiServer.start(engine);
        sfn = SfnClient.builder()
                .endpointOverride(server.url())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                // TestState and StartSyncExecution go to the host sync-<endpoint> in AWS; an IP endpoint has no such host
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** Registers a Lambda function answering with {@code body} applied to its payload. */
    SfnEndpoint function(String name, Function<JsonNode, JsonNode> body) {
        RequestStreamHandler handler = (in, out, context) -> Json.MAPPER.writeValue(out, body.apply(Json.MAPPER.readTree(in)));
        functions.register(name, handler);
        return this;
    }

    static String lambdaArn(String function) {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + function;
    }

    /** Creates a state machine through the API and returns its ARN. */
    String create(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** Waits for the execution to end in the engine; fails the test if it still runs after 30 seconds. */
    void awaitEnd(String executionArn) {
        try {
            assertThat(engine.execution(executionArn).await(30, TimeUnit.SECONDS)).as("execution ended").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        sfn.close();
        server.close();
        engine.close();
    }
}
