package dev.controlplane.cli;

import dev.aslengine.mock.MockConfig;
import dev.controlplane.local.ConsoleStarter;
import dev.controlplane.local.LocalEnvironments;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.template.TemplateException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code controlplane up}: the whole control plane of template.yaml in this process until Ctrl-C. Prints each endpoint,
 * what it wired up and what the template has that it does not emulate, then a ready line.
 */
final class UpCommand {
    /** The console of local/console, served beside the runtime on the port after the workspace's. */
    static final ConsoleStarter CONSOLE = new ConsoleWiring();

    private UpCommand() {}

    /** What the command line asks for. */
    record Arguments(LocalRuntime.Options options, List<String> environments) {}

    /** The command line of {@code up}. */
    static CommandParser.Spec<Cli> cli() {
        return CommandParser.command("up", "controlplane up [--env ENV[,ENV]...] [--template FILE] [--data DIR] [--secrets FILE]"
                        + " [--config DIR] [--port-base N]\n                [--parameter K=V]... [--mock-config FILE]",
                        "Runs the whole control plane of template.yaml on this machine until Ctrl-C (S3, DynamoDB, Step Functions,"
                                + " Secrets Manager, the HTTP API, schedules, a Databricks workspace), IAM enforced as deployed.",
                        Cli::new)
                .option("--env", "ENV[,ENV]...", "run these environments' stacks side by side, 4 ports each (default: every environment"
                        + " of config/environments.json; one alone, e.g. --env staging, keeps its state in DIR itself)")
                .option("--template", "FILE", "the SAM template (default: template.yaml)")
                .data("where the data is kept across restarts (default: .controlplane/data)")
                .option("--secrets", "FILE", "the local secrets (default: secrets.json beside DIR)")
                .option("--config", "DIR", "the platform config (default: config/ beside the template)")
                .portBase("the first port (0 for free ports)")
                .option("--parameter", "K=V", "a template parameter (repeatable)")
                .option("--mock-config", "FILE", "StartExecution of STATE_MACHINE_ARN#TestCase runs that test case of this Step"
                        + " Functions Local mock configuration");
    }

    /** What {@code up} is asked. */
    static final class Cli implements CommandParser.Command {
        final String environments;
        final Path template;
        final Path data;
        final Path secrets;
        final Path config;
        final String portBase;
        final List<String> parameters;
        final Path mockConfig;

        Cli(CommandParser.Values v) {
            environments = v.last("--env");
            template = v.path("--template", Path.of("template.yaml"));
            data = v.path("--data", Path.of(".controlplane", "data"));
            secrets = v.path("--secrets", null);
            config = v.path("--config", null);
            portBase = v.last("--port-base");
            parameters = v.all("--parameter");
            mockConfig = v.path("--mock-config", null);
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return UpCommand.run(arguments(out), out);
        }

        /** What the options ask for, checked; the runtime logs to {@code log}. */
        Arguments arguments(PrintStream log) {
            List<String> envs = List.of();
            if (environments != null) {
                envs = java.util.Arrays.stream(environments.split(",")).map(String::strip).toList();
                if (envs.isEmpty() || envs.stream().anyMatch(String::isEmpty)) {
                    throw new Main.UsageException("--env expects environment names separated by commas (e.g. dev,staging,prod), got '"
                            + environments + "'");
                }
            }
            int port = LocalRuntime.DEFAULT_PORT_BASE;
            if (portBase != null) {
                try {
                    port = Integer.parseInt(portBase);
                } catch (NumberFormatException e) {
                    throw new Main.UsageException("--port-base expects a port number (0 for free ports), got '" + portBase + "'");
                }
            }
            Map<String, String> parameterValues = new LinkedHashMap<>();
            for (String v : parameters) {
                int eq = v.indexOf('=');
                if (eq <= 0) throw new Main.UsageException("--parameter expects NAME=VALUE, got '" + v + "'");
                parameterValues.put(v.substring(0, eq), v.substring(eq + 1));
            }
            MockConfig mocks = mockConfig == null ? null : SfnCommand.mockConfig(mockConfig);
            Path dataDir = data.toAbsolutePath().normalize();
            // the secrets sit beside the data folder: .controlplane/secrets.json for the default .controlplane/data
            Path secretsFile = secrets != null ? secrets : dataDir.resolveSibling("secrets.json");
            Path configDir = config != null ? config : template.toAbsolutePath().normalize().getParent().resolve("config");
            try {
                return new Arguments(new LocalRuntime.Options(template, dataDir, secretsFile, configDir, port, parameterValues, log,
                        CONSOLE, LocalRuntime.Tuning.DEFAULT, mocks), envs);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }
    }

    static Arguments parse(String[] args, PrintStream log) {
        return CommandParser.fill(cli(), args).arguments(log);
    }

    /** Starts the environments and prints their endpoints; the caller owns (and closes) them. */
    static LocalEnvironments start(Arguments a, PrintStream out) {
        long started = System.nanoTime();
        out.println("controlplane up: starting " + a.options().template() + " ...");
        LocalEnvironments environments;
        try {
            environments = LocalEnvironments.start(a.options(), a.environments());
        } catch (TemplateException e) {
            throw new Main.UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("cannot start: " + e.getMessage());
        }
        if (environments.runtimes().size() > 1) {
            out.println("controlplane up: " + String.join(", ", environments.names()) + ", side by side, each in its own account;"
                    + " versions promoted from one to the next pull themselves in (README, \"The pull\")");
        }
        for (LocalRuntime runtime : environments.runtimes()) {
            if (environments.runtimes().size() > 1) {
                out.println("environment " + runtime.environment() + " (account " + runtime.template().stack().accountId() + ")");
            }
            LocalRuntime.Endpoints e = runtime.endpoints();
            out.println("  AWS endpoint     " + e.aws() + "   (one endpoint for S3, DynamoDB, Step Functions and Secrets Manager)");
            out.println("  HTTP API         " + e.httpApi());
            out.println("  Databricks       " + e.databricks());
            out.println("  Console          " + (e.console() == null ? "(not part of this build)" : e.console()));
            for (String line : runtime.summary()) out.println("  " + line);
            out.println("  with the AWS CLI: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region "
                    + runtime.template().stack().region() + " --endpoint-url " + e.aws() + " s3 ls");
        }
        out.printf(Locale.ROOT, "controlplane up: ready in %.1f s (Ctrl-C stops it)%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return environments;
    }

    static int run(Arguments a, PrintStream out) {
        LocalEnvironments runtime = start(a, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("controlplane up: stopping ...");
            runtime.close();
            out.println("controlplane up: stopped; the data stays in " + a.options().dataDir());
            out.flush();
        }, "controlplane-up-shutdown"));
        try {
            // until Ctrl-C (or SIGTERM): the shutdown hook stops everything, then the JVM exits
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
