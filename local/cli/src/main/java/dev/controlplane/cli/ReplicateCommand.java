package dev.controlplane.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.aws.AwsEndpoints;
import dev.aslengine.integration.aws.AwsServiceIntegration;
import dev.aslengine.integration.aws.S3ItemSource;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.HistoryEvent;
import dev.aslengine.runtime.MapRun;
import dev.controlplane.aws.AwsFailures;
import dev.controlplane.aws.S3ArtifactStore;
import dev.controlplane.domain.config.ConfigException;
import dev.controlplane.domain.config.DatasetConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.domain.config.TableClone;
import dev.controlplane.local.FunctionHost;
import dev.controlplane.local.LocalRuntime;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code controlplane replicate}: runs replicate-data now, on the local engine, as template.yaml deploys it (the
 * checkout's template, resolved for staging's stack as up resolves it), with its functions in this process against
 * any S3 endpoint, printing progress from the execution's events (and the copy Map's run counts) while it runs, then
 * each dataset's report.
 */
final class ReplicateCommand {

    static final String DEFAULT_PLAN_BUCKET = "controlplane-replication-plans";
    /** The workflow, by its logical id in template.yaml. */
    private static final String WORKFLOW = "ReplicateDataStateMachine";
    /** The stack that replicates: the one environment whose stack reads prod's data (template.yaml's ReadsProdData). */
    private static final String STACK = "staging";
    /**
     * The Databricks workspace the table clones run on is the one this command's environment names, or none: these
     * replace the stack's (its samconfig.toml names staging's real workspace), blank when unset.
     */
    private static final List<String> WORKSPACE_VARIABLES = List.of("DATABRICKS_HOST", "DATABRICKS_WAREHOUSE_ID",
            "DATABRICKS_TOKEN", "DATABRICKS_TOKEN_SECRET_ID");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final long POLL_MILLIS = 200;

    private ReplicateCommand() {
    }

    /** What the command line asks for. */
    record Options(Path config, String dataset, String endpoint, String region, String planBucket, boolean history) {
    }

    /** The command line of {@code replicate}. */
    static CommandParser.Spec<Cli> cli() {
        return CommandParser.command("replicate", "controlplane replicate --config DIR_OR_FILE [--dataset NAME] [--endpoint-url URL]"
                        + " [--region R] [--plan-bucket B]\n                       [--history]",
                        "Runs replicate-data now on the local engine, its functions in this process, against any S3 endpoint;"
                                + " prints progress and each dataset's report; exit 1 when a dataset is not complete.", Cli::new)
                .option("--config", "DIR_OR_FILE", "the config folder (environments.json, datasets/) or one datasets/NAME.json")
                .option("--dataset", "NAME", "one dataset (default: every dataset of the config)")
                .aws("the S3 endpoint (or AWS_ENDPOINT_URL; default AWS itself)", "(or AWS_REGION; default us-east-1)")
                .option("--plan-bucket", "B", "where plans and reports go, created if missing (or REPLICATION_PLAN_BUCKET; default "
                        + DEFAULT_PLAN_BUCKET + ")")
                .history();
    }

    /** What {@code replicate} is asked. */
    static final class Cli implements CommandParser.Command {
        final Path config;
        final String dataset;
        final String endpoint;
        final String region;
        final String planBucket;
        final boolean history;

        Cli(CommandParser.Values v) {
            config = v.path("--config", null);
            dataset = v.last("--dataset");
            String endpointUrl = v.last("--endpoint-url");
            endpoint = endpointUrl != null ? endpointUrl : System.getenv("AWS_ENDPOINT_URL");
            region = v.last("--region");
            planBucket = v.last("--plan-bucket");
            history = v.has("--history");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return ReplicateCommand.run(options(this), out, err);
        }
    }

