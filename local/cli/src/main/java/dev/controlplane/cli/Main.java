package dev.controlplane.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code controlplane}: the command line of the local runtime. */
public final class Main {
    static final String USAGE = """
            usage: controlplane <command> ...

            commands:
              sfn run DEFINITION.json [INPUT.json] [options]
                                   run one execution of a state machine on the local engine and print
                                   {"status", "output", "error", "cause"} as one JSON object
                  --history            write the execution history as JSON lines to stderr
                  --name NAME          the execution name (default: a UUID)
                  --time-scale X       multiply Wait and Retry intervals by X (default 1; 0 = no waiting)
                  --function NAME=CLASS  serve Lambda function NAME with the handler class CLASS (repeatable)
                  --endpoint-url URL   AWS endpoint for the service integrations (or AWS_ENDPOINT_URL)
                  --mock-config FILE --test-case NAME
                                       answer the Task states the test case NAME of the Step Functions Local mock
                                       configuration FILE names with their mocked responses
              sfn validate DEFINITION.json
                                   check a definition without running it
              sfn bench DEFINITION.json INPUT.json TRANSITIONS [RUNS]   time warm in-process executions (bench/sfn.sh)
              runs --team TEAM [--month YYYY-MM] [--table NAME] [--endpoint-url URL] [--region R] [--json]
                                   a team's launch-cluster run records of a month (default: this month, UTC)
                                   and their summed DBU and cost; the table defaults to RUNS_TABLE, else
                                   controlplane-runs-dev
              up [--env ENV[,ENV]...] [--template FILE] [--data DIR] [--secrets FILE] [--config DIR] [--port-base N]
                 [--parameter K=V]... [--mock-config FILE]
                                   run the whole control plane of template.yaml on this machine (S3, DynamoDB, Step
                                   Functions, Secrets Manager, the HTTP API, schedules, a Databricks workspace) until
                                   Ctrl-C, IAM enforced as deployed; data kept in DIR (default .controlplane/data) across
                                   restarts; --env dev,staging,prod runs those stacks side by side (4 ports each);
                                   --mock-config FILE: StartExecution of STATE_MACHINE_ARN#TestCase runs that test case
              replicate --config DIR_OR_FILE [--dataset NAME] [--endpoint-url URL] [--region R] [--plan-bucket B]
                        [--history]
                                   run replicate-data now on the local engine, its functions in this process,
                                   against any S3 endpoint; prints progress and each dataset's report
                  --config DIR_OR_FILE the config folder (environments.json, datasets/) or one datasets/NAME.json
                  --dataset NAME       one dataset (default: every dataset of the config)
                  --endpoint-url URL   the S3 endpoint (or AWS_ENDPOINT_URL; default AWS itself)
                  --region R           (or AWS_REGION; default us-east-1)
                  --plan-bucket B      where plans and reports go, created if missing
                                       (or REPLICATION_PLAN_BUCKET; default controlplane-replication-plans)
                  --history            write the execution history as JSON lines to stderr
              demo [--keep] [--data DIR] [--port-base N]
                                   start the control plane on a fresh folder (default .controlplane/demo), play a day
                                   through its public endpoints (CI uploads, signed GitHub webhooks, a prod approval, a
                                   release, a launch on a job cluster, a replication) and print what happened; exit 0
                                   when every step did what it should; --keep leaves it and its console up until Ctrl-C
              webhook send FILE.json [--event NAME] [--delivery ID] [--data DIR]
                                   post a GitHub delivery to the running up's webhook route (found in DIR/endpoints.json,
                                   default .controlplane/data), signed with the secret that up holds; FILE is an HTTP API
                                   event such as events/github-push-merge.json (its body, event and delivery id), or a
                                   payload alone with --event; prints the answer, exit 0 when it is 2xx
              faults list|clear [--data DIR]
              faults add aws SERVICE:OPERATION FAULT [--times N] [--data DIR]
              faults add databricks CALL 429|500|502|503|504|lost-connection [--times N] [--data DIR]
              faults add databricks cluster-never-starts|run-hangs|run-fails [MESSAGE]|run-timings [--running S] ...
                                   inject faults into the running up (found in DIR/endpoints.json) and clear them: S3
                                   (SlowDown, ServiceUnavailable, InternalError) and DynamoDB (ThrottlingException, ...)
                                   errors on chosen operations, Databricks 429/5xx/lost connections on chosen API calls,
                                   a cluster that never starts, a run that fails or hangs, run timings; prints the
                                   active faults
              promote retry ARTIFACT VERSION --by NAME [options]
                                   promote a registered version again without a new commit, from where its promotion
                                   stopped (rejected, failed, stopped, approval timed out); waits until it holds the
                                   promotion (exit 0) or refuses (exit 1: still being promoted, already everywhere)
              promote rollback ARTIFACT VERSION --in ENVIRONMENT --by NAME --reason TEXT [options]
                                   move latest in ENVIRONMENT back to VERSION, released there earlier, recorded in the
                                   registry with who, when and why (exit 1 naming the version when it is refused)
                  options: --stack ENV (whose controlplane-promote-artifact-ENV takes it, default dev),
                           --state-machine-arn ARN, --endpoint-url URL, --region R, --wait SECONDS (default 60)
              test [MAVEN_ARGS]...
                                   (the ./controlplane launcher, bin/test) the test suite with its own set-up: the JDK,
                                   the tools the tests need (installed as root, else named with their install command),
                                   cfn-lint of template.yaml, then mvn -B verify MAVEN_ARGS
              help                 this text
              COMMAND --help       the usage of one command (or subcommand: sfn run --help), its options, in short

            exit codes: 0 succeeded, 1 the execution failed, timed out or was aborted (replicate: or a dataset is
                        not complete),
                        2 invalid definition, input or arguments (the reason on stderr)
            """;

