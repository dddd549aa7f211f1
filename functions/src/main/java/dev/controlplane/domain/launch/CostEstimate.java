package dev.controlplane.domain.launch;

/** A run's estimated DBUs and their price in USD, to 4 decimals. */
public record CostEstimate(double dbu, double usd) {
}
