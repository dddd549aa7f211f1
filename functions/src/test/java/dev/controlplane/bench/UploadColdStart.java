package dev.controlplane.bench;

import dev.controlplane.handlers.ArtifactUploadedHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start of the upload function, for whole-process timing: the handler built as Lambda builds it
 * (no-arg constructor, environment variables), then the sample S3 event as bytes, its object version id
 * replaced by a fresh one so every process starts an execution. Exits 1 unless one was started. Prints its phases
 * on stderr ({@link Phases}: construction, SnapStart's priming with {@code BENCH_PRIME=1}, the invocation).
 *
 * <p>Usage: {@code UploadColdStart events/s3-manifest-put.json}
 */
public final class UploadColdStart {

    private UploadColdStart() {
    }

    public static void main(String[] args) throws IOException {
        Phases phases = new Phases();
        ArtifactUploadedHandler handler = new ArtifactUploadedHandler();
        phases.built(handler);
        String event = Files.readString(Path.of(args[0]))
                .replaceFirst("\"versionId\"\\s*:\\s*\"[^\"]*\"", "\"versionId\": \"" + UUID.randomUUID() + "\"");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, new BenchContext("ArtifactUploaded"));
        phases.report();
        String summary = output.toString(StandardCharsets.UTF_8);
        System.out.println(summary);
        if (!summary.contains("\"started\":1")) {
            System.exit(1);
        }
    }
}
