package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aslengine.StatesError;
import dev.aslengine.integration.DistributedMapStore;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import dev.aslengine.integration.aws.AwsEndpoints;
import dev.aslengine.integration.aws.AwsServiceIntegration;
import dev.aslengine.integration.aws.S3ItemSource;
import dev.controlplane.local.iam.AccessRequest;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's tasks made with each state machine's role, as Step Functions makes them: a service integration call
 * goes to the local endpoint signed with the role's access key (so the endpoint authorizes it), and a Lambda task is
 * invoked only if the role may {@code lambda:InvokeFunction} the function (else it fails as in AWS, with
 * Lambda.AWSLambdaException and the AccessDenied message).
 */
final class StateMachineRoles {
    private final LocalIam iam;
    private final String region;
    private final URI endpoint;
    private final PrintStream log;
    /** State machine name to its logical id. */
    private final Map<String, String> machines = new HashMap<>();
    private final Map<String, AwsServiceIntegration> integrations = new ConcurrentHashMap<>();
    private final AwsServiceIntegration anyone;

    StateMachineRoles(LocalTemplate template, LocalIam iam, URI endpoint, PrintStream log) {
        this.iam = iam;
        this.region = template.stack().region();
        this.endpoint = endpoint;
        this.log = log;
        for (LocalTemplate.StateMachine sm : template.stateMachines()) machines.put(sm.name(), sm.logicalId());
        // state machines created through the API have no role of the template: they call as the runtime itself
        this.anyone = new AwsServiceIntegration(new AwsEndpoints(region, endpoint, "local", "local"));
    }

    /** Service integrations, each state machine's signed with its role. */
    TaskIntegration services() {
        return new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return anyone.supports(resource);
            }

            @Override
            public JsonNode call(TaskCall call) {
                return integrationOf(call.executionArn()).call(call);
            }
        };
    }

    /**
     * A Distributed Map's item reader and result writer, each execution's calls signed with its state machine's role
     * (so a role without s3:GetObject on the items, or s3:PutObject where the results go, fails the Map as in AWS).
     */
    DistributedMapStore distributedMaps() {
        return new DistributedMapStore() {
            @Override
            public ArrayNode readItems(String executionArn, String readerResource, JsonNode readerConfig, JsonNode arguments) {
                return new S3ItemSource(integrationOf(executionArn)).readItems(readerResource, readerConfig, arguments);
            }

            @Override
            public JsonNode writeResults(String executionArn, JsonNode arguments, String mapRunId, List<JsonNode> succeeded,
                    List<JsonNode> failed) {
                return new S3ItemSource(integrationOf(executionArn)).writeResults(arguments, mapRunId, succeeded, failed);
            }
        };
    }

    /** The integration an execution calls AWS with: its state machine's role, or the runtime's own for one of the API's. */
    private AwsServiceIntegration integrationOf(String executionArn) {
        String machine = machineOf(executionArn);
        String key = machine == null ? null : iam.accessKeyOf(machine);
        if (key == null) return anyone;
        return integrations.computeIfAbsent(machine, m -> new AwsServiceIntegration(new AwsEndpoints(region, endpoint, key,
                LocalIam.SECRET_KEY)));
    }

    /** The Lambda tasks, each checked against its state machine's role first. */
    TaskIntegration lambdas(TaskIntegration functions, LocalTemplate template) {
        return new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return functions.supports(resource);
            }

            @Override
            public JsonNode call(TaskCall call) throws InterruptedException {
                String machine = machineOf(call.executionArn());
                if (machine != null) {
                    String function = functionArn(call, template);
                    LocalIam.Denial denial = iam.checkAs(machine, new AccessRequest("lambda:InvokeFunction", function));
                    if (denial != null) {
                        log.println("iam: AccessDenied: " + denial.message());
                        throw new StatesError("Lambda.AWSLambdaException", denial.message()
                                + " (Service: Lambda, Status Code: 403, Error Code: AccessDeniedException)");
                    }
                }
                return functions.call(call);
            }
        };
    }

    /** The logical id of the template's state machine an execution (or a Map's child execution) belongs to. */
    private String machineOf(String executionArn) {
        if (executionArn == null) return null;
        String[] parts = executionArn.split(":", -1);
        if (parts.length < 7) return null;
        String name = parts[6];
        int slash = name.indexOf('/');
        return machines.get(slash < 0 ? name : name.substring(0, slash));
    }

    /** The function a Lambda task invokes, as the ARN IAM checks (qualified when the task names an alias or version). */
    private static String functionArn(TaskCall call, LocalTemplate template) {
        ResourceArn resource = call.resource();
        String named = resource.service().equals("function") ? resource.raw()
                : call.parameters() != null && call.parameters().path("FunctionName").isTextual() ? call.parameters().get("FunctionName").asText() : "";
        if (named.startsWith("arn:")) return named;
        LocalTemplate.Function f = template.function(named);
        String[] parts = named.split(":");
        String base = f != null ? f.arn() : "arn:aws:lambda:" + template.stack().region() + ":" + template.stack().accountId() + ":function:" + parts[0];
        return parts.length > 1 ? base + ":" + parts[parts.length - 1] : base;
    }

    void close() {
        integrations.values().forEach(AwsServiceIntegration::close);
        anyone.close();
    }
}
