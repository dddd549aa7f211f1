package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.DynamoDbArtifactRegistry;
import dev.controlplane.aws.DynamoDbRunArtifacts;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.launch.InvalidRunRequestException;
import dev.controlplane.domain.launch.ResolvedRun;
import dev.controlplane.domain.launch.RunArtifacts;
import dev.controlplane.domain.launch.RunRequest;
import dev.controlplane.domain.launch.RunResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda {@code ResolveRun}: the operator parameters ({@code team, project_name, script_name, script_version,
 * library_version, parameters, use_data_sharing, view_access_control_list}) made a concrete run in this
 * environment (the {@link ResolvedRun} as JSON). {@code parameters} is an array of strings, or an object whose
 * members become {@code --name value}. Refusals are {@link dev.controlplane.domain.RejectedInputException}s
 * naming what was not found.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, {@code REGISTRY_TABLE}, {@code AWS_REGION}, optionally
 * {@code AWS_ENDPOINT_URL} and {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class ResolveRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "ResolveRun";

    private final RunResolver resolver;
    private final String environmentName;

    public ResolveRunHandler() {
        this(System.getenv());
    }

    public ResolveRunHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment),
                new DynamoDbRunArtifacts(AwsClientConfig.configure(DynamoDbClient.builder(), environment).build(),
                        environment.get(DynamoDbArtifactRegistry.TABLE_VARIABLE)),
                LaunchEnvironment.name(environment));
    }

    public ResolveRunHandler(PlatformConfig config, RunArtifacts artifacts, String environmentName) {
        this.resolver = new RunResolver(config, artifacts);
        this.environmentName = environmentName;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        JsonNode root = task.root();
        RunRequest request = new RunRequest(text(root, "team"), text(root, "project_name"), text(root, "script_name"),
                text(root, "script_version"), text(root, "library_version"), parameters(root.get("parameters")),
                flag(root, "use_data_sharing"), texts(root, "view_access_control_list"));
        ResolvedRun run = resolver.resolve(request, environmentName);
        TaskLog.info(context, FUNCTION, "run resolved", Map.of("team", run.team(), "project", run.project(),
                "script", run.script(), "scriptVersion", run.scriptVersion(), "environment", run.environment()));
        TaskInput.JSON.writeValue(output, run);
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRunRequestException(field, "is " + value, "text");
        }
        return value.textValue();
    }

    private static boolean flag(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        // The console sends form values as text.
        if (value.isTextual() && List.of("true", "false").contains(value.textValue().strip().toLowerCase(java.util.Locale.ROOT))) {
            return Boolean.parseBoolean(value.textValue().strip());
        }
        throw new InvalidRunRequestException(field, "is " + value, "true or false (default false)");
    }

    private static List<String> texts(JsonNode root, String field) {
        JsonNode value = root.get(field);
        List<String> texts = new ArrayList<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (!value.isArray()) {
            throw new InvalidRunRequestException(field, "is " + value, "an array of group names");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidRunRequestException(field + "[" + i + "]", "is " + value.get(i), "a group name");
            }
            texts.add(value.get(i).textValue());
        }
        return texts;
    }

    private static List<String> parameters(JsonNode value) {
        List<String> parameters = new ArrayList<>();
        if (value == null || value.isNull()) {
            return parameters;
        }
        String expected = "an array of strings, or an object {name: value} passed as --name value";
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode parameter = value.get(i);
                if (!parameter.isValueNode() || parameter.isNull()) {
                    throw new InvalidRunRequestException("parameters[" + i + "]", "is " + parameter, expected);
                }
                parameters.add(parameter.asText());
            }
            return parameters;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = value.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (!member.getValue().isValueNode() || member.getValue().isNull()) {
                    throw new InvalidRunRequestException("parameters." + member.getKey(), "is " + member.getValue(), expected);
                }
                parameters.add("--" + member.getKey());
                parameters.add(member.getValue().asText());
            }
            return parameters;
        }
        throw new InvalidRunRequestException("parameters", "is " + value, expected);
    }
}
