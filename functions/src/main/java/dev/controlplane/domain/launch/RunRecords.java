package dev.controlplane.domain.launch;

import java.time.YearMonth;
import java.util.List;

/** The run records, for cost observability by team and month. */
public interface RunRecords {

    /** Writes the record; writing the same run again replaces it. */
    void put(RunRecord record);

    /** The team's runs that started in the month (UTC), oldest first. */
    List<RunRecord> byTeamAndMonth(String team, YearMonth month);

    /** What the team's runs of the month add up to. */
    default MonthlyCost cost(String team, YearMonth month) {
        List<RunRecord> records = byTeamAndMonth(team, month);
        double dbu = records.stream().mapToDouble(RunRecord::dbu).sum();
        double usd = records.stream().mapToDouble(RunRecord::usd).sum();
        return new MonthlyCost(team, month, records.size(), Math.round(dbu * 10_000.0) / 10_000.0,
                Math.round(usd * 10_000.0) / 10_000.0);
    }
}
