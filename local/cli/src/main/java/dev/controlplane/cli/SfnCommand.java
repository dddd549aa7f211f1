package dev.controlplane.cli;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.Json;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.mock.MockConfigException;
import dev.aslengine.model.DefinitionDiagnostics;
import dev.aslengine.model.DefinitionParser;
import dev.aslengine.model.LoopBounds;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.HistoryEvent;
import dev.aslengine.runtime.StateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code controlplane sfn run|validate}: one state machine on the local engine. */
final class SfnCommand {
    private SfnCommand() {}

    /** The command line of {@code sfn} and its subcommands. */
    static CommandParser.Spec<?> cli() {
        return CommandParser.group("sfn", "controlplane sfn run|validate|bench ...", "One state machine on the local engine.",
                CommandParser.command("run", "controlplane sfn run DEFINITION.json [INPUT.json] [--history] [--name NAME]"
                                + " [--time-scale X] [--function NAME=CLASS]...\n[--endpoint-url URL] [--mock-config FILE --test-case NAME]",
                        "Runs one execution of a state machine on the local engine and prints {\"status\", \"output\", \"error\","
                                + " \"cause\"} as one JSON object; exit 0 when it succeeded, 1 when it failed.", Run::new)
                        .arguments("DEFINITION.json [INPUT.json]", 2, "the state machine's definition and the execution's input"
                                + " (default {})")
                        .history()
                        .option("--name", "NAME", "the execution name (default: a UUID)")
                        .option("--time-scale", "X", "multiply Wait and Retry intervals by X (default 1; 0 = no waiting)")
                        .option("--function", "NAME=CLASS", "serve Lambda function NAME with the handler class CLASS (repeatable)")
                        .option("--endpoint-url", "URL", "AWS endpoint for the service integrations (or AWS_ENDPOINT_URL)")
                        .option("--mock-config", "FILE", "a Step Functions Local mock configuration: with --test-case, the Task"
                                + " states the test case names answer with their mocked responses")
                        .option("--test-case", "NAME", "the test case of the mock configuration to run"),
                CommandParser.command("validate", "controlplane sfn validate DEFINITION.json", "Checks a definition without"
                                + " running it: what ValidateStateMachineDefinition reports, and loops that can run into the history"
                                + " quota.", Validate::new)
                        .arguments("DEFINITION.json", 1, "the state machine's definition"),
                BenchCommand.cli());
    }

    /** What {@code sfn run} is asked. */
    static final class Run implements CommandParser.Command {
        final List<String> files;
        final boolean history;
        final String name;
        final String timeScale;
        final List<String> functions;
        final String endpoint;
        final String mockConfigFile;
        final String testCase;

        Run(CommandParser.Values v) {
            files = v.arguments();
            history = v.has("--history");
            name = v.last("--name");
            timeScale = v.last("--time-scale");
            functions = v.all("--function");
            String endpointUrl = v.last("--endpoint-url");
            endpoint = endpointUrl != null ? endpointUrl : System.getenv("AWS_ENDPOINT_URL");
            mockConfigFile = v.last("--mock-config");
            testCase = v.last("--test-case");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return runExecution(this, out, err);
        }
    }

    /** What {@code sfn validate} is asked. */
    static final class Validate implements CommandParser.Command {
        final Path file;

        Validate(CommandParser.Values v) {
            file = v.arguments().isEmpty() ? null : Path.of(v.arguments().get(0));
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return validate(file, out, err);
        }
    }

    private static int validate(Path file, PrintStream out, PrintStream err) {
        if (file == null) throw new Main.UsageException("usage: controlplane sfn validate DEFINITION.json");
        String text = read(file, "definition");
        // the diagnostics ValidateStateMachineDefinition answers with severity WARNING, one a line
        List<DefinitionDiagnostics.Diagnostic> diagnostics = DefinitionDiagnostics.of(text, false);
        boolean failed = diagnostics.stream().anyMatch(DefinitionDiagnostics.Diagnostic::isError);
        if (failed) err.println(file + ": invalid state machine definition:");
        for (DefinitionDiagnostics.Diagnostic d : diagnostics) {
            (failed ? err : out).println("  " + d.severity() + " " + d.code() + " " + d.location() + ": " + d.message());
        }
        if (failed) return 2;
        var model = DefinitionParser.parse(text);
        // ours, beyond what ValidateStateMachineDefinition reports: loops that can run into the history quota
        List<DefinitionDiagnostics.Diagnostic> loops = LoopBounds.of(model);
        for (DefinitionDiagnostics.Diagnostic d : loops) out.println("  " + d.severity() + " " + d.code() + " " + d.location() + ": " + d.message());
        diagnostics = new ArrayList<>(diagnostics);
        diagnostics.addAll(loops);
        out.println(file + ": valid (" + model.states().size() + " states, starts at \"" + model.startAt() + "\")"
                + (diagnostics.isEmpty() ? "" : ", with " + diagnostics.size() + " warning(s) above"));
        return 0;
    }

    private static void printProblems(Path file, InvalidDefinitionException e, PrintStream err) {
        err.println(file + ": invalid state machine definition:");
        for (String p : e.problems()) err.println("  " + p);
    }

