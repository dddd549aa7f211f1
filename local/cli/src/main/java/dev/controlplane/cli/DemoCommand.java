package dev.controlplane.cli;

import dev.controlplane.local.LocalEnvironments;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.demo.DemoDay;
import dev.controlplane.local.demo.DemoReport;
import dev.controlplane.local.demo.DemoStep;
import dev.controlplane.local.template.TemplateException;
import dev.workspace.RunTimings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code controlplane demo}: the whole control plane of template.yaml started in this process on a fresh data folder,
 * then a realistic day played through its public endpoints (see {@link DemoDay}), and what happened printed. Exit code
 * 0 when every step that could run did what it should. With {@code --keep} the runtime and its console stay up until
 * Ctrl-C, to look at the day in the browser.
 */
final class DemoCommand {
    static final Path DEFAULT_FOLDER = Path.of(".controlplane", "demo");
    /** Written into the demo's folder: a folder holding it may be emptied by the next demo. */
    static final String MARKER = ".controlplane-demo";
    /** Cluster start, run and clean-up short enough to watch, long enough to see the run's states in the console. */
    static final RunTimings RUN_TIMINGS = new RunTimings(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(1), Duration.ofSeconds(1));


    private DemoCommand() {}

    /** What the command line asks for. */
    record Arguments(Path folder, int portBase, boolean keep, Path template) {}

    /** The command line of {@code demo}. */
    static CommandParser.Spec<Cli> cli() {
        return CommandParser.command("demo", "controlplane demo [--keep] [--data DIR] [--port-base N]",
                        "Starts the control plane on a fresh folder, plays a day through its public endpoints (CI uploads,"
                                + " signed GitHub webhooks, a prod approval, a release, a launch on a job cluster, a replication) and"
                                + " prints what happened; exit 0 when every step did what it should.", Cli::new)
                .flag("--keep", "leave it and its console up until Ctrl-C")
                .data("the demo's folder, emptied first if an earlier demo made it (default: .controlplane/demo)")
                .portBase("the first port (default 0: free ports)");
    }

    /** What {@code demo} is asked. */
    static final class Cli implements CommandParser.Command {
        final boolean keep;
        final Path folder;
        final String portBase;

        Cli(CommandParser.Values v) {
            keep = v.has("--keep");
            folder = v.path("--data", DEFAULT_FOLDER);
            portBase = v.last("--port-base");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return DemoCommand.run(arguments(), new LocalRuntime.Tuning(1.0, RUN_TIMINGS, python3Runs(), true),
                    DemoDay.Settings.DEFAULT, out);
        }

        Arguments arguments() {
            int port = 0;
            if (portBase != null) {
                try {
                    port = Integer.parseInt(portBase);
                } catch (NumberFormatException e) {
                    throw new Main.UsageException("--port-base expects a port number (0 for free ports), got '" + portBase + "'");
                }
                if (port != 0 && (port < 1 || port > 65_532)) {
                    throw new Main.UsageException("--port-base must be 0 (free ports) or 1 to 65532, got " + port);
                }
            }
            return new Arguments(folder.toAbsolutePath().normalize(), port, keep, Path.of("template.yaml"));
        }
    }

    static Arguments parse(String[] args) {
        return CommandParser.fill(cli(), args).arguments();
    }

