package dev.controlplane.domain.publish;

import dev.controlplane.domain.ArtifactIndexKeys;
import dev.controlplane.domain.registry.ArtifactRegistry;
import dev.controlplane.domain.registry.RegisteredVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Retires a deleted feature branch from the environment its builds went to: its version records in the bucket's
 * index, then its files (so the index never records a version whose files are gone), then its registered versions
 * (objects first, so an interrupted retirement still shows in the registry and a retry finishes it).
 */
public final class FeatureRetirement {

    private final ArtifactStore store;
    private final ArtifactRegistry registry;

    public FeatureRetirement(ArtifactStore store, ArtifactRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param environment the first environment, the only one feature builds are published to
     * @param bucket      its artifact bucket
     * @throws dev.controlplane.domain.InvalidArtifactException when a name or the branch breaks the naming rules
     */
    public Retired retire(String team, String project, List<String> scripts, String branch, String environment,
            String bucket) {
        List<String> deleted = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (String script : scripts) {
            FeatureBranchArtifacts branchArtifacts = FeatureBranchArtifacts.of(team, project, script, branch);
            List<String> owned = store.keysUnder(bucket, branchArtifacts.folderPrefix()).stream()
                    .filter(branchArtifacts::owns)
                    .toList();
            List<String> records = owned.stream().filter(ArtifactIndexKeys::isIndexKey).toList();
            List<String> files = owned.stream().filter(key -> !ArtifactIndexKeys.isIndexKey(key)).toList();
            for (List<String> keys : List.of(records, files)) {
                if (!keys.isEmpty()) {
                    store.delete(bucket, keys);
                    deleted.addAll(keys);
                }
            }
            for (RegisteredVersion version : registry.versionsOfBranch(branchArtifacts.artifact(), branchArtifacts.branchSlug())) {
                registry.deleteVersion(branchArtifacts.artifact(), version.publishedVersion());
                versions.add(version.publishedVersion());
            }
        }
        return new Retired(environment, deleted, List.copyOf(versions));
    }

    /**
     * @param deleted  keys deleted from the environment's bucket
     * @param versions published versions forgotten by the registry, each once even when several scripts had it
     */
    public record Retired(String environment, List<String> deleted, List<String> versions) {

        public Retired {
            deleted = List.copyOf(deleted);
            versions = List.copyOf(versions);
        }
    }
}
