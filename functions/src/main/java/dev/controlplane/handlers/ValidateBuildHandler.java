package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.S3BuildSource;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.BuildValidator;
import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.UploadExecutionInput;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.registry.PromotionPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda {@code ValidateBuild}, the first task of promote-artifact: given the upload
 * {@code {bucket, key, versionId, etag, prefix, size}} (read by {@link UploadExecutionInput}, which wrote it when the
 * upload started the workflow), checks the build (see {@link BuildValidator}) and returns it as the workflow publishes
 * it, with its {@code plan} ({@link PromotionPlan}: what will be copied where, which approvals it waits for, what
 * becomes of {@code latest}). Refusals are thrown as {@code dev.controlplane.domain} exceptions, whose class names the
 * workflow turns into its Fail errors; S3 failures propagate so the workflow retries.
 */
public final class ValidateBuildHandler implements RequestStreamHandler {

    static final String FUNCTION = "ValidateBuild";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "ValidateBuild input";

    private final BuildValidator validator;

    /** The Lambda runtime's constructor: the config and the S3 client are built once, here. */
    public ValidateBuildHandler() {
        this(System.getenv());
    }

    /** Reads {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} and {@code CONTROLPLANE_CONFIG_DIR}. */
    public ValidateBuildHandler(Map<String, String> environment) {
        this(PlatformConfig.fromEnvironment(environment), environment);
    }

    private ValidateBuildHandler(PlatformConfig config, Map<String, String> environment) {
        this(new BuildValidator(config, S3BuildSource.fromEnvironment(environment)));
        // SnapStart: a made-up upload validated through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.validateBuild(config, environment));
    }

    public ValidateBuildHandler(BuildValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
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
        ManifestUpload upload = UploadExecutionInput.decode(input.readAllBytes(), INPUT);
        Build build = validator.validate(upload);
        log(build);
        // the plan first says what the promotion will do, before anything moves
        ObjectNode answer = JSON.valueToTree(build);
        answer.set("plan", JSON.valueToTree(PromotionPlan.of(build, List.of())));
        JSON.writeValue(output, answer);
    }

    private static void log(Build build) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact", build.artifact());
        fields.put("publishedVersion", build.publishedVersion());
        fields.put("commit", build.commit());
        fields.put("files", build.files().size());
        TaskLog.info("build validated", fields);
    }
}
