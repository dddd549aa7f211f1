package dev.controlplane.local.nio2blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy's filesystem store with object versions kept, as every bucket of the template asks. S3Proxy 4.1.0 has
 * S3's versioning in its NIO.2 store (version ids in PUT answers, GET, HEAD, COPY and DELETE by versionId, delete
 * markers, ListObjectVersions; older versions kept under each bucket's {@code .s3proxy-versions}, ids in extended
 * attributes) but turns it on only for its in-memory store: it numbers versions with a counter that starts at 1 in
 * every process, so on disk a restart would hand out ids (and archive file names) that exist already. Here the
 * counter is first moved past every id on disk, so ids stay unique across restarts; versioning is then S3Proxy's.
 * Where the folder's filesystem has no extended attributes, or S3Proxy's counter is not where 4.1.0 keeps it, the
 * plain filesystem store is used and the reason given ({@link Opened#versionsNotKept}), which up names at start-up.
 *
 * <p>In a package named {@code nio2blob} on purpose: S3Proxy tells its backends apart by class name, and serves
 * conditional writes (If-Match, If-None-Match) only to a store whose class is in a {@code .nio2blob.} package.
 */
public final class VersionedFilesystemStore extends AbstractNio2BlobStore {
    private static final String VERSIONS = ".s3proxy-versions";
    private static final String VERSION_ID = "version-id";
    private static final Pattern ID = Pattern.compile("v(\\d{16})");
    private static final Pattern ARCHIVED = Pattern.compile("-(\\d{16})$");

    private VersionedFilesystemStore(Path root) {
        super(root);
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }

    /** A store {@link #open} returned, and why it keeps no versions (null when it keeps them). */
    public record Opened(BlobStore store, String versionsNotKept) {}

    /** The store for {@code root} (which exists): versioned where it can be, else S3Proxy's plain filesystem store. */
    public static Opened open(Path root) {
        String whyNot = whyNot(root);
        if (whyNot != null) return new Opened(new FilesystemNio2BlobStore(root.toString()), whyNot);
        counter().accumulateAndGet(highestOnDisk(root), Math::max);
        return new Opened(new VersionedFilesystemStore(root), null);
    }

    private static String whyNot(Path root) {
        try {
            if (!Files.getFileStore(root).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
                return "the filesystem of " + root + " has no extended attributes, where S3Proxy keeps version ids";
            }
            Path probe = Files.createTempFile(root, ".xattr-probe", "");
            try {
                Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class).write("probe", ByteBuffer.wrap(new byte[] {1}));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "the filesystem of " + root + " refused an extended attribute (" + e.getMessage() + ")";
        }
        try {
            counter();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        return null;
    }

    private static AtomicLong counter() {
        try {
            Field field = AbstractNio2BlobStore.class.getDeclaredField("VERSION_SEQUENCE");
            field.setAccessible(true);
            return (AtomicLong) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this S3Proxy keeps its version counter elsewhere than 4.1.0 (" + e + ")", e);
        }
    }

    /** The highest version number under {@code root}: current objects' ids and archived versions' file names. */
    private static long highestOnDisk(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(VersionedFilesystemStore::number).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the versions kept under " + root + ": " + e.getMessage(), e);
        }
    }

    private static long number(Path file) {
        long highest = 0;
        if (file.getParent() != null && file.getParent().getFileName().toString().equals(VERSIONS)) {
            Matcher archived = ARCHIVED.matcher(file.getFileName().toString());
            if (archived.find()) highest = Long.parseLong(archived.group(1));
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (view != null && view.list().contains(VERSION_ID)) {
                ByteBuffer value = ByteBuffer.allocate(view.size(VERSION_ID));
                view.read(VERSION_ID, value);
                Matcher id = ID.matcher(new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
                if (id.matches()) highest = Math.max(highest, Long.parseLong(id.group(1)));
            }
        } catch (IOException e) {
            // a file that vanished or cannot be read has no id to count
        }
        return highest;
    }
}
