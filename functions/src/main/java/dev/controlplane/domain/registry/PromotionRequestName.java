package dev.controlplane.domain.registry;

import java.time.Instant;
import java.util.Locale;

/**
 * The name of a promote-artifact execution a person starts (a retry, a rollback), the same from the CLI and the
 * console: what it does and to what, readable in a list of executions, unique by the time it was asked, within Step
 * Functions' 80 characters of letters, digits, {@code .}, {@code -} and {@code _}.
 */
public final class PromotionRequestName {

    private static final int MAX = 80;

    private PromotionRequestName() {
    }

    /** E.g. {@code retry-data-eng-churn-churn-1.4.0-mg3k2x1a}. */
    public static String of(String action, String artifact, String version, Instant at) {
        String suffix = "-" + Long.toString(at.toEpochMilli(), 36).toLowerCase(Locale.ROOT);
        String head = (action + "-" + artifact + "-" + version).replaceAll("[^A-Za-z0-9._-]", "-");
        return (head.length() > MAX - suffix.length() ? head.substring(0, MAX - suffix.length()) : head) + suffix;
    }
}
