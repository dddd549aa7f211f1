package dev.controlplane.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.domain.registry.PromotionRequestName;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * {@code controlplane promote}: what a person asks of promote-artifact, as executions of it (the workflow checks and
 * records the request, in AWS as locally). {@code retry} promotes a version's registered build again, without a new
 * commit, from where its last promotion stopped; {@code rollback} moves {@code latest} in one environment back to an
 * earlier version released there, recorded with who and why. The command waits until the execution has refused the
 * request or taken it up (a retry: claimed the promotion; a rollback: done), and says which.
 */
public final class PromoteCommand {

    static final String USAGE = """
            usage: controlplane promote retry ARTIFACT VERSION --by NAME [options]
                   controlplane promote rollback ARTIFACT VERSION --in ENVIRONMENT --by NAME --reason TEXT [options]
              options: [--stack ENV] [--state-machine-arn ARN] [--endpoint-url URL] [--region R] [--wait SECONDS]""";
    static final String MACHINE_PREFIX = "controlplane-promote-artifact-";
    /** The state a promotion enters once it holds the commit's claim. */
    static final String PROMOTING_STATE = "PromoteAlongChain";

    private PromoteCommand() {}

    /** The command line of {@code promote}; {@code environment}: where AWS_REGION, AWS_ENDPOINT_URL and the credentials come from. */
    static CommandParser.Spec<?> cli(Map<String, String> environment) {
        return CommandParser.group("promote", USAGE, "What a person asks of promote-artifact, as executions of it.",
                request(CommandParser.command("retry", "controlplane promote retry ARTIFACT VERSION --by NAME [options]",
                        "Promotes a registered version again without a new commit, from where its promotion stopped (rejected,"
                                + " failed, stopped, approval timed out); waits until it holds the promotion (exit 0) or refuses"
                                + " (exit 1: still being promoted, already everywhere).", values -> new Request(values, environment,
                                "retry"))),
                request(CommandParser.command("rollback", "controlplane promote rollback ARTIFACT VERSION --in ENVIRONMENT --by NAME"
                                + " --reason TEXT [options]", "Moves latest in ENVIRONMENT back to VERSION, released there earlier,"
                                + " recorded in the registry with who, when and why (exit 1 naming the version when it is refused).",
                        values -> new Request(values, environment, "rollback")))
                        .option("--in", "ENVIRONMENT", "the environment whose latest moves back")
                        .option("--reason", "TEXT", "why: the rollback records it"));
    }

    /** The arguments and options of retry and rollback alike. */
    private static CommandParser.Spec<Request> request(CommandParser.Spec<Request> spec) {
        return spec
                .arguments("ARTIFACT VERSION", 2, "the artifact as {team}/{project}/{script} (e.g. data-eng/churn/churn) and its"
                        + " version")
                .option("--by", "NAME", "who asks: the request records it")
                .option("--stack", "ENV", "whose controlplane-promote-artifact-ENV takes it (default dev)")
                .option("--state-machine-arn", "ARN", "the promote-artifact state machine, instead of --stack")
                .aws("the Step Functions endpoint (or AWS_ENDPOINT_URL)", "the region (or AWS_REGION)")
                .option("--wait", "SECONDS", "how long to wait for the execution to take it up (default 60)");
    }

    /** What retry or rollback is asked ({@code --in} and {@code --reason}: rollback's only). */
    static final class Request implements CommandParser.Command {
        final Map<String, String> environment;
        final String action;
        final List<String> positional;
        final String by;
        final String stack;
        final String stateMachineArn;
        final String endpoint;
        final String region;
        final String wait;
        final String in;
        final String reason;

        Request(CommandParser.Values v, Map<String, String> environment, String action) {
            this.environment = environment;
            this.action = action;
            positional = v.arguments();
            by = v.last("--by");
            String stackOption = v.last("--stack");
            stack = stackOption != null ? stackOption : "dev";
            stateMachineArn = v.last("--state-machine-arn");
            endpoint = v.last("--endpoint-url");
            region = v.last("--region");
            wait = v.last("--wait");
            in = v.last("--in");
            reason = v.last("--reason");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return PromoteCommand.run(Options.of(this), environment, out, err);
        }
    }

