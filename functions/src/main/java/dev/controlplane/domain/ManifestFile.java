package dev.controlplane.domain;

import java.util.Locale;

/**
 * One file of a build, as the manifest declares it.
 *
 * @param name   path relative to the manifest, e.g. {@code churn.py} or {@code dist/churn-1.4.0-py3-none-any.whl}
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param size   size in bytes
 */
public record ManifestFile(String name, String sha256, long size) {

    public ManifestFile {
        // Checksums compare as strings later, so one spelling.
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }
}
