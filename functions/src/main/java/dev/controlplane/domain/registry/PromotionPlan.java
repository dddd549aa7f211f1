package dev.controlplane.domain.registry;

import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.PromotionTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * What a promotion will do, said before anything moves (the execution's first output): which files are copied into
 * which environment's bucket and from where, and by whom, which environments wait for a person's approval first, and
 * what becomes of {@code latest}. It is the route as this stack's config sees it: the first copy is made here, each
 * later one by the stack of the environment it goes into, which pulls the version once told of it and whose own plan
 * (its arrival plan) is the one that counts there.
 *
 * @param copies    in promotion order
 * @param approvals the environments whose copy waits for an approval (asked and answered in that environment)
 * @param skipped   the environments that have the version already (a retry)
 * @param latest    what becomes of {@code latest}, in words
 */
public record PromotionPlan(List<Copy> copies, List<String> approvals, List<String> skipped, String latest) {

    /** The inbox the first environment's copy comes from. */
    public static final String INBOX = "the inbox";

    public PromotionPlan {
        copies = List.copyOf(copies);
        approvals = List.copyOf(approvals);
        skipped = List.copyOf(skipped);
    }

    /** Who makes the first copy: the stack whose execution this is. */
    public static final String HERE = "this stack";

    /**
     * @param from the bucket the files are copied from, or {@link #INBOX}
     * @param by   who makes the copy: {@link #HERE}, or the pull of the environment's own stack
     */
    public record Copy(String environment, String bucket, String from, List<String> keys, String by) {

        public Copy {
            keys = List.copyOf(keys);
        }
    }

    /** @param alreadyIn the environments that have the version and are skipped */
    public static PromotionPlan of(Build build, List<String> alreadyIn) {
        List<String> keys = build.files().stream().map(Build.PublishedFile::key).toList();
        List<Copy> copies = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        List<PromotionTarget> chain = build.environments();
        for (int i = 0; i < chain.size(); i++) {
            PromotionTarget target = chain.get(i);
            if (alreadyIn.contains(target.name())) {
                continue;
            }
            copies.add(new Copy(target.name(), target.bucket(), i == 0 ? INBOX : chain.get(i - 1).bucket(), keys,
                    i == 0 ? HERE : pulledBy(target)));
            // the first environment is published at once; approvals guard promotions along the chain
            if (i > 0 && target.approvalRequired()) {
                approvals.add(target.name());
            }
        }
        String latest = build.feature()
                ? "does not move: a feature-branch build is published to " + chain.get(0).name() + " only"
                : "moves to " + build.publishedVersion() + " in each environment it reaches once " + build.version()
                        + " is released (a GitHub release), unless a newer version is latest there";
        return new PromotionPlan(copies, approvals, alreadyIn, latest);
    }

    /** The words of a copy that the environment's own stack makes. */
    public static String pulledBy(PromotionTarget target) {
        return target.name() + "'s own stack, pulling the version once it is announced there";
    }
}
