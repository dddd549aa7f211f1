package dev.controlplane.domain.publish;

import java.util.LinkedHashMap;
import java.util.Map;

/** The user metadata every published object carries: what it is, so a republish can tell same bytes from other. */
public final class PublishedMetadata {

    public static final String SHA256 = "sha256";
    public static final String COMMIT = "commit";
    public static final String PUBLISHED_VERSION = "published-version";

    private PublishedMetadata() {
    }

    /** The metadata of one published file; the commit is left out when unknown. */
    public static Map<String, String> of(PublishFile file, PublishRequest request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SHA256, file.sha256());
        if (request.commit() != null && !request.commit().isBlank()) {
            metadata.put(COMMIT, request.commit());
        }
        metadata.put(PUBLISHED_VERSION, request.publishedVersion());
        return Map.copyOf(metadata);
    }
}
