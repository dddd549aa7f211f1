package dev.controlplane.domain.promotion;

import dev.controlplane.domain.AnnouncementRefusedException;
import dev.controlplane.domain.RetryRefusedException;
import dev.controlplane.domain.build.Build;
import dev.controlplane.domain.build.BuildValidator;
import dev.controlplane.domain.build.PromotionTarget;
import dev.controlplane.domain.config.ClusterConfig;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.SmokeRunConfig;
import dev.controlplane.domain.config.TeamConfig;
import dev.controlplane.domain.registry.RegisteredBuild;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An environment taking in a version announced by the one before it. Which environment that is, where its artifact
 * bucket is and whether this one needs approval come from this environment's own config, never from the event: the
 * event only says which version, which files and which object versions. Refused
 * ({@link AnnouncementRefusedException}, nothing copied): an announcement from another account or environment, by
 * the first environment of the chain (nothing comes before it), with a file that is unpinned, outside the artifact's
 * folder or in its index, or files that do not add up to the announced digest.
 */
public final class VersionArrivals {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final PlatformConfig config;
    private final EnvironmentConfig here;
    private final EnvironmentConfig previous;
    private final EnvironmentConfig next;

    /**
     * @param config      this stack's packaged config
     * @param environment this stack's environment
     * @throws IllegalArgumentException when the config has no such environment
     */
    public VersionArrivals(PlatformConfig config, String environment) {
        List<EnvironmentConfig> chain = config.environments();
        int at = -1;
        for (int i = 0; i < chain.size(); i++) if (chain.get(i).name().equals(environment)) at = i;
        if (at < 0) {
            throw new IllegalArgumentException("this stack's environment " + environment
                    + " is not in the packaged config's environments (" + String.join(", ",
                    chain.stream().map(EnvironmentConfig::name).toList()) + ")");
        }
        this.config = config;
        this.here = chain.get(at);
        this.previous = at == 0 ? null : chain.get(at - 1);
        this.next = at + 1 < chain.size() ? chain.get(at + 1) : null;
    }

    /** Whether this environment is the first of the chain: builds arrive in it from CI, nothing is announced to it. */
    public boolean first() {
        return previous == null;
    }

    /** This environment's name. */
    public String environment() {
        return here.name();
    }

    /**
     * The arrival of a version announced here before, planned again from this environment's registry: each file
     * pulled from the object version first announced.
     *
     * @throws RetryRefusedException when the version did not arrive from the environment before this one, or a file
     *                               has no pinned source
     */
    public ArrivalPlan again(RegisteredBuild b) {
        RegisteredBuild.Arrival arrival = b.arrival();
        if (previous == null || arrival == null || !arrival.from().equals(previous.name())) {
            throw new RetryRefusedException(b.artifact(), b.publishedVersion(), "was not announced to " + here.name()
                    + (arrival == null ? "" : " by " + (previous == null ? "anyone" : previous.name()) + " (it came from "
                    + arrival.from() + ")"), "a version " + (previous == null ? "published here" : previous.name()
                    + " announced to " + here.name()));
        }
        List<Build.PublishedFile> files = new ArrayList<>();
        for (Build.PublishedFile f : b.files()) {
            String versionId = arrival.sources().get(f.key());
            if (versionId == null) {
                throw new RetryRefusedException(b.artifact(), b.publishedVersion(), "has no pinned source for " + f.key(),
                        "the object version in " + previous.name() + " it was announced with");
            }
            files.add(new Build.PublishedFile(f.name(), f.key(), f.sha256(), f.size(),
                    new Build.SourceObject(previous.artifactsBucket(), f.key(), versionId)));
        }
        return plan(b.team(), b.project(), b.script(), b.version(), b.publishedVersion(), b.versionOrder(), b.branch(),
                b.commit(), b.repository(), b.artifact(), b.digest(), arrival.released(), files);
    }

