package dev.controlplane.domain.config;

import java.util.Map;
import java.util.Objects;

/**
 * How a team's promoted version is tried once in an environment that asks for a smoke run ({@code smokeRun} in
 * config/environments.json): launch-cluster's operator parameters for the script, from the team's
 * {@code clusters.smoke}.
 *
 * @param parameters     the run's parameters, name to value (as launch-cluster takes them)
 * @param timeoutSeconds how long the run may take before it is cancelled and the smoke run fails
 */
public record SmokeRunConfig(Map<String, String> parameters, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;

    public SmokeRunConfig {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters")));
    }
}
