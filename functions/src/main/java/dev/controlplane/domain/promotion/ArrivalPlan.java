package dev.controlplane.domain.promotion;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import java.util.List;
import java.util.Map;

/**
 * How an environment takes an announced version in (AcceptVersion's output, the workflow's {@code $build}): the
 * build's fields as the first environment registered them, each file's source pinned to the object version in the
 * environment before this one, this environment, the next one it announces the version to (null at the end of
 * the chain), and the smoke run this environment asks for. Field names are the workflow's JSON names.
 *
 * @param smoke        the run of the version on a job cluster here before it counts as here; null for none
 * @param smokeSkipped why this environment's smoke run cannot be made for this version; null when it is, or none is asked
 */
public record ArrivalPlan(String team, String project, String script, String version, String publishedVersion,
        String versionOrder, String branch, boolean feature, String commit, String repository, String artifact,
        String digest, boolean released, String from, List<Build.PublishedFile> files, PromotionTarget environment,
        PromotionTarget next, SmokeRun smoke, String smokeSkipped) {

    public ArrivalPlan {
        files = List.copyOf(files);
    }

    /** launch-cluster's operator parameters for the version (the workflow renames them to launch-cluster's). */
    public record SmokeRun(String team, String project, String script, String version, Map<String, String> parameters,
            int timeoutSeconds, int pollSeconds) {
    }
}
