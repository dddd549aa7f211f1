package dev.controlplane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.controlplane.local.nio2blob.VersionedFilesystemStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * S3 served by S3Proxy over a filesystem blob store: each bucket a folder under {@code root}, so objects survive a
 * restart, with their versions where the bucket enables versioning ({@link VersionedFilesystemStore}), and each
 * object listed only once whole ({@link WholeObjectsStore}). It listens on a free loopback port behind the {@link AwsGateway}, which is where S3 event notifications
 * are seen; requests are not authenticated (any credentials work, as with every local endpoint). It serves under a
 * random path ({@link #url} ends with it), so that nothing reaches it but through the gateway.
 */
final class S3Service implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI url;
    private final S3WriteJournal journal;
    private final String versionsNotKept;

    private S3Service(S3Proxy proxy, String servicePath, BlobStore store, S3WriteJournal journal, String versionsNotKept) {
        this.proxy = proxy;
        this.store = store;
        this.journal = journal;
        this.versionsNotKept = versionsNotKept;
        this.url = URI.create("http://127.0.0.1:" + proxy.getPort() + servicePath);
    }

    /** The journal of the writes in flight; at start, what the last process's unfinished writes left was removed. */
    S3WriteJournal journal() {
        return journal;
    }

    static S3Service start(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data folder " + root + ": " + e.getMessage(), e);
        }
        // before S3 serves anything: the temporary files of writes a killed process left are removed
        S3WriteJournal journal = S3WriteJournal.open(root.resolveSibling("s3-writes.journal"), root.toAbsolutePath());
        VersionedFilesystemStore.Opened disk = VersionedFilesystemStore.open(root.toAbsolutePath());
        BlobStore store = new WholeObjectsStore(disk.store(), journal);
        // S3Proxy's server is its own, with no Host check to add: it serves under a path no one else knows, which the
        // AWS endpoint forwards to, so that a page whose DNS name was rebound to 127.0.0.1 finds nothing at its port
        byte[] token = new byte[16];
        new java.security.SecureRandom().nextBytes(token);
        String servicePath = "/" + java.util.HexFormat.of().formatHex(token);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .servicePath(servicePath)
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                // idle keep-alive connections would hold a graceful stop for Jetty's default 30 s
                .stopTimeout(200)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting S3Proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
        }
        return new S3Service(proxy, servicePath, store, journal, disk.versionsNotKept());
    }

    URI url() {
        return url;
    }

    /** Whether the store keeps object versions ({@link VersionedFilesystemStore}). */
    boolean keepsVersions() {
        return store.supportsVersioning();
    }

    /** Why the store keeps one version of each key, or null when it keeps versions. */
    String versionsNotKept() {
        return versionsNotKept;
    }

    /** Creates the bucket unless it exists (from a previous start), with versioning as the template asks. */
    boolean ensureBucket(String name, boolean versioned) {
        boolean created = !store.containerExists(name);
        if (created) store.createContainer(name);
        if (versioned && store.supportsVersioning() && store.getBucketVersioning(name) != BucketVersioningStatus.ENABLED) {
            store.putBucketVersioning(name, BucketVersioningStatus.ENABLED);
        }
        return created;
    }

    @Override
    public void close() {
        journal.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping: nothing more to do with a server that will not stop cleanly
        }
    }
}
