package dev.controlplane.domain.replication;

/**
 * Whether a target object already holds the source's bytes, from what a listing shows.
 *
 * <p>Equal size and equal ETag: the same bytes (an MD5 for single-part objects; for multipart objects the MD5 of
 * the parts' MD5s, equal only for the same bytes in the same parts, which is why the copier copies a multipart
 * source in the source's own part size). Different sizes: changed. Equal size but different ETags is undecided,
 * not changed: the same bytes uploaded in other parts, or encrypted with SSE-KMS, have another ETag. Undecided
 * pairs are settled by full-object checksums when both sides have one of the same algorithm, else copied.
 */
public enum ObjectComparison {
    SAME, CHANGED, UNDECIDED;

    public static ObjectComparison of(ListedObject source, ListedObject target) {
        if (source.size() != target.size()) {
            return CHANGED;
        }
        if (!source.etag().isEmpty() && source.etag().equals(target.etag())) {
            return SAME;
        }
        return UNDECIDED;
    }
}
