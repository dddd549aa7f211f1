package dev.controlplane.domain.launch;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A version of an artifact as the registry has it, with the keys of its published files.
 *
 * @param environments where it is published
 * @param fileKeys     the keys of its files in each environment's artifacts bucket (script and wheel)
 */
public record PublishedVersion(String artifact, String publishedVersion, SortedSet<String> environments,
        List<String> fileKeys) {

    public PublishedVersion {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(publishedVersion, "publishedVersion");
        environments = Collections.unmodifiableSortedSet(new TreeSet<>(environments));
        fileKeys = List.copyOf(fileKeys);
    }
}
