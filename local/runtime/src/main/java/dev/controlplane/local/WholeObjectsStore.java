package dev.controlplane.local;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The filesystem store as S3 shows objects: only whole. The store writes an object to {@code {key}-{random UUID}}
 * beside the key and then moves it into place, so a listing taken during a write would show that file as an object.
 * Every object write (PutObject, CopyObject, CompleteMultipartUpload) is tracked here while it runs, in memory for
 * the listings, which leave out the temporary file of each write in flight, and in the {@link S3WriteJournal}, so
 * that what a killed process left is removed at the next start. Whatever reaches the store (the AWS endpoint, or
 * S3Proxy's own port) goes through here.
 */
final class WholeObjectsStore extends ForwardingBlobStore {
    private final S3WriteJournal journal;
    /** bucket + '/' + key of each write in flight, with how many writes of it run. */
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    WholeObjectsStore(BlobStore store, S3WriteJournal journal) {
        super(store);
        this.journal = journal;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        return tracked(request.bucket(), request.key(), () -> super.putBlob(request, content));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return tracked(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        return tracked(request.bucket(), request.key(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response page = super.list(request);
        if (inFlight.isEmpty()) return page;
        List<S3Object> whole = page.contents().stream().filter(o -> !temporary(request.bucket(), o.key())).toList();
        if (whole.size() == page.contents().size()) return page;
        return page.toBuilder().contents(whole).keyCount(page.keyCount() == null ? null
                : page.keyCount() - (page.contents().size() - whole.size())).build();
    }

    @Override
    public ListObjectVersionsResponse listVersions(ListObjectVersionsRequest request) {
        ListObjectVersionsResponse page = super.listVersions(request);
        if (inFlight.isEmpty()) return page;
        List<ObjectVersion> whole = page.versions().stream().filter(v -> !temporary(request.bucket(), v.key())).toList();
        return whole.size() == page.versions().size() ? page : page.toBuilder().versions(whole).build();
    }

    /** Whether {@code key} is the temporary file of a write in flight of {@code bucket}. */
    private boolean temporary(String bucket, String key) {
        return S3WriteJournal.temporaryFileOf(key).filter(written -> inFlight.containsKey(bucket + "/" + written)).isPresent();
    }

    private <T> T tracked(String bucket, String key, Supplier<T> write) {
        String name = bucket + "/" + key;
        inFlight.merge(name, 1, Integer::sum);
        long id = journal.started(bucket, key);
        try {
            return write.get();
        } finally {
            journal.ended(id);
            inFlight.computeIfPresent(name, (k, n) -> n == 1 ? null : n - 1);
        }
    }
}
