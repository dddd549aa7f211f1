package dev.controlplane.handlers;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The functions' metrics: Powertools metrics in CloudWatch embedded metric format, one line on stdout per
 * {@link #write} that CloudWatch Logs turns into metrics of namespace {@value #NAMESPACE}. What is ours is the
 * shape: every metric has the dimension Environment ({@code CONTROLPLANE_ENVIRONMENT}); each further dimension adds
 * the set [Environment, that dimension], so the dashboard can sum by environment, by team or by dataset; the line
 * carries the request id and the task's execution ARN as properties.
 *
 * <pre>EmfMetrics.of(context).dimension("Team", team).count("Launches", 1).write();</pre>
 */
final class EmfMetrics {

    static final String NAMESPACE = "ControlPlane";
    static final String ENVIRONMENT_DIMENSION = "Environment";

    private static final Metrics METRICS = configured();

    private final String requestId;
    private final String environment;
    private final Clock clock;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, MetricUnit> units = new LinkedHashMap<>();

    private EmfMetrics(String requestId, String environment, Clock clock) {
        this.requestId = requestId;
        this.environment = environment;
        this.clock = clock;
    }

    // Lines go where the invocation's log lines go; the library would otherwise probe for an EC2 agent locally.
    private static Metrics configured() {
        MetricsFactory.setMetricsProvider(() -> new EmfMetricsLogger(new InvocationOutput.MetricsEnvironment(), new MetricsContext()));
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(NAMESPACE);
        metrics.clearDefaultDimensions();
        return metrics;
    }

    static EmfMetrics of(com.amazonaws.services.lambda.runtime.Context context) {
        String environment = System.getenv(StackEnvironment.ENVIRONMENT_VARIABLE);
        return of(context, environment == null || environment.isBlank() ? "local" : environment.strip(), Clock.systemUTC());
    }

    static EmfMetrics of(com.amazonaws.services.lambda.runtime.Context context, String environment, Clock clock) {
        return new EmfMetrics(context == null ? null : context.getAwsRequestId(), environment, clock);
    }

    /** A dimension; a null or blank value (a team not known) leaves it out. */
    EmfMetrics dimension(String name, String value) {
        if (value != null && !value.isBlank()) {
            dimensions.put(name, value);
        }
        return this;
    }

    EmfMetrics count(String name, long value) {
        return metric(name, value, MetricUnit.COUNT);
    }

    EmfMetrics bytes(String name, long value) {
        return metric(name, value, MetricUnit.BYTES);
    }

    EmfMetrics value(String name, double value) {
        return metric(name, value, MetricUnit.NONE);
    }

    private EmfMetrics metric(String name, double value, MetricUnit unit) {
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    /** Writes the line (nothing when no metric was added); its own metrics context, so concurrent tasks don't mix. */
    void write() {
        if (values.isEmpty()) {
            return;
        }
        METRICS.flushMetrics(line -> {
            line.setTimestamp(clock.instant());
            // Set as the default dimensions, [Environment] stays a set of its own beside [Environment, X].
            line.setDefaultDimensions(DimensionSet.of(ENVIRONMENT_DIMENSION, environment));
            dimensions.forEach((name, value) -> line.addDimension(DimensionSet.of(ENVIRONMENT_DIMENSION, environment, name, value)));
            values.forEach((name, value) -> line.addMetric(name, value, units.get(name)));
            if (requestId != null) {
                line.addMetadata("function_request_id", requestId);
            }
            String executionArn = TaskLog.executionArn();
            if (executionArn != null) {
                line.addMetadata(TaskLog.EXECUTION_ARN, executionArn);
            }
        });
    }
}
