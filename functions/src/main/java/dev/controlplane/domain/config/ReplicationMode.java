package dev.controlplane.domain.config;

import java.util.Locale;
import java.util.Optional;

/** What a dataset's target ends up as. */
public enum ReplicationMode {
    /** The target ends equal to the source: extraneous target objects are deleted. */
    MIRROR,
    /** Objects are copied, never deleted. */
    ADDITIVE;

    /** As written in config: {@code mirror} or {@code additive}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReplicationMode> fromConfigName(String text) {
        for (ReplicationMode mode : values()) {
            if (mode.configName().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