    static int run(Options options, PrintStream out, PrintStream err) {
        Path configDir = configDir(options.config());
        String dataset = datasetOf(options);
        Map<String, String> environment = environment(options, configDir);
        configureHttp();
        // The S3 client takes about 0.2 s to build, the template longer to resolve: each on its own thread while the
        // config loads.
        CompletableFuture<S3Client> client = CompletableFuture.supplyAsync(() -> S3ArtifactStore.client(environment),
                thread("s3-client"));
        CompletableFuture<LocalTemplate> template = CompletableFuture.supplyAsync(() -> stack(configDir),
                thread("template"));
        // Whichever way the command ends, the client is closed once built.
        try {
            PlatformConfig config = loadConfig(configDir, dataset, err);
            if (config == null) {
                return 2;
            }
            String planBucket = environment.get("REPLICATION_PLAN_BUCKET");
            config.productionOwnerOf(planBucket).ifPresent(owner -> {
                throw new Main.UsageException("--plan-bucket " + planBucket + " is a bucket of production environment "
                        + owner.name() + "; expected a bucket outside production: replication never writes to it");
            });
            String noWorkspace = workspaceMissingFor(config, dataset, environment);
            if (noWorkspace != null) {
                err.println("controlplane: " + noWorkspace);
                return 2;
            }
            return new Run(environment, template, client, planBucket, dataset, options.history(), out, err).execute();
        } finally {
            client.thenAccept(S3Client::close);
        }
    }

    private static Executor thread(String name) {
        return task -> Thread.ofPlatform().daemon().name(name).start(task);
    }

    /**
     * template.yaml of the checkout this command was built in (the first folder above its jar or classes that has
     * one), as {@code sam deploy --config-env staging} deploys it and up resolves it: samconfig.toml's parameters,
     * the account and region of the config's environment.
     */
    private static LocalTemplate stack(Path configDir) {
        Path built;
        try {
            built = Path.of(ReplicateCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell which checkout this command was built in: " + e.getMessage(), e);
        }
        for (Path folder = built.toAbsolutePath().getParent(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("template.yaml"))) {
                return LocalRuntime.deployed(folder.resolve("template.yaml"), configDir, STACK);
            }
        }
        throw new IllegalStateException("replicate runs replicate-data as template.yaml deploys it, and no folder above "
                + built + " (the checkout this command was built in) has a template.yaml");
    }

    /**
     * Refuses, in one line, a run whose datasets clone Delta tables when the environment does not say on which
     * workspace: the clones would fail only after every object was copied. A run without tables needs no Databricks.
     */
    private static String workspaceMissingFor(PlatformConfig config, String dataset, Map<String, String> environment) {
        List<String> tables = config.datasets().stream().filter(d -> dataset == null || d.name().equals(dataset))
                .filter(d -> !d.tables().isEmpty())
                .map(d -> d.name() + " (" + String.join(", ", d.tables().stream().map(TableClone::source).toList()) + ")")
                .toList();
        List<String> missing = new ArrayList<>();
        if (!isSet(environment, "DATABRICKS_HOST")) {
            missing.add("DATABRICKS_HOST (the staging workspace's URL)");
        }
        if (!isSet(environment, "DATABRICKS_WAREHOUSE_ID")) {
            missing.add("DATABRICKS_WAREHOUSE_ID (the SQL warehouse the clones run on)");
        }
        if (!isSet(environment, "DATABRICKS_TOKEN") && !isSet(environment, "DATABRICKS_TOKEN_SECRET_ID")) {
            missing.add("DATABRICKS_TOKEN or DATABRICKS_TOKEN_SECRET_ID (its token, or the Secrets Manager secret"
                    + " holding it)");
        }
        if (tables.isEmpty() || missing.isEmpty()) {
            return null;
        }
        return "cloning the Delta tables of " + String.join(", ", tables) + " needs " + String.join(", ", missing)
                + "; for the running up: export DATABRICKS_HOST=http://127.0.0.1:8752"
                + " DATABRICKS_WAREHOUSE_ID=local0warehouse"
                + " DATABRICKS_TOKEN_SECRET_ID=controlplane/dev/databricks-token";
    }

    private static boolean isSet(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        return value != null && !value.isBlank();
    }

    /** The future's value, or what it failed with (unwrapped). */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The config, or null (the reason printed) when it is invalid. */
    private static PlatformConfig loadConfig(Path configDir, String dataset, PrintStream err) {
        PlatformConfig config;
        try {
            config = PlatformConfig.load(configDir);
        } catch (ConfigException e) {
            err.println("controlplane: the config in " + configDir + " is invalid:");
            err.println(e.getMessage());
            return null;
        } catch (UncheckedIOException e) {
            throw new Main.UsageException("cannot read the config in " + configDir + ": " + e.getMessage());
        }
        if (config.datasets().isEmpty()) {
            throw new Main.UsageException(configDir + "/datasets/ has no dataset; expected at least one"
                    + " {dataset}.json (see config/README.md)");
        }
        if (dataset != null && config.datasets().stream().noneMatch(d -> d.name().equals(dataset))) {
            throw new Main.UsageException("--dataset " + dataset + " is not in " + configDir + "/datasets/; expected"
                    + " one of " + config.datasets().stream().map(DatasetConfig::name).toList());
        }
        return config;
    }