    public ArrivalPlan accept(VersionAnnouncement a) {
        Objects.requireNonNull(a, "announcement");
        if (previous == null) {
            throw new AnnouncementRefusedException("from", "is " + a.from() + ", but " + here.name()
                    + " is the first environment of the chain", "no announcement: builds arrive in " + here.name()
                    + " from CI");
        }
        if (!previous.account().equals(a.account())) {
            throw new AnnouncementRefusedException("account", "is " + a.account(), previous.account() + ", the account of "
                    + previous.name() + ", the environment before " + here.name());
        }
        if (!previous.name().equals(a.from())) {
            throw new AnnouncementRefusedException("from", "is " + a.from(), previous.name() + ", the environment before "
                    + here.name());
        }
        String folder = a.team() + "/" + a.project() + "/" + a.script();
        if (!folder.equals(a.artifact())) {
            throw new AnnouncementRefusedException("artifact", "is " + a.artifact(), folder + " ({team}/{project}/{script})");
        }
        if (a.files().isEmpty()) {
            throw new AnnouncementRefusedException("files", "is empty", "the version's files");
        }
        List<Build.PublishedFile> files = new ArrayList<>();
        for (int i = 0; i < a.files().size(); i++) {
            VersionAnnouncement.AnnouncedFile f = a.files().get(i);
            String at = "files[" + i + "]";
            if (!f.key().startsWith(folder + "/") || f.key().contains("/_index/") || f.key().contains("..")
                    || f.key().contains("//")) {
                throw new AnnouncementRefusedException(at + ".key", "is " + f.key(), "a key under " + folder
                        + "/, outside its _index/");
            }
            if (!SHA256.matcher(f.sha256()).matches()) {
                throw new AnnouncementRefusedException(at + ".sha256", "is " + f.sha256(), "64 lowercase hex digits");
            }
            if (f.versionId() == null || f.versionId().isBlank()) {
                throw new AnnouncementRefusedException(at + ".versionId", "is missing",
                        "the object version in " + previous.name() + "'s artifact bucket (files are pulled pinned)");
            }
            files.add(new Build.PublishedFile(f.name(), f.key(), f.sha256(), f.size(),
                    new Build.SourceObject(previous.artifactsBucket(), f.key(), f.versionId())));
        }
        String digest = BuildValidator.digest(files);
        if (!digest.equals(a.digest())) {
            throw new AnnouncementRefusedException("digest", "is " + a.digest() + ", but the files' checksums give "
                    + digest, "the digest registered when the build was validated");
        }
        return plan(a.team(), a.project(), a.script(), a.version(), a.publishedVersion(), a.versionOrder(), a.branch(),
                a.commit(), a.repository(), a.artifact(), a.digest(), a.released(), files);
    }

    private ArrivalPlan plan(String team, String project, String script, String version, String publishedVersion,
            String versionOrder, String branch, String commit, String repository, String artifact, String digest,
            boolean released, List<Build.PublishedFile> files) {
        ArrivalPlan.SmokeRun smoke = null;
        String skipped = null;
        if (here.smokeRun()) {
            Optional<ClusterConfig> clusters = config.teams().stream().filter(t -> t.name().equals(team)).findFirst()
                    .flatMap(TeamConfig::clusters);
            if (clusters.isEmpty() || clusters.get().workspace(here.name()).isEmpty()) {
                skipped = team + " has no Databricks workspace in " + here.name() + " (config/teams/" + team
                        + ".json, clusters.workspaces) to run " + artifact + " " + publishedVersion + " on";
            } else {
                SmokeRunConfig given = clusters.get().smoke()
                        .orElse(new SmokeRunConfig(Map.of(), SmokeRunConfig.DEFAULT_TIMEOUT_SECONDS));
                smoke = new ArrivalPlan.SmokeRun(team, project, script, publishedVersion, given.parameters(),
                        given.timeoutSeconds(), given.pollSeconds());
            }
        }
        return new ArrivalPlan(team, project, script, version, publishedVersion, versionOrder, branch, false, commit,
                repository, artifact, digest, released, previous.name(), files, PromotionTarget.of(here),
                next == null ? null : PromotionTarget.of(next), smoke, skipped);
    }
}
