package dev.controlplane.domain.publish;

import dev.controlplane.domain.ReleasedVersionChangedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What publishing a build into one bucket takes, decided for every file before anything is copied: a file
 * already there with the same sha256 is unchanged; one with other bytes under an immutable version refuses the
 * whole build; everything else is copied (a feature build overwrites its own earlier build).
 *
 * @param copies    files to copy, in the request's order
 * @param unchanged files already published with these bytes
 */
public record PublishPlan(List<PublishFile> copies, List<PublishFile> unchanged) {

    public PublishPlan {
        copies = List.copyOf(copies);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * @param published what the target bucket holds at a file's key
     * @throws ReleasedVersionChangedException for the first file whose published bytes differ, when immutable
     */
    public static PublishPlan decide(PublishRequest request, Function<PublishFile, Optional<StoredObject>> published) {
        List<PublishFile> copies = new ArrayList<>();
        List<PublishFile> unchanged = new ArrayList<>();
        for (PublishFile file : request.files()) {
            Optional<StoredObject> there = published.apply(file);
            if (there.isEmpty()) {
                copies.add(file);
            } else if (file.sha256().equals(there.get().sha256())) {
                unchanged.add(file);
            } else if (request.immutable()) {
                throw new ReleasedVersionChangedException(request.artifact(), request.publishedVersion(),
                        request.environment(), file.publishedName(), there.get().sha256(), file.sha256());
            } else {
                copies.add(file);
            }
        }
        return new PublishPlan(copies, unchanged);
    }
}
