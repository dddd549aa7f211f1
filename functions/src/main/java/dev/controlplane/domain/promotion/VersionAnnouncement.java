package dev.controlplane.domain.promotion;

import java.util.List;
import java.util.Objects;

/**
 * What an environment announces on the next environment's promotion bus when a released build is in it: the
 * version as it was validated in the first environment (its files, their SHA-256 and the digest over them) and,
 * for each file, the object version in the announcing environment's artifact bucket the next one pulls.
 *
 * @param account  the AWS account that put the event (EventBridge sets it; the announcer cannot choose it)
 * @param from     the announcing environment's name
 * @param released whether the version was released (made latest) where it comes from
 */
public record VersionAnnouncement(String account, String from, String team, String project, String script,
        String version, String publishedVersion, String versionOrder, String branch, String commit, String repository,
        String artifact, String digest, boolean released, List<AnnouncedFile> files) {

    public VersionAnnouncement {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(from, "from");
        files = List.copyOf(files);
    }

    /** One file, pinned: {@code versionId} is the object version in the announcing environment's bucket. */
    public record AnnouncedFile(String name, String key, String sha256, long size, String versionId) {
    }
}
