package dev.controlplane.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Puts the call into a failed call's message, {@code S3 GetObject s3://bucket/key (version v): ...}, so that an
 * error reaching a person says which request failed on which resource. The exception keeps its class, status and
 * error details: code that catches {@code NoSuchKeyException} or reads the status is unaffected.
 */
public final class AwsCallDescriptions implements ExecutionInterceptor {

    /** Request fields that name the resource, in the order they are shown; each service has its own. */
    private static final List<String> RESOURCE_FIELDS = List.of("Bucket", "Key", "VersionId", "TableName", "SecretId",
            "stateMachineArn", "executionArn", "Name");

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        String call = describe(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
        if (failure instanceof AwsServiceException service) {
            String said = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                    ? service.awsErrorDetails().errorMessage() : rawMessage(service);
            return service.toBuilder().message(call + ": " + said).build();
        }
        if (failure instanceof SdkClientException client) {
            // The SDK appends the attempt count to the message again when it is rebuilt.
            String message = String.valueOf(client.getMessage()).replaceFirst(" \\(SDK Attempt Count: \\d+\\)$", "");
            return client.toBuilder().message(call + ": " + message).build();
        }
        return failure;
    }

    /** e.g. {@code S3 GetObject s3://inbox/a/manifest.json (version 3HL4)} or {@code DynamoDB PutItem table runs}. */
    static String describe(String service, String operation, SdkRequest request) {
        StringBuilder call = new StringBuilder(service == null ? "AWS" : service).append(' ')
                .append(operation == null ? request.getClass().getSimpleName() : operation);
        Optional<String> bucket = field(request, "Bucket");
        if (bucket.isPresent()) {
            call.append(" s3://").append(bucket.get()).append('/').append(field(request, "Key").orElse(""));
            field(request, "VersionId").ifPresent(version -> call.append(" (version ").append(version).append(')'));
            return call.toString();
        }
        List<String> named = new ArrayList<>();
        for (String name : RESOURCE_FIELDS.subList(3, RESOURCE_FIELDS.size())) {
            field(request, name).ifPresent(value -> named.add(value));
        }
        if (!named.isEmpty()) {
            call.append(' ').append(String.join(" ", named));
        }
        return call.toString();
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.sdkFields().stream().anyMatch(f -> name.equals(f.memberName()))
                ? request.getValueForField(name, Object.class).map(String::valueOf) : Optional.empty();
    }

    private static String rawMessage(AwsServiceException service) {
        String message = service.getMessage();
        int details = message == null ? -1 : message.lastIndexOf(" (Service: ");
        return details < 0 ? String.valueOf(message) : message.substring(0, details);
    }
}
