package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.controlplane.aws.AwsFailures;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.ManifestUpload;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.PromoteArtifactStarter.StartedExecution;
import dev.controlplane.domain.UploadExecutionInput;
import dev.controlplane.domain.UploadExecutionName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda {@code ArtifactUploaded}: for each {@code manifest.json} created in the artifacts inbox,
 * starts the promote-artifact workflow once. S3 delivers events at least once; the execution name
 * is derived from the object version, so a redelivery starts nothing new.
 *
 * <p>A stream handler, not {@code RequestHandler<S3Event, ...>}: the events library cannot read
 * JSON itself (the Lambda runtime's serialization library does that in AWS), so the handler reads
 * the bytes with {@link S3EventJson} and behaves the same in AWS, under SAM and in the local runtime.
 */
public final class ArtifactUploadedHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECT_CREATED = "ObjectCreated:";

    /** What one invocation did: executions started, redeliveries of an upload already started, records skipped. */
    public record Summary(int started, int duplicates, int skipped) {
    }

    /** What to do with one event record. */
    sealed interface Decision {
        record Start(ManifestUpload upload) implements Decision {
        }

        record Skip(String reason) implements Decision {
        }
    }

    private final PromoteArtifactStarter starter;
    // Kept here because CRaC holds registered resources only weakly.
    private final SnapStartHook priming;

    /** The Lambda runtime's constructor: clients are built once, here, from the environment. */
    public ArtifactUploadedHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public ArtifactUploadedHandler(Map<String, String> environment) {
        this(SfnPromoteArtifactStarter.fromEnvironment(environment));
    }

    public ArtifactUploadedHandler(PromoteArtifactStarter starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
        this.priming = SnapStartHook.register(SnapStartPriming::primeUpload);
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        AwsFailures.named(() -> handle(input, output, context));
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        handle(input, output, context, starter);
    }

    /** The stream path with {@code start} standing for Step Functions: what SnapStart priming runs too. */
    static Summary handle(InputStream input, OutputStream output, Context context,
            PromoteArtifactStarter start) throws IOException {
        Summary summary = handle(S3EventJson.parse(input), context, start);
        // A tree, not the record: serialising a record makes Jackson introspect it, tens of ms of a cold start.
        ObjectNode json = JSON.createObjectNode()
                .put("started", summary.started()).put("duplicates", summary.duplicates()).put("skipped", summary.skipped());
        output.write(json.toString().getBytes(StandardCharsets.UTF_8));
        return summary;
    }

    /**
     * @param context may be null outside Lambda
     * @throws software.amazon.awssdk.core.exception.SdkException when Step Functions fails; the whole
     *         event is retried, which restarts nothing already started
     */
    public Summary handle(S3Event event, Context context) {
        return handle(event, context, starter);
    }

    private static Summary handle(S3Event event, Context context, PromoteArtifactStarter start) {
        int started = 0;
        int duplicates = 0;
        int skipped = 0;
        for (S3EventNotificationRecord record : event.getRecords()) {
            switch (decide(record)) {
                case Decision.Skip skip -> {
                    skipped++;
                    log(context, "upload skipped", record, skip.reason(), null);
                }
                case Decision.Start upload -> {
                    ManifestUpload manifest = upload.upload();
                    StartedExecution result = start.start(manifest.executionName(), UploadExecutionInput.encode(manifest));
                    if (!result.alreadyStarted()) {
                        started++;
                        log(context, "execution started", record, null, result);
                    } else {
                        duplicates++;
                        log(context, "execution already started for this upload", record, null, result);
                    }
                }
            }
        }
        Summary summary = new Summary(started, duplicates, skipped);
        ObjectNode line = line(context, "event handled");
        line.put("started", started).put("duplicates", duplicates).put("skipped", skipped);
        write(context, line);
        return summary;
    }

    static Decision decide(S3EventNotificationRecord record) {
        String eventName = record.getEventName();
        if (eventName == null || !eventName.startsWith(OBJECT_CREATED)) {
            return new Decision.Skip("event " + eventName + " is not ObjectCreated:*");
        }
        S3Entity s3 = record.getS3();
        S3ObjectEntity object = s3 == null ? null : s3.getObject();
        String bucket = s3 == null || s3.getBucket() == null ? null : s3.getBucket().getName();
        if (bucket == null || bucket.isEmpty() || object == null || object.getKey() == null) {
            return new Decision.Skip("record has no s3.bucket.name or s3.object.key");
        }
        String key = decodedKey(object);
        if (key == null) {
            return new Decision.Skip("s3.object.key is not URL-encoded text");
        }
        if (!ManifestUpload.isManifestKey(key)) {
            return new Decision.Skip("key is not a " + ManifestUpload.MANIFEST_FILE_NAME);
        }
        if (!UploadExecutionName.canName(object.getVersionId(), object.geteTag())) {
            return new Decision.Skip("record has neither versionId nor eTag to tell this upload from a redelivery");
        }
        return new Decision.Start(new ManifestUpload(bucket, key, object.getVersionId(), object.geteTag(), object.getSizeAsLong()));
    }

    // S3 URL-encodes keys in events, a space as '+'; a malformed escape is refused rather than guessed at.
    private static String decodedKey(S3ObjectEntity object) {
        try {
            return object.getUrlDecodedKey();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static void log(Context context, String message, S3EventNotificationRecord record, String reason,
            StartedExecution result) {
        ObjectNode line = line(context, message);
        line.put("eventName", record.getEventName());
        if (record.getS3() != null) {
            if (record.getS3().getBucket() != null) line.put("bucket", record.getS3().getBucket().getName());
            if (record.getS3().getObject() != null) {
                String key = decodedKey(record.getS3().getObject());
                line.put("key", key != null ? key : record.getS3().getObject().getKey());
                line.put("versionId", record.getS3().getObject().getVersionId());
            }
        }
        if (reason != null) line.put("reason", reason);
        if (result != null) {
            line.put("executionName", result.executionName());
            line.put("executionArn", result.executionArn());
        }
        write(context, line);
    }

    private static ObjectNode line(Context context, String message) {
        ObjectNode line = JSON.createObjectNode();
        line.put("level", "INFO");
        line.put("function", "ArtifactUploaded");
        line.put("message", message);
        if (context != null) line.put("requestId", context.getAwsRequestId());
        return line;
    }

    // One JSON object per line, through the Lambda logger when there is one.
    private static void write(Context context, ObjectNode line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line.toString() + "\n");
        } else {
            System.out.println(line);
        }
    }
}