    /** The commands this jar runs (test runs Maven: the launcher's). */
    static final List<String> COMMANDS = List.of("sfn", "runs", "up", "replicate", "demo", "webhook", "faults", "promote");

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code; everything it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        CommandParser.Spec<?> command = command(args[0]);
        if (command == null) {
            err.println("controlplane: " + (args[0].equals("test") ? "'test' runs Maven, not this jar: run ./controlplane test (bin/test)"
                    : "unknown command '" + args[0] + "'"));
            err.println("run 'controlplane help' for usage");
            return 2;
        }
        return run(command, Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    /** The command line of the command {@code name}; null for no such command. */
    static CommandParser.Spec<?> command(String name) {
        return switch (name) {
            case "sfn" -> SfnCommand.cli();
            case "runs" -> RunsCommand.cli(System.getenv());
            case "up" -> UpCommand.cli();
            case "replicate" -> ReplicateCommand.cli();
            case "demo" -> DemoCommand.cli();
            case "webhook" -> WebhookCommand.cli();
            case "faults" -> FaultsCommand.cli();
            case "promote" -> PromoteCommand.cli(System.getenv());
            default -> null;
        };
    }

    /**
     * Runs one command: {@code args} (those after its name) parsed by its command line, then the (sub)command they
     * name run, or its usage printed when asked for.
     */
    static int run(CommandParser.Spec<?> command, String[] args, PrintStream out, PrintStream err) {
        String name = command.qualifiedName();
        try {
            CommandParser.Parsed parsed = CommandParser.parse(command, args);
            name = parsed.name();
            if (parsed.helpRequested()) {
                out.print(CommandParser.usage(parsed.leaf()));
                return 0;
            }
            return parsed.command().run(out, err);
        } catch (UsageException e) {
            err.println("controlplane: " + e.getMessage());
            err.println("run 'controlplane " + (e.command() != null ? e.command() : name) + " --help' for usage");
            return 2;
        } catch (RuntimeException e) {
            // A failure no command foresaw: one line naming it, the stack trace only when asked for.
            err.println("controlplane " + command.qualifiedName() + ": stopped: " + unforeseen(e));
            if (System.getenv("CONTROLPLANE_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(CONTROLPLANE_DEBUG=1 prints where it happened)");
            }
            return 1;
        }
    }

    /** The messages of a failure and its causes, each once; a failure with none says what kind it is. */
    static String unforeseen(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message.strip());
            }
        }
        return text.isEmpty() ? "an internal error with no message (" + e.getClass().getSimpleName()
                + "): please report it with CONTROLPLANE_DEBUG=1's output" : text.toString();
    }

    /** A command line that cannot be run as written. */
    static final class UsageException extends RuntimeException {
        /** The command whose usage the user is pointed to, e.g. {@code sfn run}; null for the one that ran. */
        private final String command;

        UsageException(String message) {
            this(message, null);
        }

        UsageException(String message, String command) {
            super(message, null, false, false);
            this.command = command;
        }

        String command() {
            return command;
        }
    }
}
