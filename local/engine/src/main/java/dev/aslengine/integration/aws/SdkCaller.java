package dev.aslengine.integration.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Everything that touches the AWS SDK: the clients (built once per service, on first use, and shared: SDK v2 clients
 * are thread-safe), the reflective lookup of each action's request class and client method, and the translation of
 * SDK exceptions into Step Functions error names. Loaded only when the first call needs it.
 */
final class SdkCaller implements AutoCloseable {

    /** An action's client method and how to feed it, looked up once. */
    private record Operation(Method builderFactory, Method method, Kind kind) {}

    private enum Kind { PLAIN, UPLOAD_BODY, DOWNLOAD_BYTES }

    private static final String BODY = "Body";

    private final AwsEndpoints endpoints;
    private final Map<AwsService.SdkService, SdkClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SdkCaller(AwsEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Performs one action; returns the response as Step Functions shows it, or throws StatesError. */
    JsonNode invoke(AwsService service, String action, JsonNode params) {
        Operation op = operation(service, action);
        Object request = buildRequest(service, action, op, params);
        Object result;
        try {
            result = op.kind == Kind.UPLOAD_BODY
                    ? op.method.invoke(client(service.sdk), request, RequestBody.fromString(bodyText(params.get(BODY))))
                    : op.method.invoke(client(service.sdk), request);
        } catch (InvocationTargetException e) {
            throw translate(service, e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + op.method, e);
        }
        return toJson(service, result);
    }

    private Object buildRequest(AwsService service, String action, Operation op, JsonNode params) {
        JsonNode effective = params == null || params.isNull() ? Json.object() : params;
        try {
            if (service.optimized()) checkOptimizedParameters(service, action, effective);
            SdkPojo builder = (SdkPojo) op.builderFactory.invoke(null);
            SdkJson.fill(builder, effective, "", op.kind == Kind.UPLOAD_BODY ? Set.of(BODY) : Set.of());
            return ((SdkBuilder<?, ?>) builder).build();
        } catch (SdkJson.InvalidParameter e) {
            throw invalidParameters(effective, e.getMessage());
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build the request of " + service.resourceService + ":" + action, e);
        }
    }

    private static void checkOptimizedParameters(AwsService service, String action, JsonNode params) {
        Set<String> accepted = service.optimizedActions.get(action);
        for (var it = params.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!accepted.contains(name)) {
                throw new SdkJson.InvalidParameter("The field '" + name + "' is not supported by Step Functions");
            }
        }
    }

    /** As Step Functions reports Parameters that a service's model rejects (States.Runtime; the state running it names itself). */
    static StatesError invalidParameters(JsonNode params, String detail) {
        return new StatesError(StatesError.RUNTIME, "The Parameters '" + Json.write(params) + "' could not be used to start the Task: ["
                + detail + "]");
    }

    private static String bodyText(JsonNode body) {
        if (body == null || body.isNull()) return "";
        // Step Functions sends a JSON Body serialized, a string Body as is.
        return body.isTextual() ? body.textValue() : Json.write(body);
    }

    private JsonNode toJson(AwsService service, Object result) {
        if (result instanceof ResponseBytes<?> bytes) {
            ObjectNode out = SdkJson.toJson((SdkPojo) bytes.response());
            // Step Functions returns an object's content as a string.
            out.put(BODY, bytes.asUtf8String());
            return out;
        }
        ObjectNode out = SdkJson.toJson((SdkPojo) result);
        if (service == AwsService.DYNAMODB_OPTIMIZED || service == AwsService.SNS_OPTIMIZED) {
            addV1ResponseMetadata(out, (SdkResponse) result);
        }
        return out;
    }

    /** The optimized DynamoDB and SNS integrations add the SDK v1 response metadata to every result. */
    private static void addV1ResponseMetadata(ObjectNode out, SdkResponse response) {
        SdkHttpResponse http = response.sdkHttpResponse();
        ObjectNode metadata = out.putObject("SdkHttpMetadata");
        ObjectNode all = metadata.putObject("AllHttpHeaders");
        ObjectNode single = metadata.putObject("HttpHeaders");
        http.headers().forEach((name, values) -> {
            var array = all.putArray(name);
            values.forEach(array::add);
            if (!values.isEmpty()) single.put(name, values.get(values.size() - 1));
        });
        metadata.put("HttpStatusCode", http.statusCode());
        ObjectNode sdkMetadata = out.putObject("SdkResponseMetadata");
        if (response instanceof AwsResponse aws && aws.responseMetadata() != null) {
            sdkMetadata.put("RequestId", aws.responseMetadata().requestId());
        }
    }

