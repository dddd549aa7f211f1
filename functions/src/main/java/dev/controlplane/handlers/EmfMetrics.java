package dev.controlplane.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics in CloudWatch embedded metric format: one log line with an {@code _aws} block, which CloudWatch Logs turns
 * into metrics of namespace {@value #NAMESPACE} (no PutMetricData call, no client, nothing on the cold path but
 * this class). Every metric has the dimension Environment ({@code CONTROLPLANE_ENVIRONMENT}); each further
 * dimension adds the set [Environment, that dimension], so the dashboard can sum by environment, by team or by
 * dataset. The line carries the request id and execution ARN like {@link TaskLog}'s.
 *
 * <pre>EmfMetrics.of(context, "SubmitRun").dimension("Team", team).count("Launches", 1).write();</pre>
 */
final class EmfMetrics {

    static final String NAMESPACE = "ControlPlane";
    static final String ENVIRONMENT_DIMENSION = "Environment";

    /** CloudWatch's units for what we measure. */
    enum Unit {
        Count, Bytes, None
    }

    private record Metric(String name, Unit unit, double value) {
    }

    private final Context context;
    private final String function;
    private final String environment;
    private final Clock clock;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<Metric> metrics = new ArrayList<>();

    private EmfMetrics(Context context, String function, String environment, Clock clock) {
        this.context = context;
        this.function = function;
        this.environment = environment;
        this.clock = clock;
    }

    static EmfMetrics of(Context context, String function) {
        String environment = System.getenv(StackEnvironment.ENVIRONMENT_VARIABLE);
        return of(context, function, environment == null || environment.isBlank() ? "local" : environment.strip(),
                Clock.systemUTC());
    }

    static EmfMetrics of(Context context, String function, String environment, Clock clock) {
        return new EmfMetrics(context, function, environment, clock);
    }

    /** A dimension; a null or blank value (a team not known) leaves it out. */
    EmfMetrics dimension(String name, String value) {
        if (value != null && !value.isBlank()) {
            dimensions.put(name, value);
        }
        return this;
    }

    EmfMetrics count(String name, long value) {
        metrics.add(new Metric(name, Unit.Count, value));
        return this;
    }

    EmfMetrics bytes(String name, long value) {
        metrics.add(new Metric(name, Unit.Bytes, value));
        return this;
    }

    EmfMetrics value(String name, double value) {
        metrics.add(new Metric(name, Unit.None, value));
        return this;
    }

    /** Writes the line (nothing when no metric was added). */
    void write() {
        if (metrics.isEmpty()) {
            return;
        }
        ObjectNode line = TaskLog.line(context, function, "INFO", "metrics");
        ObjectNode directive = line.putObject("_aws");
        directive.put("Timestamp", clock.millis());
        ObjectNode cloudWatch = directive.putArray("CloudWatchMetrics").addObject();
        cloudWatch.put("Namespace", NAMESPACE);
        ArrayNode sets = cloudWatch.putArray("Dimensions");
        sets.addArray().add(ENVIRONMENT_DIMENSION);
        dimensions.keySet().forEach(name -> sets.addArray().add(ENVIRONMENT_DIMENSION).add(name));
        ArrayNode definitions = cloudWatch.putArray("Metrics");
        line.put(ENVIRONMENT_DIMENSION, environment);
        dimensions.forEach(line::put);
        for (Metric metric : metrics) {
            definitions.addObject().put("Name", metric.name()).put("Unit", metric.unit().name());
            line.put(metric.name(), metric.value());
        }
        TaskLog.write(context, line);
    }
}
