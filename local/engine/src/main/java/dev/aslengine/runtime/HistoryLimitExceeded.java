package dev.aslengine.runtime;

/**
 * An execution reached the quota of history events: it fails with States.Runtime and AWS's cause, which no Retry or
 * Catch of its states sees (it is no StatesError), and every branch still running stops.
 */
final class HistoryLimitExceeded extends RuntimeException {
    HistoryLimitExceeded() {
        super("The execution reached the maximum number of history events (" + History.MAX_EVENTS + ").", null, false, false);
    }
}