    /**
     * @param args        the words after {@code promote}: retry or rollback and theirs
     * @param environment where AWS_REGION, AWS_ENDPOINT_URL and the credentials come from when not given as flags
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return Main.run(cli(environment), args, out, err);
    }

    private static int run(Options options, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> clientEnvironment = new HashMap<>(environment);
        if (options.region() != null) clientEnvironment.put("AWS_REGION", options.region());
        if (options.endpoint() != null) clientEnvironment.put("AWS_ENDPOINT_URL", options.endpoint());
        String command = "controlplane promote " + options.action();
        try (SfnClient sfn = AwsClientConfig.configure(SfnClient.builder(), clientEnvironment).build()) {
            String machine = options.stateMachineArn() != null ? options.stateMachineArn() : machine(sfn, options.stack());
            if (machine == null) {
                err.println(command + ": no state machine named " + MACHINE_PREFIX + options.stack() + where(clientEnvironment)
                        + "; pass --stack with the environment of the stack that holds the registry, or --state-machine-arn");
                return 2;
            }
            ObjectNode input = Json.object().put("action", options.action()).put("artifact", options.artifact());
            if (options.in() != null) input.put("environment", options.in());
            input.put("version", options.version()).put("requestedBy", options.by());
            if (options.reason() != null) input.put("reason", options.reason());
            String name = PromotionRequestName.of(options.action(), options.artifact(), options.version(), Instant.now());
            String execution = sfn.startExecution(s -> s.stateMachineArn(machine).name(name).input(Json.write(input)))
                    .executionArn();
            return await(sfn, execution, options, command, out, err);
        } catch (SdkException e) {
            err.println(command + ": " + AwsClientProblems.describe(e, clientEnvironment));
            return AwsClientProblems.isSetUp(e) ? 2 : 1;
        }
    }

    private static int await(SfnClient sfn, String execution, Options options, String command, PrintStream out,
            PrintStream err) {
        String what = options.in() == null ? options.artifact() + " " + options.version()
                : "latest of " + options.artifact() + " in " + options.in() + " back to " + options.version();
        long deadline = System.nanoTime() + options.patience().toNanos();
        while (true) {
            DescribeExecutionResponse described = sfn.describeExecution(d -> d.executionArn(execution));
            if (described.status() == ExecutionStatus.SUCCEEDED) {
                out.println(options.action() + " of " + what + ": " + execution + " succeeded: " + described.output());
                return 0;
            }
            if (described.status() != ExecutionStatus.RUNNING) {
                err.println(command + ": " + what + " refused: " + (described.error() == null ? described.status()
                        : described.error()) + ": " + (described.cause() == null ? "no cause given" : described.cause())
                        + " (execution " + execution + ")");
                return 1;
            }
            if (options.in() == null && promoting(sfn, execution)) {
                out.println("retry of " + what + " requested by " + options.by() + ": " + execution + " holds the"
                        + " promotion and takes it on from where it stopped; it waits for approvals as any promotion"
                        + " (follow it in the console or with aws stepfunctions describe-execution)");
                return 0;
            }
            if (System.nanoTime() > deadline) {
                out.println(options.action() + " of " + what + ": " + execution + " is still running after " + options.patience().toSeconds()
                        + " s; follow it in the console or with aws stepfunctions describe-execution");
                return 0;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    private static boolean promoting(SfnClient sfn, String execution) {
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(h -> h.executionArn(execution)).events()) {
            if (event.stateEnteredEventDetails() != null && PROMOTING_STATE.equals(event.stateEnteredEventDetails().name())) {
                return true;
            }
        }
        return false;
    }

    private static String machine(SfnClient sfn, String env) {
        for (StateMachineListItem machine : sfn.listStateMachinesPaginator(l -> l.maxResults(1000)).stateMachines()) {
            if (machine.name().equals(MACHINE_PREFIX + env)) return machine.stateMachineArn();
        }
        return null;
    }

    private static String where(Map<String, String> environment) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        return endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint;
    }

    /**
     * @param in     the environment whose latest a rollback moves (null for a retry)
     * @param stack  the environment of the stack whose promote-artifact takes the request (the registry's)
     */
    record Options(String action, String artifact, String version, String by, String reason, String in, String stack,
            String stateMachineArn, String endpoint, String region, Duration patience) {

        static Options of(Request request) {
            String action = request.action;
            String artifact = request.positional.size() > 0 ? request.positional.get(0) : null;
            String version = request.positional.size() > 1 ? request.positional.get(1) : null;
            String by = request.by;
            String reason = request.reason;
            String in = request.in;
            String stack = request.stack;
            Duration wait = request.wait == null ? Duration.ofSeconds(60) : seconds(request.wait);
            if (artifact == null || !artifact.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*){2}")) {
                throw new Main.UsageException("promote " + action + ": ARTIFACT is " + (artifact == null ? "missing"
                        : "'" + artifact + "'") + "; expected {team}/{project}/{script}, e.g. data-eng/churn/churn");
            }
            if (version == null || version.isBlank()) {
                throw new Main.UsageException("promote " + action + ": VERSION is missing; expected the version, e.g. 1.4.0");
            }
            if (by == null || by.isBlank()) {
                throw new Main.UsageException("promote " + action + " needs --by NAME: the request records who made it");
            }
            boolean rollback = action.equals("rollback");
            if (rollback && (in == null || in.isBlank())) {
                throw new Main.UsageException("promote rollback needs --in ENVIRONMENT: the environment whose latest moves back");
            }
            if (rollback && (reason == null || reason.isBlank())) {
                throw new Main.UsageException("promote rollback needs --reason TEXT: the rollback records why");
            }
            return new Options(action, artifact, version.strip(), by.strip(), reason == null ? null : reason.strip(),
                    in == null ? null : in.strip(), stack.strip(), request.stateMachineArn, request.endpoint, request.region, wait);
        }

        private static Duration seconds(String text) {
            try {
                long seconds = Long.parseLong(text.strip());
                if (seconds >= 0 && seconds <= 3600) return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Main.UsageException("--wait '" + text + "' is not a number of seconds from 0 to 3600");
        }
    }
}
