package dev.controlplane.domain.launch;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What one launch cost: written when the run ends, summed by team and month.
 *
 * @param startTime when the run started (its month is the month it is counted in, UTC); submit time when it never started
 * @param endTime   when it ended
 */
public record RunRecord(String team, String project, String script, String version, String environment, long runId,
        String lifeCycleState, String resultState, String stateMessage, String runPageUrl, Instant startTime,
        Instant endTime, String nodeTypeId, long minWorkers, long maxWorkers, double dbu, double usd,
        String costCentre, String execution) {

    public RunRecord {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(startTime, "startTime");
    }

    public YearMonth month() {
        return YearMonth.from(startTime.atOffset(ZoneOffset.UTC));
    }
}
