package dev.aslengine.integration.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;

/**
 * Tasks that call DynamoDB, S3, EventBridge and SNS through the AWS SDK for Java v2, with Step Functions' request
 * and response shapes and error names. Serves the optimized integrations {@code dynamodb:getItem|putItem|updateItem|
 * deleteItem}, {@code events:putEvents} and {@code sns:publish}, and every action of {@code aws-sdk:s3},
 * {@code aws-sdk:dynamodb}, {@code aws-sdk:eventbridge} and {@code aws-sdk:sns}.
 *
 * <p>Thread-safe. The SDK is loaded, and each service's client built, on the first call that needs it; {@link #close()}
 * closes the clients.
 */
public final class AwsServiceIntegration implements TaskIntegration, AutoCloseable {

    private final AwsEndpoints endpoints;
    private final Object lock = new Object();
    // Typed Object so that loading this class loads nothing of the SDK (SdkCaller references it).
    private volatile Object caller;
    private volatile boolean closed;

    public AwsServiceIntegration(AwsEndpoints endpoints) {
        if (endpoints == null) throw new IllegalArgumentException("AwsServiceIntegration needs AwsEndpoints, got null");
        this.endpoints = endpoints;
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public boolean supports(ResourceArn resource) {
        AwsService service = AwsService.forResourceService(resource.service());
        if (service == null || !service.supportsAction(resource.action())) return false;
        // None of these services has a .sync job to wait on.
        return resource.pattern() == IntegrationPattern.REQUEST_RESPONSE
                || resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN;
    }

    @Override
    public JsonNode call(TaskCall call) {
        ResourceArn resource = call.resource();
        AwsService service = AwsService.forResourceService(resource.service());
        if (service == null || !service.supportsAction(resource.action())) {
            throw new StatesError(StatesError.RUNTIME, "The resource " + resource.raw() + " is not served by the AWS service integration");
        }
        JsonNode params = call.parameters() == null || call.parameters().isNull() ? Json.object() : call.parameters();
        if (service == AwsService.EVENTS_OPTIMIZED) params = withEventsDefaults(params, call);
        if (service == AwsService.SNS_OPTIMIZED) params = withMessageAsString(params);
        JsonNode result = invoke(service, resource.action(), params);
        if (service == AwsService.EVENTS_OPTIMIZED) failOnFailedEntries(result);
        return result;
    }

    /** Runs one action; used by {@link S3ItemSource} too. */
    JsonNode invoke(AwsService service, String action, JsonNode params) {
        return caller().invoke(service, action, params);
    }

    private SdkCaller caller() {
        Object c = caller;
        if (c == null) {
            synchronized (lock) {
                if (closed) throw new IllegalStateException("the AWS service integration is closed");
                c = caller;
                if (c == null) {
                    c = new SdkCaller(endpoints);
                    caller = c;
                }
            }
        }
        return (SdkCaller) c;
    }

    /** Step Functions serializes a JSON Detail and appends the execution's and state machine's ARNs to Resources. */
    static JsonNode withEventsDefaults(JsonNode params, TaskCall call) {
        JsonNode entries = params.get("Entries");
        if (!params.isObject() || entries == null || !entries.isArray()) return params;
        ObjectNode copy = ((ObjectNode) params).deepCopy();
        ArrayNode rewritten = copy.putArray("Entries");
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                rewritten.add(entry);
                continue;
            }
            ObjectNode e = ((ObjectNode) entry).deepCopy();
            JsonNode detail = e.get("Detail");
            if (detail != null && detail.isObject()) e.put("Detail", Json.write(detail));
            if (call.executionArn() != null) {
                JsonNode existing = e.get("Resources");
                ArrayNode resources = existing != null && existing.isArray() ? ((ArrayNode) existing).deepCopy() : Json.NODES.arrayNode();
                String stateMachineArn = stateMachineArnOf(call.executionArn());
                if (stateMachineArn != null) resources.add(stateMachineArn);
                resources.add(call.executionArn());
                e.set("Resources", resources);
            }
            rewritten.add(e);
        }
        return copy;
    }

    /** arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME -> arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE. */
    static String stateMachineArnOf(String executionArn) {
        String[] parts = executionArn.split(":", -1);
        if (parts.length < 7 || !parts[5].equals("execution") && !parts[5].equals("express")) return null;
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
    }

    /** The optimized SNS integration serializes a JSON Message. */
    static JsonNode withMessageAsString(JsonNode params) {
        JsonNode message = params.get("Message");
        if (message == null || message.isTextual() || message.isNull()) return params;
        ObjectNode copy = ((ObjectNode) params).deepCopy();
        copy.put("Message", Json.write(message));
        return copy;
    }

    private static void failOnFailedEntries(JsonNode result) {
        JsonNode failed = result.get("FailedEntryCount");
        if (failed != null && failed.asInt() > 0) {
            throw new StatesError("EventBridge.FailedEntry", Json.write(result));
        }
    }

    @Override
    public void close() {
        Object c;
        synchronized (lock) {
            closed = true;
            c = caller;
            caller = null;
        }
        if (c != null) ((SdkCaller) c).close();
    }
}
