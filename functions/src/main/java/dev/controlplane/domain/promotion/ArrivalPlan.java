package dev.controlplane.domain.promotion;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import java.util.List;

/**
 * How an environment takes an announced version in (AcceptVersion's output, the workflow's {@code $build}): the
 * build's fields as the first environment registered them, each file's source pinned to the object version in the
 * environment before this one, this environment, and the next one it announces the version to (null at the end of
 * the chain). Field names are the workflow's JSON names.
 */
public record ArrivalPlan(String team, String project, String script, String version, String publishedVersion,
        String versionOrder, String branch, boolean feature, String commit, String repository, String artifact,
        String digest, boolean released, String from, List<Build.PublishedFile> files, PromotionTarget environment,
        PromotionTarget next) {

    public ArrivalPlan {
        files = List.copyOf(files);
    }
}
