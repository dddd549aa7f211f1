package dev.aslengine.integration.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lambda functions served in-process: {@code arn:aws:states:::lambda:invoke} (with its Payload wrapping) and plain
 * function ARNs, dispatched to Java handlers registered by function name, called with a real Lambda Context.
 */
public final class LambdaFunctions implements TaskIntegration {
    private final String region;
    private final String accountId;
    private final PrintStream log;
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();

    public LambdaFunctions(String region, String accountId, PrintStream log) {
        this.region = region;
        this.accountId = accountId;
        this.log = log;
    }

    public LambdaFunctions register(String name, RequestStreamHandler handler) {
        return register(name, 512, 900, handler);
    }

    public LambdaFunctions register(String name, RequestHandler<?, ?> handler) {
        return register(name, 512, 900, adapt(handler));
    }

    public LambdaFunctions register(String name, int memoryMb, int timeoutSeconds, RequestStreamHandler handler) {
        String arn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
        functions.put(name, new LocalFunction(name, arn, memoryMb, timeoutSeconds, handler));
        return this;
    }

    /** A typed handler as a stream handler: the payload converted to its input type with Jackson, the result back. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static RequestStreamHandler adapt(RequestHandler<?, ?> handler) {
        JavaType[] params = Json.MAPPER.getTypeFactory().findTypeParameters(Json.MAPPER.constructType(handler.getClass()), RequestHandler.class);
        JavaType inputType = params.length > 0 ? params[0] : Json.MAPPER.constructType(Object.class);
        RequestHandler raw = handler;
        return (in, out, context) -> {
            Object input = Json.MAPPER.readValue(in, inputType);
            Object result = raw.handleRequest(input, context);
            Json.MAPPER.writeValue(out, result);
        };
    }

    @Override
    public boolean supports(ResourceArn resource) {
        return resource.service().equals("function") || resource.service().equals("lambda") && resource.action().equals("invoke");
    }

    @Override
    public JsonNode call(TaskCall call) {
        ResourceArn resource = call.resource();
        if (resource.service().equals("function")) {
            return invoke(functionName(resource.action()), call.parameters(), call.deadline());
        }
        JsonNode p = call.parameters();
        JsonNode fn = p.get("FunctionName");
        if (fn == null || !fn.isTextual()) {
            throw new StatesError("Lambda.InvalidParameterValueException", "Parameter FunctionName is required (a function name or ARN)");
        }
        JsonNode payload = p.has("Payload") ? p.get("Payload") : Json.NODES.nullNode();
        if (payload.isTextual()) {
            try {
                payload = Json.parse(payload.asText());
            } catch (IllegalArgumentException e) {
                // AWS passes a string payload through as a JSON string
            }
        }
        String invocationType = p.path("InvocationType").asText("RequestResponse");
        String name = functionName(fn.asText());
        ObjectNode out = Json.object();
        if (invocationType.equals("Event")) {
            JsonNode asyncPayload = payload;
            Thread.ofVirtual().start(() -> {
                try {
                    invoke(name, asyncPayload, null);
                } catch (StatesError e) {
                    log.println("async invocation of " + name + " failed: " + e.error());
                }
            });
            out.put("StatusCode", 202);
            out.put("Payload", "");
            return out;
        }
        JsonNode result = invoke(name, payload, call.deadline());
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", result);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.putObject("HttpHeaders").put("Content-Type", "application/json");
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        out.put("StatusCode", 200);
        return out;
    }

    /** Accepts a name, a partial ARN or a full ARN, with or without a version or alias qualifier. */
    private static String functionName(String nameOrArn) {
        String s = nameOrArn;
        if (s.startsWith("arn:")) {
            String[] parts = s.split(":");
            return parts.length >= 7 ? parts[6] : s;
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String[] parts = s.split(":");
            if (parts.length >= 3 && parts[1].equals("function")) return parts[2];
            return parts[0];
        }
        return s;
    }

    /**
     * Invokes a registered function directly (as Lambda's Invoke API does, for triggers other than a state machine:
     * S3 notifications, HTTP APIs, schedules) and returns its response.
     *
     * @param nameOrArn the function's name or ARN, with or without a version or alias qualifier
     * @throws StatesError with the error type and cause the Lambda runtime reports when the handler throws, or
     *         {@code Lambda.ResourceNotFoundException} when no function has that name
     */
    public JsonNode invoke(String nameOrArn, JsonNode payload) {
        return invoke(functionName(nameOrArn), payload, null);
    }

    private JsonNode invoke(String name, JsonNode payload, Instant deadline) {
        LocalFunction f = functions.get(name);
        if (f == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: arn:aws:lambda:" + region + ":"
                    + accountId + ":function:" + name + " (no handler is registered under that name)");
        }
        Instant fnDeadline = Instant.now().plusSeconds(f.timeoutSeconds());
        if (deadline != null && deadline.isBefore(fnDeadline)) fnDeadline = deadline;
        String requestId = UUID.randomUUID().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            byte[] in = Json.MAPPER.writeValueAsBytes(payload);
            f.handler().handleRequest(new ByteArrayInputStream(in), out, new LocalLambdaContext(requestId, f, fnDeadline, log));
        } catch (Exception e) {
            throw functionError(e);
        } catch (Error e) {
            throw functionError(e);
        }
        if (out.size() == 0) return Json.NODES.nullNode();
        try {
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new StatesError("Lambda.Unknown", "The function " + name + " returned a response that is not JSON: " + e.getMessage());
        }
    }

    /** An exception thrown by a handler, named and described as the Java Lambda runtime reports it. */
    private static StatesError functionError(Throwable e) {
        ObjectNode cause = Json.object();
        cause.put("errorMessage", e.getMessage());
        cause.put("errorType", e.getClass().getName());
        ArrayNode trace = cause.putArray("stackTrace");
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 20); i++) trace.add(frames[i].toString());
        return new StatesError(e.getClass().getName(), Json.write(cause));
    }
}
