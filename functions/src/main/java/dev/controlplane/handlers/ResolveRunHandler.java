package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.S3ArtifactIndex;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.aws.S3RunArtifacts;
import dev.controlplane.domain.config.EnvironmentConfig;
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

/**
 * Lambda {@code ResolveRun}: the operator parameters ({@code team, project_name, script_name, script_version,
 * library_version, parameters, use_data_sharing, view_access_control_list}) made a concrete run in this
 * environment (the {@link ResolvedRun} as JSON). {@code parameters} is an array of strings, or an object whose
 * members become {@code --name value}. Refusals are {@link dev.controlplane.domain.RejectedInputException}s
 * naming what was not found.
 *
 * <p>Versions are resolved from the index in this environment's own artifacts bucket ({@link S3RunArtifacts}),
 * which promote-artifact writes beside the files it publishes there: the same code in every environment.
 *
 * <p>Environment: {@code CONTROLPLANE_ENVIRONMENT}, {@code ARTIFACTS_BUCKET} (the bucket config/environments.json
 * gives this environment), {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL}, {@code S3_FORCE_PATH_STYLE} and
 * {@code CONTROLPLANE_CONFIG_DIR}.
 */
public final class ResolveRunHandler implements RequestStreamHandler {

    static final String FUNCTION = "ResolveRun";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final RunResolver resolver;

    public ResolveRunHandler() {
        this(System.getenv());
    }

    public ResolveRunHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private ResolveRunHandler(PlatformConfig config, Map<String, String> environment) {
        this(config, new S3RunArtifacts(new S3ArtifactIndex(S3ArtifactStore.client(environment)),
                artifactsBucket(config, environment), StackEnvironment.name(environment)));
        // SnapStart: a run resolved from the index through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.resolveRun(config, environment));
    }

    public ResolveRunHandler(PlatformConfig config, RunArtifacts artifacts) {
        this.resolver = new RunResolver(config, artifacts);
    }

    /**
     * {@code ARTIFACTS_BUCKET}, which must be the bucket the config gives this environment: promote-artifact
     * publishes there, and the run's paths point there.
     */
    static String artifactsBucket(PlatformConfig config, Map<String, String> environment) {
        String name = StackEnvironment.name(environment);
        String bucket = environment.get(S3RunArtifacts.BUCKET_VARIABLE);
        EnvironmentConfig configured = config.environment(name).orElseThrow(() -> new IllegalStateException(
                "environment variable " + StackEnvironment.ENVIRONMENT_VARIABLE + " is '" + name
                        + "', which config/environments.json does not name"));
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("environment variable " + S3RunArtifacts.BUCKET_VARIABLE
                    + " is not set; expected this environment's artifacts bucket, " + configured.artifactsBucket());
        }
        if (!bucket.strip().equals(configured.artifactsBucket())) {
            throw new IllegalStateException("environment variable " + S3RunArtifacts.BUCKET_VARIABLE + " is '"
                    + bucket.strip() + "', but config/environments.json gives " + name + " the artifacts bucket '"
                    + configured.artifactsBucket() + "'; expected the same bucket (promote-artifact publishes into the"
                    + " config's): set artifactsBucket in config/environments.json, or deploy the stack's bucket under that name");
        }
        return configured.artifactsBucket();
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        JsonNode root = task.root();
        RunRequest request = new RunRequest(text(root, "team"), text(root, "project_name"), text(root, "script_name"),
                text(root, "script_version"), text(root, "library_version"), parameters(root.get("parameters")),
                flag(root, "use_data_sharing"), texts(root, "view_access_control_list"));
        ResolvedRun run = resolver.resolve(request);
        TaskLog.info("run resolved", Map.of("team", run.team(), "project", run.project(),
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
