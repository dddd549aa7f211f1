package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.domain.publish.ArtifactPublisher;
import dev.controlplane.domain.publish.ArtifactStore;
import dev.controlplane.domain.publish.PublishFile;
import dev.controlplane.domain.publish.PublishRequest;
import dev.controlplane.domain.publish.PublishResult;
import dev.controlplane.domain.publish.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lambda {@code PublishArtifact}: copies a validated build's files server-side into one environment's artifact
 * bucket. Input {@code {files: [{name, key, sha256, size, source: {bucket, key, versionId}}], target: {name, bucket},
 * immutable, artifact, publishedVersion, commit}}; output {@code {environment, bucket, copied, unchanged}}.
 * Refuses, before copying anything, other bytes under an immutable version
 * ({@link dev.controlplane.domain.ReleasedVersionChangedException}).
 *
 * <p>Environment: {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and {@code S3_FORCE_PATH_STYLE}
 * (see {@link S3ArtifactStore}).
 */
public final class PublishArtifactHandler implements RequestStreamHandler {

    static final String FUNCTION = "PublishArtifact";

    private final ArtifactPublisher publisher;

    /** What Lambda calls: the S3 client is built once per container from the function's environment. */
    public PublishArtifactHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public PublishArtifactHandler(Map<String, String> environment) {
        this(new S3ArtifactStore(S3ArtifactStore.client(environment)));
    }

    public PublishArtifactHandler(ArtifactStore store) {
        this.publisher = new ArtifactPublisher(store);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PublishRequest request = request(TaskInput.read(FUNCTION, input));
        PublishResult result = publisher.publish(request);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact", request.artifact());
        fields.put("publishedVersion", request.publishedVersion());
        fields.put("environment", result.environment());
        fields.put("bucket", result.bucket());
        fields.put("copied", result.copied());
        fields.put("unchanged", result.unchanged());
        TaskLog.info(context, FUNCTION, "published", fields);
        EmfMetrics.of(context, FUNCTION).dimension("Target", result.environment()).dimension("Team", TaskLog.team(FUNCTION))
                .count("Promotions", 1).write();
        TaskInput.JSON.writeValue(output, result);
    }

    static PublishRequest request(TaskInput input) {
        List<PublishFile> files = new ArrayList<>();
        List<JsonNode> nodes = input.objects("files", "the build's files, [{name, key, sha256, size, source}]");
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode file = nodes.get(i);
            String path = "files[" + i + "]";
            JsonNode source = file.get("source");
            if (source == null || !source.isObject()) {
                throw new IllegalArgumentException(FUNCTION + " input: " + path + ".source is "
                        + (source == null ? "missing" : source.toString()) + "; expected {bucket, key, versionId}");
            }
            files.add(new PublishFile(
                    input.optionalText(file, "name", path + ".name"),
                    input.text(file, "key", path + ".key", "the key to publish the file under"),
                    input.text(file, "sha256", path + ".sha256", "the file's validated sha256 (hex)").toLowerCase(Locale.ROOT),
                    input.number(file, "size", path + ".size", "the file's validated size in bytes"),
                    new SourceObject(
                            input.text(source, "bucket", path + ".source.bucket", "the bucket to copy from"),
                            input.text(source, "key", path + ".source.key", "the key to copy from"),
                            input.optionalText(source, "versionId", path + ".source.versionId"))));
        }
        JsonNode target = input.object("target", "{name, bucket} of the environment to publish to");
        return new PublishRequest(files,
                input.text(target, "name", "target.name", "the environment's name"),
                input.text(target, "bucket", "target.bucket", "the environment's artifact bucket"),
                input.bool("immutable", "true for a default-branch version, false for a feature build"),
                input.text("artifact", "the registry artifact {team}/{project}/{script}"),
                input.text("publishedVersion", "the version the files are published under, e.g. 1.4.0"),
                input.optionalText("commit"));
    }
}
