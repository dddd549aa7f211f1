package dev.controlplane.domain.replication;

import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.KeyGlob;
import java.util.List;

/** Which keys of a dataset are replicated: those matching an include glob and no exclude glob. */
public record KeySelection(List<KeyGlob> include, List<KeyGlob> exclude) {

    public KeySelection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static KeySelection of(DatasetConfig dataset) {
        return new KeySelection(dataset.include().stream().map(KeyGlob::of).toList(),
                dataset.exclude().stream().map(KeyGlob::of).toList());
    }

    public static KeySelection everything() {
        return new KeySelection(List.of(KeyGlob.of("**")), List.of());
    }

    /** @param relativeKey the key without the dataset's prefix */
    public boolean selects(String relativeKey) {
        // Called for every listed key of both sides: plain loops, no stream per key.
        boolean included = false;
        for (KeyGlob glob : include) {
            if (glob.matches(relativeKey)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        for (KeyGlob glob : exclude) {
            if (glob.matches(relativeKey)) {
                return false;
            }
        }
        return true;
    }
}
