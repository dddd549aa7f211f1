package dev.controlplane.domain.launch;

import java.util.List;
import java.util.Objects;

/**
 * A version of an artifact published in the environment, with the keys of its files.
 *
 * @param fileKeys the keys of its files in the environment's artifacts bucket (script and wheel)
 */
public record PublishedVersion(String artifact, String publishedVersion, List<String> fileKeys) {

    public PublishedVersion {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(publishedVersion, "publishedVersion");
        fileKeys = List.copyOf(fileKeys);
    }
}
