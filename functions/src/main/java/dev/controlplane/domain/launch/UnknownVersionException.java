package dev.controlplane.domain.launch;

import dev.controlplane.domain.RejectedInputException;

/** A script or library version the registry does not have in the environment (or no {@code latest} there yet). */
public final class UnknownVersionException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    /**
     * @param field    {@code script_version} or {@code library_version}
     * @param artifact {@code {team}/{project}/{script}}
     */
    public UnknownVersionException(String field, String artifact, String version, String environment, String problem) {
        super(RunRequest.INPUT, field, "is '" + version + "', but " + artifact + " " + problem,
                RunRequest.LATEST.equals(version)
                        ? "a released version of " + artifact + " in " + environment
                                + " (release one, or name a published version)"
                        : "a version of " + artifact + " published to " + environment + ", or 'latest'");
    }
}