    private static void configureHttp() {
        // The SDK's URL-connection client keeps 5 idle connections per host by default; the copies keep up to
        // REPLICATION_COPY_CONCURRENCY requests in flight, so keep as many open instead of reconnecting.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "128");
        }
    }

    private static Options options(Cli line) {
        Path config = line.config;
        String endpoint = line.endpoint;
        if (config == null) {
            throw new Main.UsageException("replicate needs --config DIR_OR_FILE: the config folder (with"
                    + " environments.json and datasets/) or one of its datasets/{dataset}.json");
        }
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                URI uri = new URI(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new URISyntaxException(endpoint, "no scheme or host");
                }
            } catch (URISyntaxException e) {
                throw new Main.UsageException("--endpoint-url '" + endpoint + "' is not a URL: expected"
                        + " http(s)://HOST[:PORT]");
            }
        }
        return new Options(config, line.dataset, endpoint, line.region, line.planBucket, line.history);
    }

    /** A folder is the config; a file is a dataset of the config two folders up. */
    private static Path configDir(Path config) {
        if (Files.isDirectory(config)) {
            if (!Files.isRegularFile(config.resolve("environments.json"))) {
                throw new Main.UsageException("--config " + config + " has no environments.json; expected the config"
                        + " folder (environments.json and datasets/)");
            }
            return config;
        }
        if (!Files.isRegularFile(config)) {
            throw new Main.UsageException("--config " + config + ": no such file or folder");
        }
        Path folder = config.toAbsolutePath().getParent();
        if (folder == null || !folder.getFileName().toString().equals("datasets") || folder.getParent() == null
                || !Files.isRegularFile(folder.getParent().resolve("environments.json"))) {
            throw new Main.UsageException("--config " + config + " is not a dataset file of a config folder; expected"
                    + " CONFIG/datasets/{dataset}.json beside CONFIG/environments.json (which names the production"
                    + " buckets replication refuses to write)");
        }
        return folder.getParent();
    }

    private static String datasetOf(Options options) {
        if (Files.isDirectory(options.config())) {
            return options.dataset();
        }
        String fromFile = options.config().getFileName().toString().replaceAll("\\.json$", "");
        if (options.dataset() != null && !options.dataset().equals(fromFile)) {
            throw new Main.UsageException("--dataset " + options.dataset() + " differs from --config "
                    + options.config() + "; name a dataset file or a dataset, or both the same");
        }
        return fromFile;
    }

    /** What the functions read: the user's environment with the command line's endpoint, region and buckets. */
    private static Map<String, String> environment(Options options, Path configDir) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (options.endpoint() != null && !options.endpoint().isBlank()) {
            environment.put("AWS_ENDPOINT_URL", options.endpoint());
        }
        String region = options.region() != null ? options.region()
                : firstSet(environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION"), "us-east-1");
        environment.put("AWS_REGION", region);
        environment.put(PlatformConfig.CONFIG_DIR_VARIABLE, configDir.toAbsolutePath().toString());
        environment.put("REPLICATION_PLAN_BUCKET", options.planBucket() != null ? options.planBucket()
                : firstSet(environment.get("REPLICATION_PLAN_BUCKET"), DEFAULT_PLAN_BUCKET, null));
        WORKSPACE_VARIABLES.forEach(variable -> environment.putIfAbsent(variable, ""));
        return environment;
    }

    private static String firstSet(String a, String b, String fallback) {
        return a != null && !a.isBlank() ? a.strip() : b != null && !b.isBlank() ? b.strip() : fallback;
    }

    /** One run: the engine, the functions, the execution and what is printed of it. */
    private static final class Run {

        private final Map<String, String> environment;
        /** Each completes once made, on its own thread (see {@link ReplicateCommand#run}). */
        private final CompletableFuture<LocalTemplate> template;
        private final CompletableFuture<S3Client> client;
        private final String planBucket;
        private final String dataset;
        private final boolean history;
        private final PrintStream out;
        private final PrintStream err;
        private final Map<String, Integer> mapRunsDone = new HashMap<>();
        private final Map<String, String> mapRunDatasets = new LinkedHashMap<>();
        private final Map<Long, HistoryEvent> byId = new HashMap<>();
        private final List<JsonNode> reports = new ArrayList<>();
        private int seen;
        private Instant started = Instant.now();

        Run(Map<String, String> environment, CompletableFuture<LocalTemplate> template,
                CompletableFuture<S3Client> client, String planBucket, String dataset, boolean history, PrintStream out,
                PrintStream err) {
            this.client = client;
            this.history = history;
            this.environment = environment;
            this.template = template;
            this.planBucket = planBucket;
            this.dataset = dataset;
            this.out = out;
            this.err = err;
        }

        int execute() {
            Instant start = Instant.now();
            started = start;
            // The engine and the workflow start once the template is resolved, while the client may still be being
            // built and the plan bucket checked, on the client's thread; a function called before then waits.
            CompletableFuture<S3Client> ready = client.thenApply(s3 -> {
                ensureBucket(s3, planBucket);
                return s3;
            });
            LocalTemplate stack = joined(template);
            LocalTemplate.StateMachine workflow = LocalTemplate.withId(stack.stateMachines(),
                    LocalTemplate.StateMachine::logicalId, WORKFLOW);
            AwsServiceIntegration aws = new AwsServiceIntegration(AwsEndpoints.fromEnvironment(environment));
            // The definition's expressions are checked by the build (every file of statemachines/ is parsed by
            // PlanPromotionTest): each is compiled when first reached, and in a run with nothing to copy or delete
            // the copy's and the delete's never are.
            try (aws; Engine engine = Engine.builder().region(stack.stack().region())
                    .deferExpressionCompilation(true).accountId(stack.stack().accountId())
                    .integration(functions(stack, workflow, ready)).integration(aws)
                    .distributedMapStore(new S3ItemSource(aws)).build()) {
                String arn = engine.createStateMachine(workflow.name(), workflow.definition(), null).arn();
                String name = "replicate-" + RUN_TIME.format(start) + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
                Execution execution = engine.startExecution(arn, name,
                        dataset == null ? Json.object() : Json.object().put("dataset", dataset));
                String where = environment.getOrDefault("AWS_ENDPOINT_URL", "AWS (" + environment.get("AWS_REGION")
                        + ")");
                out.println("replicate-data " + name + ": " + (dataset == null ? "every dataset" : dataset)
                        + " on " + where + ", plans in s3://" + planBucket);
                boolean stopped = false;
                try {
                    while (!execution.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        if (!stopped && ready.isCompletedExceptionally()) {
                            stopped = true;
                            engine.stopExecution(execution.arn(), "PlanBucketUnusable",
                                    "the plan bucket " + planBucket + " cannot be used");
                        }
                        progress(engine, execution);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    engine.stopExecution(execution.arn(), "Interrupted", "the command was interrupted");
                }
                progress(engine, execution);
                if (history) {
                    execution.history().events().forEach(event -> err.println(Json.write(event.toAws())));
                }
                Integer refused = planBucketRefusal(ready);
                return refused != null ? refused : finish(execution, Duration.between(start, Instant.now()));
            } catch (EngineException e) {
                err.println("controlplane: cannot run replicate-data: " + e.errorCode() + ": " + e.getMessage());
                return 2;
            }
        }

        /** 1 (the reason printed) when the plan bucket cannot be used (S3 or the SDK refused it); null when it can. */
        private Integer planBucketRefusal(CompletableFuture<S3Client> ready) {
            try {
                ready.join();
                return null;
            } catch (CompletionException e) {
                if (e.getCause() instanceof SdkClientException client) {
                    err.println("controlplane: " + AwsClientProblems.describe(client, environment));
                    return AwsClientProblems.isSetUp(client) ? 2 : 1;
                }
                String reason = e.getCause() instanceof S3Exception refused ? refused.awsErrorDetails().errorCode()
                        + ": " + refused.awsErrorDetails().errorMessage()
                        // The SDK checks a bucket's name before creating it.
                        : e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : null;
                if (reason == null) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                err.println("controlplane: the plan bucket " + planBucket + " cannot be used: " + reason);
                return 1;
            }
        }

        private static void ensureBucket(S3Client s3, String bucket) {
            try {
                s3.headBucket(request -> request.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                s3.createBucket(request -> request.bucket(bucket));
            }
        }

        /**
         * The workflow's functions as up registers them, by name from the template, with the environment Lambda
         * would give them (this command's on top of the template's); made ahead, one after the other in the
         * template's order, on a thread of their own. Their log lines go to the Lambda logger, not to the command's
         * output.
         */
        private LambdaFunctions functions(LocalTemplate stack, LocalTemplate.StateMachine workflow,
                CompletableFuture<S3Client> ready) {
            LambdaFunctions functions = new LambdaFunctions(stack.stack().region(), stack.stack().accountId(),
                    new PrintStream(OutputStream.nullOutputStream()));
            ExecutorService init = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("init").factory());
            for (LocalTemplate.Function f : stack.functionsOf(workflow)) {
                CompletableFuture<RequestStreamHandler> made = CompletableFuture.supplyAsync(
                        () -> FunctionHost.onClassPath(f, environment), init);
                functions.register(f.name(), f.memoryMb(), f.timeoutSeconds(), onPlatformThread((in, out, context) -> {
                    joined(ready);
                    joined(made).handleRequest(in, out, context);
                }));
            }
            init.shutdown();
            return functions;
        }

        /**
         * The function run on a platform thread, as Lambda runs it: the engine calls functions on virtual threads,
         * and a virtual thread blocked on a socket starts the JDK's poller, a thread then waiting in native code
         * for the rest of the process, which holds the JVM's exit for about 0.3 s (JDK 25).
         */
        private static RequestStreamHandler onPlatformThread(RequestStreamHandler handler) {
            return (in, out, context) -> {
                FutureTask<Void> call = new FutureTask<>(() -> {
                    // the handler and the plan bucket are made outside the invocation: their failures are named as the
                    // handler's are
                    AwsFailures.named(() -> handler.handleRequest(in, out, context));
                    return null;
                });
                Thread.ofPlatform().daemon().name("function").start(call);
                try {
                    call.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while a function ran", e);
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case RuntimeException runtime -> throw runtime;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            };
        }

        // --- progress, from the history's events and the copy Map's run

        private void progress(Engine engine, Execution execution) {
            List<HistoryEvent> events = execution.history().events();
            for (; seen < events.size(); seen++) {
                HistoryEvent event = events.get(seen);
                byId.put(event.id(), event);
                describe(event);
            }
            for (var run : mapRunDatasets.entrySet()) {
                MapRun counts = engine.mapRun(run.getKey());
                int done = counts.succeeded() + counts.failed();
                if (mapRunsDone.getOrDefault(run.getKey(), -1) != done) {
                    mapRunsDone.put(run.getKey(), done);
                    line(run.getValue() + ": batches done " + done + "/" + counts.total()
                            + (counts.failed() > 0 ? " (" + counts.failed() + " failed)" : ""));
                }
            }
        }

        private void describe(HistoryEvent event) {
            JsonNode details = event.details();
            switch (event.type()) {
                case "TaskStateExited" -> {
                    String state = details.path("name").asText();
                    JsonNode output = details.path("output");
                    switch (state) {
                        // a caught failure leaves the state with {step, dataset, error, cause} instead
                        case "Plan" -> line(output.has("error") ? output.path("dataset").asText() + ": not planned ("
                                + errorName(output.path("error").asText()) + ")" : output.path("dataset").asText() + ": planned "
                                + count(output.path("copies").asLong()) + " object(s) ("
                                + bytes(output.path("bytes").asLong()) + ") to copy, "
                                + count(output.path("deletes").asLong()) + " to delete, "
                                + count(output.path("skipped").asLong()) + " already in sync");
                        case "DeleteExtraneous" -> {
                            JsonNode deleted = assigned(details, "deleted");
                            line(output.path("dataset").asText() + ": deleted "
                                    + count(deleted.path("deleted").asLong()) + " extraneous object(s)"
                                    + (deleted.path("failed").asLong() > 0
                                    ? ", " + deleted.path("failed").asLong() + " failed" : ""));
                        }
                        case "CloneTables" -> {
                            JsonNode clone = assigned(details, "clone");
                            if (clone.path("tables").size() > 0) {
                                line(output.path("dataset").asText() + ": cloned "
                                        + clone.path("cloned").asLong() + " of " + clone.path("tables").size()
                                        + " table(s)");
                                for (JsonNode table : clone.path("tables")) {
                                    if (!table.path("state").asText().equals("SUCCEEDED")) {
                                        out.println("  " + table.path("target").asText() + " not cloned: "
                                                + table.path("error").asText());
                                    }
                                }
                            }
                        }
                        case "Verify" -> {
                            reports.add(output);
                            line(output.path("dataset").asText() + ": verified ("
                                    + (output.path("complete").asBoolean() ? "complete" : "incomplete") + ")");
                        }
                        default -> {
                        }
                    }
                }
                case "MapRunStarted" -> {
                    String name = datasetBefore(event);
                    mapRunDatasets.put(details.path("mapRunArn").asText(), name);
                }
                default -> {
                }
            }
        }

        /** An error as the workflow's Fail states name it: a function's exception class without package or suffix. */
        private static String errorName(String error) {
            return error.startsWith("dev.controlplane.")
                    ? error.substring(error.lastIndexOf('.') + 1).replaceFirst("Exception$", "") : error;
        }

        /** The dataset of a Map run: the copy Map's input is the plan, in the MapStateEntered just before. */
        private String datasetBefore(HistoryEvent event) {
            HistoryEvent previous = byId.get(event.previousEventId());
            for (int hops = 0; previous != null && hops < 5; hops++) {
                if (previous.type().equals("MapStateEntered")) {
                    return previous.details().path("input").path("dataset").asText("dataset");
                }
                previous = byId.get(previous.previousEventId());
            }
            return "dataset";
        }

        /** A progress line, with the time since the command started. */
        private void line(String text) {
            out.println(String.format(Locale.ROOT, "[%6.1fs] ", Duration.between(started, Instant.now()).toMillis()
                    / 1000.0) + text);
        }

        private static JsonNode assigned(JsonNode details, String variable) {
            JsonNode text = details.path("assignedVariables").path(variable);
            return text.isTextual() ? Json.parse(text.asText()) : Json.object();
        }

        private int finish(Execution execution, Duration took) {
            for (JsonNode report : reports) {
                printReport(report);
            }
            boolean ok = execution.status().name().equals("SUCCEEDED");
            if (ok) {
                out.println("replicated " + reports.size() + " dataset(s) in " + seconds(took));
                return 0;
            }
            err.println("controlplane: replicate-data " + execution.status().name() + ": " + execution.error());
            if (execution.cause() != null) {
                err.println("  " + execution.cause());
            }
            return 1;
        }

        private void printReport(JsonNode r) {
            out.println(r.path("dataset").asText() + ": report");
            out.println("  copied    " + count(r.path("copied").path("objects").asLong()) + " object(s), "
                    + bytes(r.path("copied").path("bytes").asLong()));
            out.println("  deleted   " + count(r.path("deleted").asLong()));
            out.println("  skipped   " + count(r.path("skipped").path("objects").asLong()) + " object(s), "
                    + bytes(r.path("skipped").path("bytes").asLong()) + " (already in sync)");
            out.println("  failed    " + count(r.path("failed").asLong()));
            for (JsonNode failure : r.path("failures")) {
                out.println("    " + failure.path("key").asText() + ": " + failure.path("reason").asText());
            }
            out.println("  tables    " + r.path("tablesCloned").asLong() + " cloned, " + r.path("tablesFailed").asLong()
                    + " failed");
            for (JsonNode failure : r.path("tableFailures")) {
                out.println("    " + failure.path("target").asText() + ": " + failure.path("error").asText());
            }
            out.println("  in sync   " + (r.path("inSync").asBoolean() ? "yes" : "no: "
                    + r.path("remaining").path("copies").asLong() + " copies and "
                    + r.path("remaining").path("deletes").asLong() + " deletes remain"));
            out.println("  duration  " + seconds(Duration.ofMillis(r.path("durationMillis").asLong())));
            out.println("  report    s3://" + r.path("planBucket").asText() + "/" + r.path("reportKey").asText());
        }

        private static String count(long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }

        private static String seconds(Duration duration) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }

        static String bytes(long n) {
            if (n < 1024) {
                return n + " B";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double value = n;
            int unit = -1;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
        }
    }
}
