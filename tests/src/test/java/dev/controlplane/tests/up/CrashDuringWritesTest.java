package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testsupport.EndToEndTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects are listed only once whole: while writes are in flight and after a {@code kill -9} of up during them, S3
 * lists only the objects that were written whole, never the temporary files the filesystem store writes beside them.
 */
@EndToEndTest
class CrashDuringWritesTest {
    static final String BUCKET = "acme-lake-staging-222222222222";

    @TempDir
    Path dir;

    @Test
    void onlyWholeObjectsAreListedDuringWritesAndAfterASigkillOfThem() throws Exception {
        Path data = dir.resolve("data");
        Path bucketFolder = data.resolve("s3").resolve(BUCKET);
        try (UpProcess up = UpProcess.start(data)) {
            try (UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
                aws.s3.putObject(p -> p.bucket(BUCKET).key("landing/whole.json"), RequestBody.fromString("{\"whole\": true}"));
            }
            // three writes of 64 MiB announced, 4 MiB of each sent, then the process killed
            int port = up.aws.getPort();
            List<Socket> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /" + BUCKET + "/landing/part-0000" + i + ".json HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Length: " + (64 << 20) + "\r\nContent-Type: application/json\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[4 << 20]);
                out.flush();
                writes.add(socket);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (temporaryFiles(bucketFolder).size() < 3) {
                assertThat(System.nanoTime()).as("the store writes each object beside its key first").isLessThan(deadline);
                Thread.sleep(50);
            }
            // during the writes, as after them: a listing shows whole objects only
            assertThat(temporaryFiles(bucketFolder)).as("the writes are in flight").hasSize(3);
            try (UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
                assertThat(keys(aws, "landing/")).as("listed while three writes are in flight").containsExactly("landing/whole.json");
                assertThat(aws.s3.listObjects(l -> l.bucket(BUCKET).prefix("landing/")).contents().stream().map(S3Object::key))
                        .as("listed (ListObjects v1) while three writes are in flight").containsExactly("landing/whole.json");
            }
            up.kill();
            for (Socket socket : writes) socket.close();
        }
        assertThat(temporaryFiles(bucketFolder)).as("what the killed writes left on disk").hasSize(3);

        try (UpProcess up = UpProcess.start(data); UpEndToEndTest.Clients aws = new UpEndToEndTest.Clients(up.aws)) {
            assertThat(keys(aws, "landing/")).as("only the object written whole").containsExactly("landing/whole.json");
            assertThat(temporaryFiles(bucketFolder)).isEmpty();
            assertThat(up.output()).contains("s3: removed 3 temporary file(s) of writes cut short when up last stopped");
        }
    }

    private static List<String> keys(UpEndToEndTest.Clients aws, String prefix) {
        return aws.s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static List<Path> temporaryFiles(Path folder) throws Exception {
        Path landing = folder.resolve("landing");
        if (!Files.isDirectory(landing)) return List.of();
        try (var files = Files.list(landing)) {
            return files.filter(f -> f.getFileName().toString().matches("part-0000\\d\\.json-[0-9a-f-]{36}")).toList();
        }
    }
}
