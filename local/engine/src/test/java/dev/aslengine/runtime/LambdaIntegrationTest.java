package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static dev.aslengine.runtime.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.lambda.LambdaFunctions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LambdaIntegrationTest {
    private final Machines m = new Machines();

    @AfterEach
    void close() {
        m.close();
    }

    private static String invoke(String functionName) {
        return """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "%s", "Payload.$": "$"}, "End": true}}}
            """.formatted(functionName);
    }

    private static String plain(String function) {
        return """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(arn(function));
    }

    @Test
    void lambdaInvokeWrapsThePayloadWithStatusCodeAndExecutedVersion() {
        m.function("greet", p -> Json.object().put("hello", p.get("name").asText()));
        Execution e = m.run(invoke("greet"), "{\"name\": \"Ada\"}");
        assertThat(e.output().get("Payload")).isEqualTo(json("{\"hello\": \"Ada\"}"));
        assertThat(e.output().get("StatusCode").asInt()).isEqualTo(200);
        assertThat(e.output().get("ExecutedVersion").asText()).isEqualTo("$LATEST");
    }

    @Test
    void lambdaInvokeAcceptsAFunctionArnAsFunctionName() {
        m.function("greet", p -> Json.NODES.textNode("hi"));
        assertThat(m.run(invoke(arn("greet") + ":$LATEST"), "{}").output().get("Payload").asText()).isEqualTo("hi");
    }

    @Test
    void aPlainFunctionArnGivesThePayloadItself() {
        m.function("greet", p -> Json.object().put("hello", p.get("name").asText()));
        assertThat(m.run(plain("greet"), "{\"name\": \"Ada\"}").output()).isEqualTo(json("{\"hello\": \"Ada\"}"));
    }

    @Test
    void aTypedRequestHandlerGetsItsInputConvertedAndItsResultSerialized() {
        m.functions.register("typed", new RequestHandler<Map<String, Object>, Map<String, Object>>() {
            @Override
            public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                return Map.of("count", ((Number) input.get("count")).intValue() + 1, "fn", context.getFunctionName());
            }
        });
        assertThat(m.run(plain("typed"), "{\"count\": 41}").output()).isEqualTo(json("{\"count\": 42, \"fn\": \"typed\"}"));
    }

    @Test
    void aStreamHandlerReadsAndWritesRawJson() {
        RequestStreamHandler raw = (in, out, context) -> {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            out.write(("{\"received\": " + body + "}").getBytes(StandardCharsets.UTF_8));
        };
        m.functions.register("raw", raw);
        assertThat(m.run(plain("raw"), "[1, 2]").output()).isEqualTo(json("{\"received\": [1, 2]}"));
    }

    @Test
    void handlersGetALambdaContextNamingTheFunction() {
        AtomicReference<Context> seen = new AtomicReference<>();
        AtomicReference<Integer> remaining = new AtomicReference<>();
        RequestStreamHandler h = (in, out, context) -> {
            seen.set(context);
            remaining.set(context.getRemainingTimeInMillis());
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        };
        m.functions.register("ctx", h);
        m.run(plain("ctx"), "{}");
        Context c = seen.get();
        assertThat(c.getFunctionName()).isEqualTo("ctx");
        assertThat(c.getAwsRequestId()).isNotBlank();
        assertThat(c.getInvokedFunctionArn()).isEqualTo(arn("ctx"));
        assertThat(remaining.get()).isPositive();
        assertThat(c.getLogger()).isNotNull();
    }

    @Test
    void eachInvocationGetsItsOwnRequestId() {
        java.util.List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        RequestStreamHandler h = (in, out, context) -> {
            ids.add(context.getAwsRequestId());
            out.write("1".getBytes(StandardCharsets.UTF_8));
        };
        m.functions.register("ids", h);
        m.run(plain("ids"), "{}");
        m.run(plain("ids"), "{}");
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aHandlerExceptionFailsTheTaskWithTheExceptionClassAndItsMessageInTheCause() {
        m.function("boom", p -> {
            throw new UnsupportedOperationException("cannot do " + p.get("what").asText());
        });
        Execution e = m.run(invoke("boom"), "{\"what\": \"that\"}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("java.lang.UnsupportedOperationException");
        var cause = Json.parse(e.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("cannot do that");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(Machines.events(e, "TaskFailed")).hasSize(1);
    }

    @Test
    void anUnknownFunctionFailsWithResourceNotFound() {
        Execution viaInvoke = m.run(invoke("nobody"), "{}");
        assertThat(viaInvoke.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(viaInvoke.cause()).contains("nobody");
        Execution viaArn = m.run(plain("nobody"), "{}");
        assertThat(viaArn.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void aResourceNoIntegrationServesFailsNamingTheResource() {
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": true}}}
            """;
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.cause()).contains("arn:aws:states:::sqs:sendMessage").contains("'T'");
    }

    @Test
    void plainFunctionTasksWriteLambdaFunctionEventsAndServiceTasksWriteTaskEvents() {
        m.function("echo", p -> p);
        assertThat(Machines.types(m.run(plain("echo"), "{}")))
                .containsSubsequence("LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded");
        assertThat(Machines.types(m.run(invoke("echo"), "{}")))
                .containsSubsequence("TaskScheduled", "TaskStarted", "TaskSucceeded");
    }

    @Test
    void aFunctionIsInvokedDirectlyByNameOrQualifiedArnAndItsErrorsAreReportedAsLambdaDoes() {
        LambdaFunctions functions = new LambdaFunctions("us-east-1", "123456789012", System.err);
        functions.register("greet", (RequestHandler<Map<String, String>, String>) (in, c) -> {
            if (in.get("name") == null) throw new IllegalArgumentException("name is missing");
            return "hello " + in.get("name") + " from " + c.getFunctionName();
        });
        assertThat(functions.invoke("greet", json("{\"name\": \"Ada\"}")).asText()).isEqualTo("hello Ada from greet");
        assertThat(functions.invoke("arn:aws:lambda:us-east-1:123456789012:function:greet:live", json("{\"name\": \"Bo\"}")).asText())
                .isEqualTo("hello Bo from greet");
        assertThatThrownBy(() -> functions.invoke("greet", json("{}")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(e.cause()).contains("\"errorMessage\":\"name is missing\"");
                });
        assertThatThrownBy(() -> functions.invoke("nobody", json("{}")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("Lambda.ResourceNotFoundException"));
    }
}
