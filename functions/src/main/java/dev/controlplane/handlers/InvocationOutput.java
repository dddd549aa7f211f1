package dev.controlplane.handlers;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jContextFactory;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Where the lines of an invocation go, log lines (Log4j 2 with Powertools' JSON layout) and EMF metric lines
 * (Powertools metrics) alike: the Lambda logger of the invocation running on this thread, or stdout without one.
 * In Lambda both reach CloudWatch Logs; in the local runtime the logger is where the host sends a function's lines
 * (a log file, stderr, nowhere for {@code controlplane replicate}), so they never mix with a command's output.
 */
final class InvocationOutput {

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private InvocationOutput() {
    }

    /** Sends this thread's lines to {@code context}'s logger until {@link #end}. */
    static void begin(Context context) {
        CURRENT.set(context);
    }

    static void end() {
        CURRENT.remove();
    }

    /**
     * One line, {@code line} ending with its newline; none while SnapStart priming runs, which formats its lines
     * and metrics as an invocation does (so that the layout and the EMF serialiser are loaded before the snapshot)
     * and writes none of them.
     */
    static void write(String line) {
        if (HandlerShell.isPriming()) {
            return;
        }
        Context context = CURRENT.get();
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line);
        } else {
            System.out.print(line);
        }
    }

    /**
     * Starts Log4j with {@link FunctionLogging}, made here in code, when SLF4J logs through Log4j: a host process with
     * its own SLF4J provider (the CLI) keeps its own logging. Made in code, Log4j does not search for a configuration
     * file, nor load and instantiate its configuration factories and a file parser, nor build the loggers through its
     * plugin builders: that is about 40% of its start, which every cold start of a function pays (BENCHMARKS.md).
     *
     * @return whether the lines go through Log4j and its one appender (always so in a Lambda package)
     */
    static boolean configureLogging() {
        if (!LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.apache.logging.slf4j.")) {
            return false;
        }
        // Log4j's own implementation, not another Log4j API provider a host process may carry (log4j-to-slf4j)
        if (!(LogManager.getFactory() instanceof Log4jContextFactory)) {
            return false;
        }
        FunctionLogging configuration = new FunctionLogging();
        LoggerContext logging = Configurator.initialize(InvocationOutput.class.getClassLoader(), configuration);
        if (!(logging.getConfiguration() instanceof FunctionLogging)) {
            // Log4j had started before the first handler (something of the host logged first): it takes this one now
            logging.setConfiguration(configuration);
        }
        return true;
    }

    /**
     * The functions' logging: INFO and above, the SDKs' own chatter only from WARN, each line through the one appender
     * below (Powertools' Lambda JSON layout, one object per line, to the invocation's Lambda logger).
     */
    static final class FunctionLogging extends AbstractConfiguration {

        /** Loggers that write only their warnings and errors. */
        static final List<String> QUIET = List.of("software.amazon.awssdk", "com.databricks");

        FunctionLogging() {
            super(null, ConfigurationSource.NULL_SOURCE);
            setName("controlplane-functions");
        }

        @Override
        protected void doConfigure() {
            Appender appender = new Appender(JsonTemplateLayout.newBuilder().setConfiguration(this)
                    .setEventTemplateUri("classpath:LambdaJsonLayout.json").build());
            addAppender(appender);
            LoggerConfig root = getRootLogger();
            root.setLevel(Level.INFO);
            root.addAppender(appender, null, null);
            for (String name : QUIET) {
                addLogger(name, LoggerConfig.newBuilder().withLoggerName(name).withLevel(Level.WARN)
                        .withAdditivity(true).withConfig(this).build());
            }
        }
    }

    /** Powertools' Lambda JSON layout, each line written through {@link #write}. */
    private static final class Appender extends AbstractAppender {
        static final String NAME = "Invocation";

        Appender(JsonTemplateLayout layout) {
            super(NAME, null, layout, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            write(new String(getLayout().toByteArray(event), UTF_8));
        }
    }

    /** The EMF library's environment: Lambda's, with its lines written through {@link #write}. */
    static final class MetricsEnvironment extends EnvironmentProvider implements Environment, ISink {

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public Environment getDefaultEnvironment() {
            return this;
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "Lambda";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public void configureContext(MetricsContext context) {
            // The line carries the request id and execution ARN as properties (EmfMetrics), nothing else is added.
        }

        @Override
        public ISink getSink() {
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                for (String line : context.serialize()) {
                    write(line + "\n");
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("metrics could not be written as EMF: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
