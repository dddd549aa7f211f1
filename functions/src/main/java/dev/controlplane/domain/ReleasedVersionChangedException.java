package dev.controlplane.domain;

/**
 * A build that would replace, under a version that is already published, a file with other bytes. A released
 * version is immutable: the data team must publish a new version. Names the version, the environment and the file.
 */
public final class ReleasedVersionChangedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    private final String artifact;
    private final String publishedVersion;
    private final String environment;
    private final String fileName;

    /**
     * @param publishedSha256 what the object there records, null when it records none
     */
    public ReleasedVersionChangedException(String artifact, String publishedVersion, String environment,
            String fileName, String publishedSha256, String buildSha256) {
        super(artifact + " " + publishedVersion + " in " + environment, fileName,
                (publishedSha256 == null ? "is published there without a sha256" : "has sha256 " + publishedSha256 + " there")
                        + " and " + buildSha256 + " in this build",
                "the same bytes or a new version: " + publishedVersion + " is released in " + environment
                        + " and a released version never changes");
        this.artifact = artifact;
        this.publishedVersion = publishedVersion;
        this.environment = environment;
        this.fileName = fileName;
    }

    /** {@code {team}/{project}/{script}} */
    public String artifact() {
        return artifact;
    }

    public String publishedVersion() {
        return publishedVersion;
    }

    public String environment() {
        return environment;
    }

    /** The published file's name, e.g. {@code churn-1.4.0.py}. */
    public String fileName() {
        return fileName;
    }
}
