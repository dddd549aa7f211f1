package dev.controlplane.domain.launch;

import java.util.Optional;

/**
 * What resolving a run reads: the versions published in one environment, the one the function serves. Each
 * environment knows only its own (it shares nothing with the others), so a version published elsewhere is simply
 * not there.
 */
public interface RunArtifacts {

    /** The environment these versions are published in, e.g. {@code prod}. */
    String environment();

    /** The version {@code latest} points at in the environment. */
    Optional<String> latest(String artifact);

    /** A version published in the environment, with its files' keys. */
    Optional<PublishedVersion> version(String artifact, String publishedVersion);
}
