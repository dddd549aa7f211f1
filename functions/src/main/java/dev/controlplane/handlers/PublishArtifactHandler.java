package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.S3ArtifactIndex;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.domain.index.ArtifactIndex;
import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.index.ArtifactIndexer;
import dev.controlplane.domain.index.LatestIndexed;
import dev.controlplane.domain.index.LatestMove;
import dev.controlplane.domain.publish.ArtifactPublisher;
import dev.controlplane.domain.publish.ArtifactStore;
import dev.controlplane.domain.publish.PublishFile;
import dev.controlplane.domain.publish.PublishRequest;
import dev.controlplane.domain.publish.PublishResult;
import dev.controlplane.domain.publish.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda {@code PublishArtifact}: copies a validated build's files server-side into one environment's artifact
 * bucket, then records the version in that bucket's index ({@link ArtifactIndexKeys}), so that the environment
 * resolves it from its own bucket. Input {@code {files: [{name, key, sha256, size, source: {bucket, key, versionId}}],
 * target: {name, bucket}, immutable, artifact, publishedVersion, commit}}; output {@code {environment, bucket, copied,
 * unchanged, versions, versionRecord, recorded}} ({@code versions}: each published key to its object version there).
 * Refuses, before copying anything, other bytes under an immutable version
 * ({@link dev.controlplane.domain.ReleasedVersionChangedException}) and a source whose bytes do not hash to the
 * validated sha256 ({@link dev.controlplane.domain.ChecksumMismatchException}).
 *
 * <p>It is also what moves {@code latest.json} in the environments' buckets once the registry has moved
 * {@code latest} there: it is the one function whose role may write into the other environments' artifact buckets
 * (template.yaml, cross-environment grant 2). Input {@code {latest: [{artifact, version, environment, bucket}],
 * movedBy}}; output {@code {latest: [{artifact, environment, version, moved, latest}]}}: forward only, a newer
 * latest stays ({@link ArtifactIndexer#moveLatest}); with {@code rollback: true}, a rollback the registry recorded
 * moves it back ({@link ArtifactIndexer#rollBackLatest}).
 *
 * <p>Environment: {@code AWS_REGION}, optionally {@code AWS_ENDPOINT_URL} and {@code S3_FORCE_PATH_STYLE}
 * (see {@link S3ArtifactStore}).
 */
public final class PublishArtifactHandler implements RequestStreamHandler {

    static final String FUNCTION = "PublishArtifact";

    /** The shell; primed for SnapStart where built as Lambda builds it (from the environment). */
    private HandlerShell shell = HandlerShell.of(FUNCTION);

    private final ArtifactPublisher publisher;
    private final ArtifactIndexer indexer;

    /** What Lambda calls: the S3 client is built once per container from the function's environment. */
    public PublishArtifactHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public PublishArtifactHandler(Map<String, String> environment) {
        this(S3ArtifactStore.client(environment));
        // SnapStart: a publication and a move of latest through the SDK before the snapshot, answered from memory
        this.shell = HandlerShell.primed(FUNCTION, () -> StoragePriming.publishArtifact(environment,
                StoragePriming.publishHttp()));
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    private PublishArtifactHandler(S3Client s3) {
        this(new S3ArtifactStore(s3), new S3ArtifactIndex(s3), Clock.systemUTC());
    }

    public PublishArtifactHandler(ArtifactStore store, ArtifactIndex index, Clock clock) {
        this.publisher = new ArtifactPublisher(store);
        this.indexer = new ArtifactIndexer(index, clock);
    }

    /** What the function answers to a publication. */
    record Published(String environment, String bucket, List<String> copied, List<String> unchanged,
            Map<String, String> versions, String versionRecord, boolean recorded) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, this::handle);
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        TaskInput task = TaskInput.read(FUNCTION, input);
        if (task.root().has("latest")) {
            TaskInput.JSON.writeValue(output, moveLatest(task, context));
            return;
        }
        PublishRequest request = request(task);
        PublishResult result = publisher.publish(request);
        // After the files: a version record in the bucket means its files are there.
        boolean recorded = indexer.recordVersion(request);
        Published published = new Published(result.environment(), result.bucket(), result.copied(), result.unchanged(),
                result.versions(),
                ArtifactIndexKeys.versionRecord(request.artifact(), request.publishedVersion()), recorded);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("artifact", request.artifact());
        fields.put("publishedVersion", request.publishedVersion());
        fields.put("environment", result.environment());
        fields.put("bucket", result.bucket());
        fields.put("copied", result.copied());
        fields.put("unchanged", result.unchanged());
        fields.put("recorded", recorded);
        TaskLog.info("published", fields);
        EmfMetrics.of(context).dimension("Target", result.environment()).dimension("Team", TaskLog.team())
                .count("Promotions", 1).write();
        TaskInput.JSON.writeValue(output, published);
    }

    private Map<String, List<LatestIndexed>> moveLatest(TaskInput task, Context context) {
        String movedBy = task.optionalText("movedBy");
        if (movedBy == null) {
            // Without the execution ARN, the function's request still identifies who moved it.
            movedBy = FUNCTION + (context == null ? "" : " request " + context.getAwsRequestId());
        }
        // A rollback the registry recorded moves it back; anything else moves it forward only.
        boolean rollback = task.root().path("rollback").asBoolean(false);
        List<LatestIndexed> results = new ArrayList<>();
        for (LatestMove move : latestMoves(task)) {
            LatestIndexed result = rollback ? indexer.rollBackLatest(move, movedBy) : indexer.moveLatest(move, movedBy);
            results.add(result);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("artifact", result.artifact());
            fields.put("environment", result.environment());
            fields.put("version", result.version());
            fields.put("moved", result.moved());
            fields.put("latest", result.latest());
            TaskLog.info(result.moved() ? "latest.json moved" : "latest.json kept a newer version", fields);
        }
        return Map.of("latest", results);
    }

    static List<LatestMove> latestMoves(TaskInput input) {
        String expected = "the moves of latest, [{artifact, version, environment, bucket}]";
        List<LatestMove> moves = new ArrayList<>();
        List<JsonNode> nodes = input.objects("latest", expected);
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode move = nodes.get(i);
            String path = "latest[" + i + "]";
            moves.add(new LatestMove(
                    input.text(move, "artifact", path + ".artifact", "{team}/{project}/{script}"),
                    input.text(move, "version", path + ".version", "the released version, e.g. 1.4.0"),
                    input.text(move, "environment", path + ".environment", "the environment's name"),
                    input.text(move, "bucket", path + ".bucket", "the environment's artifact bucket")));
        }
        return moves;
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
