package dev.controlplane.domain;

import java.util.List;

/**
 * A release of a version that no script of the repository's project has registered: nothing was published from
 * the default branch under that version, so there is nothing to make {@code latest}.
 */
public final class VersionNotFoundException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    private final String repository;
    private final String version;
    private final List<String> artifacts;

    /**
     * @param artifacts the registry artifacts looked at, {@code {team}/{project}/{script}}
     */
    public VersionNotFoundException(String repository, String version, List<String> artifacts) {
        super("release of " + repository, "version", "is '" + version + "', which none of "
                        + String.join(", ", artifacts) + " has registered",
                "a version built and published from the default branch before it is released"
                        + " (check the tag, and that the merge's build was promoted)");
        this.repository = repository;
        this.version = version;
        this.artifacts = List.copyOf(artifacts);
    }

    public String repository() {
        return repository;
    }

    public String version() {
        return version;
    }

    public List<String> artifacts() {
        return artifacts;
    }
}