    private RuntimeException translate(AwsService service, Throwable failure) {
        if (failure instanceof AwsServiceException e) {
            var details = e.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            if (service.optimized()) {
                // The optimized integrations kept the SDK v1 naming: the service's error code, suffixed Exception.
                String name = code == null || code.isEmpty() ? e.getClass().getSimpleName() : code;
                if (!name.endsWith("Exception")) name += "Exception";
                String message = details == null || details.errorMessage() == null ? e.getMessage() : details.errorMessage();
                String cause = message + " (Service: " + service.v1ServiceName + "; Status Code: " + e.statusCode()
                        + "; Error Code: " + code + "; Request ID: " + e.requestId() + "; Proxy: null)";
                return new StatesError(service.errorPrefix + "." + name, cause);
            }
            // SDK integrations name the SDK v2 exception class: S3.NoSuchKeyException, or S3.S3Exception when unmodeled.
            return new StatesError(service.errorPrefix + "." + e.getClass().getSimpleName(), e.getMessage());
        }
        if (failure instanceof SdkException e) {
            return new StatesError(service.errorPrefix + "." + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        if (failure instanceof UncheckedIOException e) {
            // An I/O failure the SDK let through unchecked (a connection that ended while its answer was read): a
            // client-side failure, named as the SDK names the ones it wraps.
            return new StatesError(service.errorPrefix + ".SdkClientException", "Unable to execute HTTP request: "
                    + e.getCause().getMessage());
        }
        if (failure instanceof RuntimeException e) return e;
        if (failure instanceof Error e) throw e;
        return new IllegalStateException(failure);
    }

    private Operation operation(AwsService service, String action) {
        Operation op = operations.get(service.sdk + ":" + action);
        if (op != null) return op;
        op = lookUp(service, action);
        operations.put(service.sdk + ":" + action, op);
        return op;
    }

    private static Operation lookUp(AwsService service, String action) {
        String requestName = service.sdk.modelPackage + "." + Character.toUpperCase(action.charAt(0)) + action.substring(1) + "Request";
        try {
            ClassLoader loader = SdkCaller.class.getClassLoader();
            Class<?> client = Class.forName(service.sdk.clientInterface, false, loader);
            Class<?> requestClass;
            try {
                requestClass = Class.forName(requestName, true, loader);
            } catch (ClassNotFoundException e) {
                throw unknownAction(service, action);
            }
            Method builder = requestClass.getMethod("builder");
            Method bytes = findMethod(client, action + "AsBytes", requestClass);
            if (bytes != null) return new Operation(builder, bytes, Kind.DOWNLOAD_BYTES);
            Method upload = findMethod(client, action, requestClass, RequestBody.class);
            if (upload != null) return new Operation(builder, upload, Kind.UPLOAD_BODY);
            Method plain = findMethod(client, action, requestClass);
            if (plain == null) throw unknownAction(service, action);
            return new Operation(builder, plain, Kind.PLAIN);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the SDK for " + service.resourceService + " is not on the class path", e);
        }
    }

    private static StatesError unknownAction(AwsService service, String action) {
        return new StatesError(StatesError.RUNTIME, "The resource arn:aws:states:::" + service.resourceService + ":" + action
                + " is not supported: the " + service.errorPrefix + " API has no action '" + action + "'");
    }

    private static Method findMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private SdkClient client(AwsService.SdkService sdk) {
        if (closed) throw new IllegalStateException("the AWS service integration is closed");
        return clients.computeIfAbsent(sdk, this::build);
    }

    private SdkClient build(AwsService.SdkService sdk) {
        return switch (sdk) {
            case S3 -> {
                var b = configure(S3Client.builder());
                if (endpoints.endpointOverride() != null) {
                    // Local endpoints serve one host: path-style addressing; and not every emulator checks CRC trailers.
                    b.forcePathStyle(true)
                            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
                }
                yield b.build();
            }
            case DYNAMODB -> configure(DynamoDbClient.builder()).build();
            case EVENTBRIDGE -> configure(EventBridgeClient.builder()).build();
            case SNS -> configure(SnsClient.builder()).build();
        };
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(Region.of(endpoints.region()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Retries belong to the workflow's Retry fields, so a throttled call fails the Task at once as in a trace.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (endpoints.endpointOverride() != null) builder.endpointOverride(endpoints.endpointOverride());
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        if (endpoints.accessKeyId() == null) return DefaultCredentialsProvider.builder().build();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey()));
    }

    @Override
    public void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (SdkClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        clients.clear();
        if (!failures.isEmpty()) throw failures.get(0);
    }
}
