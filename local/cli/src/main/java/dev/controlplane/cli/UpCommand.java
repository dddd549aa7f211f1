package dev.controlplane.cli;

import dev.aslengine.mock.MockConfig;
import dev.controlplane.local.ConsoleStarter;
import dev.controlplane.local.LocalEnvironments;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.template.TemplateException;
import java.io.PrintStream;
import java.nio.file.Path;
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

    static Arguments parse(String[] args, PrintStream log) {
        Path template = Path.of("template.yaml");
        Path data = Path.of(".controlplane", "data");
        Path secrets = null;
        Path config = null;
        int portBase = LocalRuntime.DEFAULT_PORT_BASE;
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> environments = List.of();
        MockConfig mockConfig = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--env" -> {
                    String v = value(args, ++i, a);
                    environments = java.util.Arrays.stream(v.split(",")).map(String::strip).toList();
                    if (environments.isEmpty() || environments.stream().anyMatch(String::isEmpty)) {
                        throw new Main.UsageException("--env expects environment names separated by commas (e.g. dev,staging,prod), got '" + v + "'");
                    }
                }
                case "--template" -> template = Path.of(value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--secrets" -> secrets = Path.of(value(args, ++i, a));
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--mock-config" -> mockConfig = SfnCommand.mockConfig(Path.of(value(args, ++i, a)));
                case "--port-base" -> {
                    String v = value(args, ++i, a);
                    try {
                        portBase = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new Main.UsageException("--port-base expects a port number (0 for free ports), got '" + v + "'");
                    }
                }
                case "--parameter" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0) throw new Main.UsageException("--parameter expects NAME=VALUE, got '" + v + "'");
                    parameters.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new Main.UsageException("unknown option '" + a + "' for up");
            }
        }
        Path dataDir = data.toAbsolutePath().normalize();
        // the secrets sit beside the data folder: .controlplane/secrets.json for the default .controlplane/data
        Path secretsFile = secrets != null ? secrets : dataDir.resolveSibling("secrets.json");
        Path configDir = config != null ? config : template.toAbsolutePath().normalize().getParent().resolve("config");
        try {
            return new Arguments(new LocalRuntime.Options(template, dataDir, secretsFile, configDir, portBase, parameters, log, CONSOLE,
                    LocalRuntime.Tuning.DEFAULT, mockConfig),
                    environments);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /** Starts the environments and prints their endpoints; the caller owns (and closes) them. */
    static LocalEnvironments start(String[] args, PrintStream out, PrintStream err) {
        Arguments a = parse(args, out);
        long started = System.nanoTime();
        out.println("controlplane up: starting " + a.options().template() + (a.environments().size() > 1
                ? " as " + String.join(", ", a.environments()) + ", side by side" : "") + " ...");
        LocalEnvironments environments;
        try {
            environments = LocalEnvironments.start(a.options(), a.environments());
        } catch (TemplateException e) {
            throw new Main.UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("cannot start: " + e.getMessage());
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

    static int run(String[] args, PrintStream out, PrintStream err) {
        LocalEnvironments runtime = start(args, out, err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("controlplane up: stopping ...");
            runtime.close();
            out.println("controlplane up: stopped; the data stays in " + parse(args, out).options().dataDir());
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new Main.UsageException(option + " needs a value");
        return args[i];
    }
}
