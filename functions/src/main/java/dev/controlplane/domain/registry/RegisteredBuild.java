package dev.controlplane.domain.registry;

import dev.controlplane.domain.build.Build;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/**
 * A version's validated build as the registry holds it ({@code VERSION#} item): enough to promote it again without
 * the inbox upload.
 *
 * @param environments where it is published
 */
public record RegisteredBuild(String team, String project, String script, String version, String publishedVersion,
        String versionOrder, String branch, boolean feature, String commit, String repository, String digest,
        List<Build.PublishedFile> files, SortedSet<String> environments) {

    public RegisteredBuild {
        Objects.requireNonNull(publishedVersion, "publishedVersion");
        files = List.copyOf(files);
        environments = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(environments));
    }

    public String artifact() {
        return team + "/" + project + "/" + script;
    }
}
