package dev.controlplane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 writes in flight, so that a write cut short by a killed process leaves no object behind. S3Proxy's filesystem
 * store writes an object to {@code {key}-{random UUID}} beside it, then moves it into place: a process killed in between
 * leaves that file, which S3Proxy then lists as an object. Each object write to the store is recorded here
 * ({@link WholeObjectsStore}) when it starts and when it ends (appended to a file, which survives SIGKILL as the kernel holds it); at the next
 * start, before S3 serves anything, the temporary files of the writes that never ended are removed, and only those:
 * {@code {key}-{UUID}} beside a key whose write was in flight.
 */
final class S3WriteJournal implements AutoCloseable {
    private static final Pattern TEMPORARY = Pattern.compile(
            "(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", Pattern.DOTALL);

    private final FileChannel out;
    private final AtomicLong ids = new AtomicLong();
    private final List<String> removed;

    private S3WriteJournal(FileChannel out, List<String> removed) {
        this.out = out;
        this.removed = removed;
    }

    /** Removes what the writes left in flight by the last process left in {@code s3Root}, then opens a new journal. */
    static S3WriteJournal open(Path journal, Path s3Root) {
        try {
            List<String> removed = Files.exists(journal) ? recover(Files.readAllLines(journal, StandardCharsets.UTF_8), s3Root)
                    : List.of();
            FileChannel out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new S3WriteJournal(out, removed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the S3 write journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /** The temporary files removed at start, as {@code bucket/file}. */
    List<String> removedAtStart() {
        return removed;
    }

    /** Records a write of {@code bucket}/{@code key} as started; returns its id for {@link #ended}. */
    long started(String bucket, String key) {
        long id = ids.incrementAndGet();
        append("+ " + id + " " + encode(bucket) + " " + encode(key) + "\n");
        return id;
    }

    void ended(long id) {
        append("- " + id + "\n");
    }

    private void append(String line) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (out) {
                while (bytes.hasRemaining()) out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the S3 write journal: " + e.getMessage(), e);
        }
    }

    private static List<String> recover(List<String> lines, Path s3Root) throws IOException {
        Map<String, String[]> inFlight = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[0].equals("+")) inFlight.put(f[1], new String[] {decode(f[2]), decode(f[3])});
            else if (f.length == 2 && f[0].equals("-")) inFlight.remove(f[1]);
        }
        List<String> removed = new ArrayList<>();
        for (String[] write : inFlight.values()) {
            Path bucket = s3Root.resolve(write[0]).normalize();
            Path object = bucket.resolve(write[1]).normalize();
            Path folder = object.getParent();
            // a key is a path under its bucket's folder: anything else is not S3Proxy's to clean
            if (folder == null || !object.startsWith(bucket) || !Files.isDirectory(folder)) continue;
            String name = object.getFileName().toString();
            try (var siblings = Files.list(folder)) {
                for (Path sibling : siblings.toList()) {
                    String s = sibling.getFileName().toString();
                    if (temporaryFileOf(s).filter(name::equals).isPresent() && Files.isRegularFile(sibling)) {
                        Files.delete(sibling);
                        removed.add(write[0] + "/" + bucket.relativize(sibling));
                    }
                }
            }
        }
        return removed;
    }

    /** The name whose write {@code name} is the temporary file of ({@code {name}-{UUID}}), if it is one. */
    static Optional<String> temporaryFileOf(String name) {
        Matcher temporary = TEMPORARY.matcher(name);
        return temporary.matches() ? Optional.of(temporary.group(1)) : Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // stopping: the journal is read again at the next start
        }
    }
}
