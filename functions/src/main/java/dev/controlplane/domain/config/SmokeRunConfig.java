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
 * @param pollSeconds    how often launch-cluster asks Databricks how the run is going
 */
public record SmokeRunConfig(Map<String, String> parameters, int timeoutSeconds, int pollSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    /** launch-cluster's own default. */
    public static final int DEFAULT_POLL_SECONDS = 30;
    /** launch-cluster polls a run at most this often (its bound on an execution's history). */
    public static final int MAX_POLLS = 500;

    public SmokeRunConfig {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    public SmokeRunConfig(Map<String, String> parameters, int timeoutSeconds) {
        this(parameters, timeoutSeconds, DEFAULT_POLL_SECONDS);
    }
}
