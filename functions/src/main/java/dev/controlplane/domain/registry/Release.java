package dev.controlplane.domain.registry;

import dev.controlplane.domain.ArtifactNaming;
import java.util.List;
import java.util.Objects;

/**
 * A version released in a repository: every script of its project that registered the version is released.
 *
 * @param repository GitHub's {@code owner/name}, for messages
 */
public record Release(String team, String project, List<String> scripts, String version, String repository) {

    public Release {
        String input = "release of " + repository;
        ArtifactNaming.requireTeam(input, team);
        ArtifactNaming.requireProject(input, project);
        scripts = List.copyOf(scripts);
        scripts.forEach(script -> ArtifactNaming.requireScript(input, script));
        ArtifactNaming.requireVersion(input, version);
        Objects.requireNonNull(repository, "repository");
    }

    /** The registry artifact of one of its scripts. */
    public String artifact(String script) {
        return team + "/" + project + "/" + script;
    }
}
