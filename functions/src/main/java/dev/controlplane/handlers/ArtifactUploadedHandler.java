package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.aws.SfnPromoteArtifactStarter;
import dev.controlplane.domain.LeanJson;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.domain.upload.UploadNotice;
import dev.controlplane.domain.upload.UploadReceiver;
import dev.controlplane.domain.upload.UploadReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda {@code ArtifactUploaded}: the artifacts inbox's S3 event notification in, one promote-artifact execution
 * per {@code manifest.json} version out ({@link UploadReceiver}). Answers {@code {started, duplicates, skipped}}.
 *
 * <p>A stream handler that reads of each record only what the receiver needs ({@link UploadNotice}), with
 * Jackson's streaming reader: no events-library objects and no ObjectMapper on the cold start, and the same
 * behaviour in AWS, under SAM and in the local runtime.
 */
public final class ArtifactUploadedHandler implements RequestStreamHandler {

    private static final String INPUT = "S3 event";
    private static final String EXPECTED = "expected an S3 event notification {\"Records\": [...]}";

    /** What one invocation did: executions started, redeliveries of an upload already started, records skipped. */
    public record Summary(int started, int duplicates, int skipped) {
    }

    static final String FUNCTION = "ArtifactUploaded";

    private final UploadReceiver receiver;
    private final HandlerShell shell;

    /** The Lambda runtime's constructor: clients are built once, here, from the environment. */
    public ArtifactUploadedHandler() {
        this(System.getenv());
    }

    /** For a runtime that hosts the handler in-process and hands it the template's environment. */
    public ArtifactUploadedHandler(Map<String, String> environment) {
        this(new UploadReceiver(SfnPromoteArtifactStarter.fromEnvironment(environment)),
                // SnapStart: a made-up upload through the SDK before the snapshot, answered from memory
                HandlerShell.primed(FUNCTION, () -> SnapStartPriming.primeUpload(environment, SnapStartPriming.http())));
    }

    /** On a starter of the caller's (a test, an in-process host): no SnapStart priming. */
    public ArtifactUploadedHandler(PromoteArtifactStarter starter) {
        this(new UploadReceiver(starter), HandlerShell.of(FUNCTION));
    }

    private ArtifactUploadedHandler(UploadReceiver receiver, HandlerShell shell) {
        this.receiver = receiver;
        this.shell = shell;
    }

    /** The SnapStart hook this handler registered. */
    SnapStartHook priming() {
        return shell.priming();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        shell.stream(input, output, context, (in, out, c) -> handle(receiver, in, out));
    }

    /**
     * One event through {@code receiver}: the path SnapStart priming runs too.
     */
    static Summary handle(UploadReceiver receiver, InputStream input, OutputStream output) throws IOException {
        int started = 0;
        int duplicates = 0;
        int skipped = 0;
        for (UploadNotice notice : notices(input)) {
            switch (receiver.receive(notice)) {
                case UploadReply.Skipped skip -> {
                    skipped++;
                    Map<String, Object> line = fields(notice);
                    line.put("reason", skip.reason());
                    TaskLog.info("upload skipped", line);
                }
                case UploadReply.Started start -> {
                    String message;
                    if (start.execution().alreadyStarted()) {
                        duplicates++;
                        message = "execution already started for this upload";
                    } else {
                        started++;
                        message = "execution started";
                    }
                    Map<String, Object> line = fields(notice);
                    line.put("executionName", start.execution().executionName());
                    line.put("executionArn", start.execution().executionArn());
                    TaskLog.info(message, line);
                }
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("started", started);
        counts.put("duplicates", duplicates);
        counts.put("skipped", skipped);
        TaskLog.info("event handled", counts);
        output.write(LeanJson.write(counts).getBytes(StandardCharsets.UTF_8));
        return new Summary(started, duplicates, skipped);
    }

    /**
     * The records of an S3 event notification, each as the receiver reads it.
     *
     * @throws IllegalArgumentException naming the field when the JSON is not an S3 event notification
     */
    static List<UploadNotice> notices(InputStream json) {
        byte[] bytes;
        try {
            bytes = json.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(INPUT + ": could not be read", e);
        }
        JsonNode root;
        try {
            root = LeanJson.readTree(bytes);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(INPUT + ": document is not valid JSON (" + problem + "); " + EXPECTED);
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException(INPUT + ": Records is missing or not an array; " + EXPECTED);
        }
        List<UploadNotice> notices = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            JsonNode object = record.path("s3").path("object");
            JsonNode size = object.get("size");
            notices.add(new UploadNotice(text(record, "eventName"), text(record.path("s3").path("bucket"), "name"),
                    text(object, "key"), text(object, "versionId"), text(object, "eTag"),
                    size != null && size.canConvertToLong() ? size.asLong() : null));
        }
        return notices;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, Object> fields(UploadNotice notice) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("eventName", notice.eventName());
        line.put("bucket", notice.bucket());
        String key = notice.key();
        line.put("key", key != null ? key : notice.encodedKey());
        line.put("versionId", notice.versionId());
        return line;
    }
}
