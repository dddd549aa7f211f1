package dev.controlplane.domain.launch;

import java.util.Objects;

/**
 * One entry of a run's access control list.
 *
 * @param level {@value #MANAGE_RUN} (the team: reading Spark logs needs it, as Databricks documents) or {@value #VIEW}
 */
public record RunAccess(String group, String level) {

    public static final String MANAGE_RUN = "CAN_MANAGE_RUN";
    public static final String VIEW = "CAN_VIEW";

    public RunAccess {
        Objects.requireNonNull(group, "group");
        if (!MANAGE_RUN.equals(level) && !VIEW.equals(level)) {
            throw new IllegalArgumentException("run access level " + level);
        }
    }
}