    private static int runExecution(Run options, PrintStream out, PrintStream err) {
        List<String> positional = options.files;
        double timeScale = 1.0;
        if (options.timeScale != null) {
            String v = options.timeScale;
            try {
                timeScale = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--time-scale expects a number >= 0, got '" + v + "'");
            }
            if (timeScale < 0 || Double.isNaN(timeScale)) throw new Main.UsageException("--time-scale expects a number >= 0, got '" + v + "'");
        }
        String mockConfigFile = options.mockConfigFile;
        String testCase = options.testCase;
        if (positional.isEmpty()) {
            throw new Main.UsageException("usage: controlplane sfn run DEFINITION.json [INPUT.json] [--history] [--name NAME] [--time-scale X]"
                    + " [--mock-config FILE --test-case NAME]");
        }
        Path defFile = Path.of(positional.get(0));
        String definition = read(defFile, "definition");
        JsonNode input = Json.object();
        if (positional.size() == 2) {
            Path inFile = Path.of(positional.get(1));
            String text = read(inFile, "input");
            try {
                input = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(inFile + ": the input is not valid JSON: " + e.getMessage());
            }
        }
        if ((mockConfigFile == null) != (testCase == null)) {
            throw new Main.UsageException("--mock-config FILE and --test-case NAME go together: the test case of the file to run");
        }
        MockConfig mocks = mockConfigFile == null ? null : mockConfig(Path.of(mockConfigFile));
        Engine.Builder builder = Engine.builder().timeScale(timeScale).mockConfig(mocks);
        if (!options.functions.isEmpty()) builder.integration(lambdas(options.functions));
        Integrations.addAws(builder, options.endpoint);
        try (Engine engine = builder.build()) {
            StateMachine sm;
            try {
                sm = engine.createStateMachine(mocks == null ? machineName(defFile) : mockedMachineName(mocks, defFile, testCase),
                        definition, null);
            } catch (EngineException e) {
                if (!e.errorCode().equals("InvalidDefinition")) throw e;
                try {
                    DefinitionParser.parse(definition);
                } catch (InvalidDefinitionException invalid) {
                    printProblems(defFile, invalid, err);
                }
                return 2;
            }
            Execution execution;
            try {
                // run on this thread, which has nothing else to do until the execution ends
                execution = engine.runExecution(sm.arn(), options.name, input, testCase);
            } catch (EngineException e) {
                err.println("controlplane: cannot start the execution: " + e.errorCode() + ": " + e.getMessage());
                return 2;
            }
            if (options.history) {
                for (HistoryEvent ev : execution.history().events()) err.println(Json.write(ev.toAws()));
            }
            ObjectNode result = Json.object();
            result.put("status", execution.status().name());
            result.set("output", execution.output());
            result.put("error", execution.error());
            result.put("cause", execution.cause());
            out.println(Json.write(result));
            return execution.status().name().equals("SUCCEEDED") ? 0 : 1;
        }
    }

    private static LambdaFunctions lambdas(List<String> specs) {
        LambdaFunctions lambdas = new LambdaFunctions("us-east-1", "123456789012", System.err);
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) throw new Main.UsageException("--function expects NAME=HANDLER_CLASS, got '" + spec + "'");
            String fn = spec.substring(0, eq);
            String cls = spec.substring(eq + 1);
            Object handler;
            try {
                handler = Class.forName(cls).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new Main.UsageException("--function " + fn + ": no class '" + cls + "' on the class path");
            } catch (ReflectiveOperationException e) {
                throw new Main.UsageException("--function " + fn + ": cannot create '" + cls + "' with its no-argument constructor: " + e);
            }
            if (handler instanceof RequestStreamHandler h) lambdas.register(fn, h);
            else if (handler instanceof RequestHandler<?, ?> h) lambdas.register(fn, h);
            else throw new Main.UsageException("--function " + fn + ": '" + cls + "' is neither a RequestHandler nor a RequestStreamHandler");
        }
        return lambdas;
    }

    /** A mock configuration file, its problems as a usage error naming the file and the field. */
    static MockConfig mockConfig(Path file) {
        try {
            return MockConfig.parse(read(file, "mock configuration"), file.toString());
        } catch (MockConfigException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * The name the mock configuration knows the state machine by: the definition file's (LambdaSQSIntegration.asl.json
     * is LambdaSQSIntegration), else the one state machine of the configuration with that test case.
     */
    private static String mockedMachineName(MockConfig mocks, Path defFile, String testCase) {
        String fromFile = machineName(defFile);
        if (mocks.testCase(fromFile, testCase) != null) return fromFile;
        List<String> with = mocks.testCaseNames().entrySet().stream().filter(e -> e.getValue().contains(testCase)).map(java.util.Map.Entry::getKey).toList();
        if (with.size() == 1) return with.get(0);
        throw new Main.UsageException(mocks.source() + ": " + (with.isEmpty() ? "no state machine has the test case '" + testCase + "'"
                : "the test case '" + testCase + "' is in several state machines " + with + " and none is named after " + defFile.getFileName())
                + " (StateMachines and their TestCases: " + mocks.testCaseNames() + ")");
    }

    private static String machineName(Path file) {
        String n = file.getFileName().toString().replaceAll("\\.asl\\.json$|\\.json$", "").replaceAll("[^A-Za-z0-9_-]", "-");
        return n.isEmpty() ? "machine" : n.length() > 80 ? n.substring(0, 80) : n;
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Main.UsageException(file + ": no such " + what + " file");
        } catch (IOException e) {
            throw new Main.UsageException(file + ": cannot read the " + what + " file: " + e.getMessage());
        }
    }
}
