package dev.controlplane.domain.registry;

import dev.controlplane.domain.build.Build;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * A version's validated build as the registry holds it ({@code VERSION#} item): enough to promote it again without
 * the inbox upload.
 *
 * @param environments where it is published
 * @param copies       each file's key to its object version in this environment's artifact bucket (what the next
 *                     environment pulls); empty when unknown
 * @param arrival      how it came into an environment that pulls; null in the first environment
 */
public record RegisteredBuild(String team, String project, String script, String version, String publishedVersion,
        String versionOrder, String branch, boolean feature, String commit, String repository, String digest,
        List<Build.PublishedFile> files, SortedSet<String> environments, Map<String, String> copies, Arrival arrival) {

    public RegisteredBuild {
        Objects.requireNonNull(publishedVersion, "publishedVersion");
        files = List.copyOf(files);
        environments = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(environments));
        copies = Map.copyOf(copies);
    }

    /** A build of the first environment, its copies unknown. */
    public RegisteredBuild(String team, String project, String script, String version, String publishedVersion,
            String versionOrder, String branch, boolean feature, String commit, String repository, String digest,
            List<Build.PublishedFile> files, SortedSet<String> environments) {
        this(team, project, script, version, publishedVersion, versionOrder, branch, feature, commit, repository, digest,
                files, environments, Map.of(), null);
    }

    public String artifact() {
        return team + "/" + project + "/" + script;
    }

    /**
     * A version announced to this environment by the one before it.
     *
     * @param from      the environment it was announced by
     * @param sources   each file's key to the object version there it is pulled from
     * @param released  whether a release was announced for it
     * @param claimedBy the execution taking it in (or that did), null when none claimed it
     */
    public record Arrival(String from, Map<String, String> sources, boolean released, String claimedBy) {

        public Arrival {
            Objects.requireNonNull(from, "from");
            sources = Map.copyOf(sources);
        }
    }
}
