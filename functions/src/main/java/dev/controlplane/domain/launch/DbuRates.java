package dev.controlplane.domain.launch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a run costs: DBUs per node-hour by instance type and the price of a DBU. The defaults are approximate AWS
 * list rates for Jobs Compute (Premium tier, USD 0.15 per DBU; m5.large 0.34, m5.xlarge 0.69, m5.2xlarge 1.37,
 * m5.4xlarge 2.74, r5.xlarge 0.9, r5.2xlarge 1.8, i3.xlarge 1.0, i3.2xlarge 2.0 DBU/h; 1.0 DBU/h for other types);
 * set {@value #PRICE_VARIABLE} and {@value #RATES_VARIABLE} to the contract's.
 *
 * @param dbuPerNodeHour by node type id
 * @param otherNodeHour  DBU per hour of a node type not listed
 */
public record DbuRates(Map<String, Double> dbuPerNodeHour, double otherNodeHour, double usdPerDbu) {

    /** USD per DBU, e.g. {@code 0.15}. */
    public static final String PRICE_VARIABLE = "DBU_PRICE_USD";
    /** DBU per node-hour by node type, e.g. {@code m5.xlarge=0.69,r5.xlarge=0.9}; listed types replace the defaults. */
    public static final String RATES_VARIABLE = "DBU_RATES";

    private static final double HOUR_SECONDS = 3600.0;

    public DbuRates {
        dbuPerNodeHour = Map.copyOf(dbuPerNodeHour);
        if (otherNodeHour < 0 || usdPerDbu < 0) {
            throw new IllegalArgumentException("negative rate");
        }
    }

    public static DbuRates defaults() {
        return new DbuRates(Map.of("m5.large", 0.34, "m5.xlarge", 0.69, "m5.2xlarge", 1.37, "m5.4xlarge", 2.74,
                "r5.xlarge", 0.9, "r5.2xlarge", 1.8, "i3.xlarge", 1.0, "i3.2xlarge", 2.0), 1.0, 0.15);
    }

    /** The defaults with what {@value #PRICE_VARIABLE} and {@value #RATES_VARIABLE} set. */
    public static DbuRates fromEnvironment(Map<String, String> environment) {
        DbuRates defaults = defaults();
        double price = defaults.usdPerDbu;
        String priceText = environment.get(PRICE_VARIABLE);
        if (priceText != null && !priceText.isBlank()) {
            price = number(PRICE_VARIABLE, priceText.strip());
        }
        Map<String, Double> rates = new TreeMap<>(defaults.dbuPerNodeHour);
        String ratesText = environment.get(RATES_VARIABLE);
        if (ratesText != null && !ratesText.isBlank()) {
            for (String entry : ratesText.split(",")) {
                String[] pair = entry.strip().split("=", 2);
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new IllegalStateException(RATES_VARIABLE + " has '" + entry.strip()
                            + "'; expected {node type}={DBU per hour}, comma separated, e.g. m5.xlarge=0.69");
                }
                rates.put(pair[0].strip(), number(RATES_VARIABLE, pair[1].strip()));
            }
        }
        return new DbuRates(rates, defaults.otherNodeHour, price);
    }

    private static double number(String variable, String text) {
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(variable + " has '" + text + "'; expected a non-negative number");
    }

    /** DBUs and USD of {@code nodes} nodes of a type over a duration. */
    public CostEstimate estimate(String nodeTypeId, long nodes, Duration duration) {
        double perHour = dbuPerNodeHour.getOrDefault(Objects.requireNonNull(nodeTypeId, "nodeTypeId"), otherNodeHour);
        double dbu = perHour * nodes * (Math.max(0, duration.toMillis()) / 1000.0 / HOUR_SECONDS);
        return new CostEstimate(round(dbu), round(dbu * usdPerDbu));
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