    /** The demo with the given timings (tests pass short ones). */
    static int run(Arguments a, LocalRuntime.Tuning tuning, DemoDay.Settings settings, PrintStream out) {
        prepare(a.folder());
        Path log = a.folder().resolve("runtime.log");
        long started = System.nanoTime();
        out.println("controlplane demo: starting " + a.template() + " in " + a.folder() + " (the functions' log: " + log + ") ...");
        if (!tuning.runPython()) out.println("  python3 not found: the local workspace plays the run's states without running the script");
        PrintStream runtimeLog = open(log);
        // What the functions print to stdout (Lambda sends it to CloudWatch) goes to the log, not among the day's lines.
        PrintStream stdout = System.out;
        System.setOut(runtimeLog);
        LocalEnvironments runtime;
        try {
            Path configDir = a.template().toAbsolutePath().normalize().getParent().resolve("config");
            // every environment of the chain, each its own stack, as deployed: builds arrive in the first, replication runs in staging
            runtime = LocalEnvironments.start(new LocalRuntime.Options(a.template(), a.folder().resolve("data"), a.folder().resolve("secrets.json"),
                    configDir, a.portBase(), Map.of(), runtimeLog, UpCommand.CONSOLE, tuning), LocalEnvironments.configured(configDir));
        } catch (TemplateException e) {
            stop(null, runtimeLog, stdout);
            throw new Main.UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            stop(null, runtimeLog, stdout);
            throw new Main.UsageException("cannot start: " + e.getMessage());
        } catch (RuntimeException e) {
            stop(null, runtimeLog, stdout);
            throw e;
        }
        DemoReport report;
        try {
            out.printf(Locale.ROOT, "  ready in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, String.join(", ", runtime.names()));
            for (LocalRuntime env : runtime.runtimes()) {
                LocalRuntime.Endpoints e = env.endpoints();
                out.printf(Locale.ROOT, "  %-8s account %s: AWS %s, HTTP API %s, Databricks %s, console %s%n", env.environment(),
                        env.template().stack().accountId(), e.aws(), e.httpApi(), e.databricks(), e.console() == null ? "(none)" : e.console());
                env.template().absent().forEach(x -> out.println("  " + env.environment() + ": left out, not in this checkout: " + x));
            }
            out.println();
            report = DemoDay.play(runtime, settings, out);
            out.print(report.summary());
            out.println();
            out.printf(Locale.ROOT, "controlplane demo: %d step(s) ok, %d failed, %d not run, in %.1f s%n", report.count(DemoStep.Status.SUCCEEDED),
                    report.count(DemoStep.Status.FAILED), report.count(DemoStep.Status.NOT_RUN), (System.nanoTime() - started) / 1e9);
            report.steps().stream().filter(s -> s.status() != DemoStep.Status.SUCCEEDED)
                    .forEach(s -> out.println("  " + s.status().label() + ": " + s.title() + ": " + s.detail()));
        } catch (RuntimeException e) {
            stop(runtime, runtimeLog, stdout);
            throw e;
        }
        if (a.keep()) {
            keep(runtime, runtimeLog, stdout, out);
        } else {
            stop(runtime, runtimeLog, stdout);
        }
        return report.succeeded() ? 0 : 1;
    }

    /** Keeps the runtime and console up until Ctrl-C. */
    private static void keep(LocalEnvironments runtime, PrintStream runtimeLog, PrintStream stdout, PrintStream out) {
        for (LocalRuntime env : runtime.runtimes()) {
            out.println("controlplane demo: " + env.environment() + " stays up; console " + env.endpoints().console()
                    + ", AWS endpoint " + env.endpoints().aws());
        }
        out.println("controlplane demo: Ctrl-C stops it");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(runtime, runtimeLog, stdout);
            out.println("controlplane demo: stopped; the day's data stays in " + runtime.first().dataDir().getParent());
            out.flush();
        }, "controlplane-demo-shutdown"));
        try {
            // until Ctrl-C (or SIGTERM): the shutdown hook stops everything, then the JVM exits
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(LocalEnvironments runtime, PrintStream runtimeLog, PrintStream stdout) {
        if (runtime != null) runtime.close();
        System.setOut(stdout);
        runtimeLog.close();
    }

    /** A fresh folder: created, or emptied when an earlier demo made it; anything else is refused untouched. */
    static void prepare(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(folder)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(folder.resolve(MARKER))) {
                    throw new Main.UsageException("--data " + folder + " is a folder with other things in it; the demo needs a fresh"
                            + " folder (a new or empty one, or one an earlier demo made, which it empties)");
                }
                try (Stream<Path> all = Files.walk(folder)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(folder)) Files.delete(p);
                }
            } else if (Files.exists(folder)) {
                throw new Main.UsageException("--data " + folder + " is a file; expected a folder for the demo's data");
            }
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(MARKER), "made by controlplane demo; the next demo empties this folder\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo's folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static PrintStream open(Path log) {
        try {
            return new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }

    /** Whether python3 is there to run the launched script in the local workspace. */
    static boolean python3Runs() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
