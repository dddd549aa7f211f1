package dev.controlplane.domain;

/**
 * An announcement of a version on an environment's promotion bus that the environment does not take: from an
 * account or environment that is not the one before it in its own config, or naming files it cannot pull as they
 * are (unpinned, outside the artifact's folder, or not adding up to the announced digest). Nothing is copied.
 */
public final class AnnouncementRefusedException extends RejectedInputException {

    private static final long serialVersionUID = 1L;

    public AnnouncementRefusedException(String field, String problem, String expected) {
        super("version announcement", field, problem, expected);
    }
}
