package dev.aslengine.model;

import java.util.List;

/** One Retry entry; intervals in seconds as written (the engine's time scale applies when sleeping). */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
        Double maxDelaySeconds, boolean fullJitter) {

    /** The delay before retry number {@code attempt} (0-based), before jitter. */
    public double delaySeconds(int attempt) {
        double d = intervalSeconds * Math.pow(backoffRate, attempt);
        return maxDelaySeconds == null ? d : Math.min(d, maxDelaySeconds);
    }
}
