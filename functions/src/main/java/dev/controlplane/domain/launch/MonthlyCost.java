package dev.controlplane.domain.launch;

import java.time.YearMonth;

/** A team's runs of one month, summed. */
public record MonthlyCost(String team, YearMonth month, int runs, double dbu, double usd) {
}
