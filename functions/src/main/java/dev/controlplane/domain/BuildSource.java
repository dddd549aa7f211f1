package dev.controlplane.domain;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/** Where uploaded builds are read from (the artifacts inbox): the manifest and each file, streamed. */
public interface BuildSource {

    /**
     * Opens one object for reading; the caller closes it.
     *
     * @param versionId the version to read, or null for the current one
     * @return empty when the object (or that version) does not exist
     */
    Optional<StoredObject> open(String bucket, String key, String versionId);

    /**
     * An object being read.
     *
     * @param size      as the store reports it, before any byte is read
     * @param versionId the version being read; null when the store does not version objects
     */
    record StoredObject(InputStream content, long size, String versionId) implements Closeable {

        public StoredObject {
            Objects.requireNonNull(content, "content");
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
