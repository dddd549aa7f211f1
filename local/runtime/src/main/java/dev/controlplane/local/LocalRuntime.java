package dev.controlplane.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.runtime.Engine;
import dev.controlplane.domain.config.EnvironmentConfig;
import dev.controlplane.domain.config.PlatformConfig;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import dev.controlplane.local.template.SamConfig;
import dev.controlplane.local.template.StackContext;
import dev.controlplane.local.template.TemplateSource;
import dev.workspace.LocalWorkspace;
import dev.workspace.RunTimings;
import dev.workspace.WorkspaceOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code controlplane up}: template.yaml wired up in this JVM. S3 (S3Proxy) and DynamoDB (DynamoDB Local) with the
 * template's buckets and tables, kept under the data folder; Secrets Manager over a local secrets file; the engine with
 * every state machine and the Step Functions API; the functions in-process, reached by their S3 notifications, HTTP API
 * routes and schedules; the local Databricks workspace; all the AWS services behind one endpoint. Stopping it stops
 * everything; starting it again finds the data (objects, items, executions) where it was.
 */
public final class LocalRuntime implements AutoCloseable {
    /** Default first port: the AWS endpoint; then the HTTP API, the Databricks workspace and the console. */
    public static final int DEFAULT_PORT_BASE = 8750;
    /** The SQL warehouse id the functions are given: the local workspace has one warehouse answering to any id. */
    static final String LOCAL_WAREHOUSE = "local0warehouse";

    /**
     * How to start.
     *
     * @param template   the SAM template (template.yaml)
     * @param dataDir    where objects, tables and executions are kept (created when missing)
     * @param secretsFile the secret values file (generated values are written to it)
     * @param configDir  the platform config folder (config/)
     * @param portBase   the AWS endpoint's port, the HTTP API's, the workspace's and the console's are the next
     *                   three; 0 for free ports everywhere
     * @param parameters template parameter values (and pseudo parameters AWS::Region, AWS::AccountId)
     * @param log        where the runtime and the functions write their lines
     * @param console    starts the browser console, or null when this runtime has none
     * @param tuning     time scale, the local workspace's run durations and python, what may be left out
     * @param mockConfig the mocked responses of executions started with a test case ({@code arn#TestCase}), or null
     */
    public record Options(Path template, Path dataDir, Path secretsFile, Path configDir, int portBase,
            Map<String, String> parameters, PrintStream log, ConsoleStarter console, Tuning tuning, MockConfig mockConfig) {
        /** With {@link Tuning#DEFAULT}: real time, instant runs, everything the template declares required. */
        public Options(Path template, Path dataDir, Path secretsFile, Path configDir, int portBase,
                Map<String, String> parameters, PrintStream log, ConsoleStarter console) {
            this(template, dataDir, secretsFile, configDir, portBase, parameters, log, console, Tuning.DEFAULT, null);
        }

        /** Without mocked responses. */
        public Options(Path template, Path dataDir, Path secretsFile, Path configDir, int portBase,
                Map<String, String> parameters, PrintStream log, ConsoleStarter console, Tuning tuning) {
            this(template, dataDir, secretsFile, configDir, portBase, parameters, log, console, tuning, null);
        }

        public Options {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(secretsFile, "secretsFile");
            Objects.requireNonNull(configDir, "configDir");
            if (portBase != 0 && (portBase < 1 || portBase > 65_532)) {
                throw new IllegalArgumentException("--port-base must be 0 (free ports) or 1 to 65532, got " + portBase);
            }
            parameters = Map.copyOf(parameters);
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(tuning, "tuning");
        }
    }

    /**
     * How the runtime runs, beyond what the template says.
     *
     * @param timeScale      multiplies the engine's Wait and Retry intervals (1: real time, 0.1: ten times faster)
     * @param runTimings     how long the local workspace's runs stay in each state
     * @param runPython      whether the workspace runs a spark_python_task's script with python3 (fetched from S3)
     * @param leaveOutAbsent start without what the template declares but this checkout lacks (a state machine's
     *                       definition file, a function's handler class), listing it, instead of refusing to start
     */
    public record Tuning(double timeScale, RunTimings runTimings, boolean runPython, boolean leaveOutAbsent) {
        /** What {@code controlplane up} runs with. */
        public static final Tuning DEFAULT = new Tuning(1.0, RunTimings.instant(), false, false);

        public Tuning {
            if (!(timeScale >= 0)) throw new IllegalArgumentException("time scale must be >= 0, got " + timeScale);
            Objects.requireNonNull(runTimings, "runTimings");
        }
    }

    /**
     * Where everything listens.
     *
     * @param aws        S3, DynamoDB, Step Functions and Secrets Manager (routed by the request's signing service)
     * @param httpApi    the template's HTTP API routes
     * @param databricks the local Databricks workspace
     * @param console    the browser console, or null
     */
    public record Endpoints(URI aws, URI httpApi, URI databricks, URI console) {}

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<String> summary = new ArrayList<>();
    /** Where in {@link #summary} the lines of the executions found again go. */
    private int restoreLinesAt;
    private LocalTemplate template;
    private LocalPlatformConfig platform;
    private Endpoints endpoints;
    private StepFunctionsService stepFunctions;
    private FunctionHost functions;
    private LocalSecrets secrets;
    private Path dataDir;
    private S3Notifier notifier;
    private SharedServices shared;
    private LocalIam iam;
    private Schedules schedules;
    private RuntimeResources resources;
    private Map<String, String> clientEnvironment;

    private LocalRuntime() {}

    /**
     * Starts everything; on a failure, what started is stopped again and the exception says what could not start.
     *
     * @throws dev.controlplane.local.template.TemplateException for a template that cannot be wired up
     * @throws IllegalArgumentException for a config, secrets file, handler or schedule that is wrong
     */
    public static LocalRuntime start(Options options) {
        return start(options, null);
    }

    /**
     * One environment of several, on their shared S3, DynamoDB and secrets ({@link LocalEnvironments}): the executions
     * it finds running go on once {@link #release} is called, when the environments they may call are there too.
     */
    static LocalRuntime start(Options options, SharedServices shared) {
        LocalRuntime runtime = new LocalRuntime();
        try {
            runtime.boot(options, shared);
            return runtime;
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void boot(Options o, SharedServices shared) {
        boolean oneOfSeveral = shared != null;
        PrintStream log = o.log();
        dataDir = o.dataDir().toAbsolutePath().normalize();
        TemplateSource source = TemplateSource.read(o.template());
        platform = LocalPlatformConfig.load(o.configDir());
        Tuning tuning = o.tuning();
        Resolution resolution = resolve(source, o.template(), platform, o.parameters(), tuning.leaveOutAbsent());
        template = resolution.template();
        FunctionPackages packages = remember(new FunctionPackages());
        if (tuning.leaveOutAbsent()) template = template.withoutFunctions(FunctionHost.missingHandlers(template, packages));
        StackContext stack = template.stack();
        resources = RuntimeResources.of(template, platform.config());
        List<String> unservable = FunctionHost.problems(template, packages);
        if (!unservable.isEmpty()) throw new IllegalArgumentException(String.join("\n", unservable));

        if (shared == null) shared = remember(SharedServices.start(dataDir, o.secretsFile()));
        this.shared = shared;
        secrets = shared.secrets();
        List<String> generated = new ArrayList<>();
        List<String> tokenSecrets = platform.workspaceTokenSecrets();
        for (LocalTemplate.Secret s : template.secrets()) {
            // A workspace token the template creates empty (set by hand after a deploy) gets a local token below.
            boolean emptyToken = s.secretString() == null && s.generate() == null && tokenSecrets.contains(s.name());
            if (!secrets.has(s.name()) && !emptyToken) {
                secrets.put(s.name(), s.secretString() != null ? s.secretString() : LocalSecrets.generate(s.generate()));
                generated.add(s.name());
            }
        }
        for (String id : tokenSecrets) {
            if (!secrets.has(id)) {
                secrets.put(id, "dapi" + LocalSecrets.generate(Json.parse("{\"PasswordLength\": 32, \"ExcludePunctuation\": true, \"ExcludeUppercase\": true}")));
                generated.add(id);
            }
        }

        int base = o.portBase();
        SharedServices services = shared;
        AwsGateway gateway = remember(AwsGateway.start(base, Map.of(), services::observe));
        SecretsManagerServer secretsServer = remember(SecretsManagerServer.start(secrets, stack::secretArn));
        for (LocalTemplate.Secret s : template.secrets()) secretsServer.declare(s.name(), s.description());
        for (String id : tokenSecrets) secretsServer.declare(id, "Databricks workspace token (local workspace)");
        gateway.route("secretsmanager", secretsServer.url());

        WorkspaceOptions workspaceOptions = WorkspaceOptions.defaults().withPort(base == 0 ? 0 : base + 2)
                .withRemoteFiles(uri -> s3File(uri)).withTimings(tuning.runTimings())
                .withStateFile(dataDir.resolve("databricks").resolve("workspace.journal"));
        if (tuning.runPython()) workspaceOptions = workspaceOptions.withPythonExecution("python3");
        for (String id : tokenSecrets) workspaceOptions = workspaceOptions.withToken(secrets.value(id), "controlplane-" + id.replace('/', '-'));
        LocalWorkspace workspace = remember(LocalWorkspace.start(workspaceOptions));
        gateway.serveFaults(new LocalFaults(gateway.awsFaults(), workspace.faults()));
        Path configCopy = platform.localCopy(dataDir.resolve("config"), workspace.url());

        S3Service s3 = shared.s3();
        DynamoDbService dynamo = shared.dynamo();
        gateway.route("s3", s3.url());
        if (!s3.journal().removedAtStart().isEmpty()) {
            summary.add("s3: removed " + s3.journal().removedAtStart().size() + " temporary file(s) of writes cut short when"
                    + " up last stopped: " + String.join(", ", s3.journal().removedAtStart()));
        }
        gateway.route("dynamodb", dynamo.url());
        List<String> bucketsCreated = new ArrayList<>();
        for (LocalTemplate.Bucket b : template.buckets()) if (s3.ensureBucket(b.name(), b.versioned())) bucketsCreated.add(b.name());
        for (String b : platform.buckets()) if (s3.ensureBucket(b, false)) bucketsCreated.add(b);
        List<String> tablesCreated = dynamo.ensureTables(template.tables());

        Map<String, String> local = new LinkedHashMap<>();
        local.put("AWS_ENDPOINT_URL", gateway.url().toString());
        local.put("AWS_REGION", stack.region());
        local.put("AWS_DEFAULT_REGION", stack.region());
        local.put("AWS_ACCESS_KEY_ID", "local");
        local.put("AWS_SECRET_ACCESS_KEY", "local");
        local.put("S3_FORCE_PATH_STYLE", "true");
        clientEnvironment = Map.copyOf(local);
        // The Databricks workspace a function is configured with (replicate-data's table clones) is the local one,
        // as the AWS endpoint is: the template's DatabricksHost names a real workspace, and its DatabricksWarehouseId
        // one of that workspace's warehouses (the local workspace runs statements on any warehouse id).
        local.put("DATABRICKS_HOST", workspace.url());
        local.put("DATABRICKS_WAREHOUSE_ID", LOCAL_WAREHOUSE);
        local.put(PlatformConfig.CONFIG_DIR_VARIABLE, configCopy.toString());
        iam = new LocalIam(template, platform.bucketAccounts(), name -> name.startsWith("arn:") ? name : stack.secretArn(name));
        gateway.enforce(iam, log);
        functions = FunctionHost.of(template, packages, local, iam, log);
        notifier = remember(new S3Notifier(template.s3Subscriptions(), functions, s3.url(), stack.region(), log, 1000));
        services.addNotifier(notifier);
        remember(() -> services.removeNotifier(notifier));
        stepFunctions = remember(StepFunctionsService.start(template, functions, iam, gateway.url(), dataDir.resolve("stepfunctions"),
                tuning.timeScale(), o.mockConfig(), log, oneOfSeveral));
        gateway.route("states", stepFunctions.url());
        StepFunctionsService machines = stepFunctions;
        FunctionHost hosted = functions;
        EventBridgeServer events = remember(EventBridgeServer.start(template, shared.eventBuses(), iam, new EventBridgeServer.Targets() {
            @Override
            public String startExecution(String stateMachineArn, com.fasterxml.jackson.databind.JsonNode input) {
                return machines.engine().startExecution(stateMachineArn, null, input).arn();
            }

            @Override
            public com.fasterxml.jackson.databind.JsonNode invoke(String functionName, com.fasterxml.jackson.databind.JsonNode payload) {
                return hosted.invoke(functionName, payload);
            }
        }, log));
        gateway.route("events", events.url());
        HttpApiServer http = remember(HttpApiServer.start(base == 0 ? 0 : base + 1, template.httpRoutes(), functions, stack.accountId(), log));
        schedules = new Schedules(template.schedules(), stepFunctions.engine(), functions, stack.region(), stack.accountId(),
                Clock.systemUTC(), log, (role, request) -> {
                    LocalIam.Denial denial = iam.checkAsRole(role, request);
                    return denial == null ? null : denial.message();
                });
        remember(schedules);

        URI consoleUrl = null;
        if (o.console() != null) {
            endpoints = new Endpoints(gateway.url(), http.url(), URI.create(workspace.url()), null);
            try {
                ConsoleStarter.Console console = o.console().start(this, base == 0 ? 0 : base + 3);
                remember(console.server());
                consoleUrl = console.url();
                // the console's own pages may call the other endpoints from the browser; no other page may
                java.util.Set<String> consoleOrigins = dev.aslengine.api.LoopbackGuard.originsOf(consoleUrl.getPort());
                gateway.allowBrowserOrigins(consoleOrigins);
                http.allowBrowserOrigins(consoleOrigins);
            } catch (Exception e) {
                throw new IllegalStateException("the console did not start: " + e.getMessage(), e);
            }
        }
        endpoints = new Endpoints(gateway.url(), http.url(), URI.create(workspace.url()), consoleUrl);

        summary.add("template " + o.template() + ": environment " + template.parameters().getOrDefault("Environment", "-") + ", account "
                + stack.accountId() + ", region " + stack.region());
        if (!resolution.fromSamConfig().isEmpty()) {
            summary.add("parameters from " + resolution.samConfig().file() + " [" + resolution.environment() + ".deploy.parameters]: "
                    + String.join(", ", resolution.fromSamConfig().keySet()));
        }
        summary.add("data in " + dataDir + (shared.dataDir().equals(dataDir) ? "" : ", objects and tables in " + shared.dataDir())
                + (bucketsCreated.isEmpty() && tablesCreated.isEmpty() ? " (found again)" : ""));
        summary.add("secrets in " + secrets.file().toAbsolutePath().normalize()
                + (generated.isEmpty() ? "" : " (generated now: " + String.join(", ", generated) + ")"));
        summary.add("buckets: " + String.join(", ", allBuckets()));
        summary.add("tables: " + String.join(", ", template.tables().stream().map(LocalTemplate.Table::name).toList()));
        summary.add("state machines: " + String.join(", ", template.stateMachines().stream().map(LocalTemplate.StateMachine::arn).toList()));
        summary.add("functions: " + template.functions().size() + " in-process, each from its package in a class loader of its own ("
                + String.join(", ", template.functions().stream().map(f -> f.name() + " [" + packages.describe(f) + "]").toList()) + ")");
        for (LocalTemplate.HttpRoute r : template.httpRoutes()) summary.add("route " + r.routeKey() + " -> " + r.functionName());
        for (LocalTemplate.S3Subscription s : template.s3Subscriptions()) {
            summary.add("s3 notification " + s.bucket() + " " + s.events() + (s.prefix().isEmpty() ? "" : " prefix " + s.prefix())
                    + (s.suffix().isEmpty() ? "" : " suffix " + s.suffix()) + " -> " + s.functionName());
        }
        for (String line : schedules.start()) summary.add("schedule " + line);
        if (!template.eventBuses().isEmpty() || !template.eventRules().isEmpty()) events.describe().forEach(line -> summary.add("event bus " + line));
        // the executions found again and the notes of those that were not: counted when the summary is read, as
        // with several environments they go on only once all are up (release)
        restoreLinesAt = summary.size();
        workspace.notes().forEach(n -> summary.add("note: " + n));
        for (LocalTemplate.NotEmulated n : template.notEmulated()) summary.add("not emulated: " + n);
        for (LocalTemplate.NotEmulated n : versioningNotKept(shared.s3())) summary.add("not emulated: " + n);
        for (LocalTemplate.NotEmulated n : template.absent()) summary.add("left out, not in this checkout: " + n);
        if (tuning.timeScale() != 1.0) summary.add("time scale " + tuning.timeScale() + " (Wait and Retry intervals multiplied by it)");
        writeEndpointsFile();
    }

    /** The template's versioned buckets, when the local S3 keeps one version of each object. */
    private List<LocalTemplate.NotEmulated> versioningNotKept(S3Service s3) {
        if (s3.keepsVersions()) return List.of();
        return template.buckets().stream().filter(LocalTemplate.Bucket::versioned)
                .map(b -> new LocalTemplate.NotEmulated(b.logicalId() + ".VersioningConfiguration", "S3 object versioning",
                        "the local S3 keeps one version of each object (" + s3.versionsNotKept() + "): an overwrite or delete"
                                + " loses the previous bytes, uploads have no versionId, and a request naming a versionId gets 501"
                                + " NotImplemented"))
                .toList();
    }

    private List<String> allBuckets() {
        List<String> all = new ArrayList<>(template.buckets().stream().map(LocalTemplate.Bucket::name).toList());
        for (String b : platform.buckets()) if (!all.contains(b)) all.add(b);
        return all;
    }

    /** The stack's account and region: the overrides, else the config's environment of the Environment parameter. */
    /**
     * The template as {@code sam deploy --config-env ENV} deploys it for one environment: the parameters given, over
     * samconfig.toml's overrides of that environment (beside the template), over the template's defaults; the stack's
     * account and region from the platform config's environment. Locally the stack is the first environment of the
     * chain unless a parameter names another.
     *
     * @param given template parameters, and AWS::Region / AWS::AccountId / AWS::StackName overrides
     */
    static Resolution resolve(Path templateFile, LocalPlatformConfig platform, Map<String, String> given, boolean leaveOutAbsent) {
        return resolve(TemplateSource.read(templateFile), templateFile, platform, given, leaveOutAbsent);
    }

    private static Resolution resolve(TemplateSource source, Path templateFile, LocalPlatformConfig platform,
            Map<String, String> given, boolean leaveOutAbsent) {
        Map<String, String> parameters = new LinkedHashMap<>(given);
        parameters.keySet().removeIf(k -> k.startsWith("AWS::"));
        if (source.parameterNames().contains("Environment") && !parameters.containsKey("Environment")) {
            parameters.put("Environment", platform.config().firstEnvironment().name());
        }
        SamConfig samConfig = SamConfig.besides(templateFile);
        String environment = parameters.get("Environment");
        Map<String, String> fromSamConfig = samConfig == null || environment == null || !samConfig.has(environment)
                ? Map.of() : samConfig.parameterOverrides(environment);
        fromSamConfig.forEach((k, v) -> {
            if (source.parameterNames().contains(k)) parameters.putIfAbsent(k, v);
        });
        Map<String, String> values = source.parameterValues(parameters);
        return new Resolution(source.resolve(values, stack(platform, values, given), leaveOutAbsent), environment, samConfig,
                fromSamConfig);
    }

    /**
     * One environment's stack of the template as {@code sam deploy --config-env ENV} deploys it and up runs it (see
     * {@link #resolve}), nothing left out.
     *
     * @param configDir the platform config (environments.json gives the stack's account and region)
     * @throws IllegalArgumentException naming the problem of the config or template
     */
    public static LocalTemplate deployed(Path templateFile, Path configDir, String environment) {
        return deployed(templateFile, LocalPlatformConfig.load(configDir), environment);
    }

    static LocalTemplate deployed(Path templateFile, LocalPlatformConfig platform, String environment) {
        return deployed(templateFile, platform, environment, Map.of());
    }

    /** {@link #deployed(Path, Path, String)} with parameters given over samconfig.toml's, as {@code --parameter-overrides}. */
    public static LocalTemplate deployed(Path templateFile, Path configDir, String environment, Map<String, String> parameters) {
        return deployed(templateFile, LocalPlatformConfig.load(configDir), environment, parameters);
    }

    static LocalTemplate deployed(Path templateFile, LocalPlatformConfig platform, String environment, Map<String, String> parameters) {
        Map<String, String> given = new LinkedHashMap<>(parameters);
        given.put("Environment", environment);
        return resolve(templateFile, platform, given, false).template();
    }

    /** A resolved template, and which of samconfig.toml's overrides (of which environment) it took. */
    record Resolution(LocalTemplate template, String environment, SamConfig samConfig, Map<String, String> fromSamConfig) {}

    private static StackContext stack(LocalPlatformConfig platform, Map<String, String> values, Map<String, String> overrides) {
        Optional<EnvironmentConfig> environment = values.containsKey("Environment")
                ? platform.environment(values.get("Environment")) : Optional.of(platform.config().firstEnvironment());
        String region = overrides.getOrDefault("AWS::Region", environment.map(EnvironmentConfig::region).orElse("us-east-1"));
        String account = overrides.getOrDefault("AWS::AccountId", environment.map(EnvironmentConfig::account).orElse("123456789012"));
        String name = overrides.getOrDefault("AWS::StackName", "controlplane-" + values.getOrDefault("Environment", "local"));
        try {
            return new StackContext(region, account, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--parameter " + e.getMessage());
        }
    }

    /** A python_file given as s3://bucket/key, found in the local S3's folder. */
    private Optional<Path> s3File(String uri) {
        if (!uri.startsWith("s3://")) return Optional.empty();
        Path folder = shared.s3Folder();
        Path file = folder.resolve(uri.substring("s3://".length())).normalize();
        return file.startsWith(folder) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private void writeEndpointsFile() {
        writeJson(dataDir.resolve("endpoints.json"), endpointsJson());
    }

    /** Where this environment listens, as its endpoints.json says it to the commands that talk to a running up. */
    ObjectNode endpointsJson() {
        ObjectNode json = Json.object();
        json.put("aws", endpoints.aws().toString()).put("httpApi", endpoints.httpApi().toString())
                .put("databricks", endpoints.databricks().toString());
        if (endpoints.console() != null) json.put("console", endpoints.console().toString());
        json.put("region", template.stack().region()).put("accountId", template.stack().accountId());
        json.put("secretsFile", secrets.file().toAbsolutePath().normalize().toString());
        // where `controlplane webhook send` posts, and the secret it signs with (its name, never its value)
        if (resources().webhookPath() != null) {
            json.put("webhook", endpoints.httpApi().resolve(resources().webhookPath()).toString()).put("webhookSecretId", resources().webhookSecretId());
        }
        return json;
    }

    static void writeJson(Path file, ObjectNode json) {
        try {
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    /**
     * Lets this environment's IAM know another environment served beside it: its buckets' owner account, their
     * policies and keys, and its keys' policies, so that calls across the two are decided as between two accounts.
     */
    void trust(LocalRuntime other) {
        iam.learn(other.template);
    }

    /** Lets the executions this environment found running at its start go on (see {@link #start(Options, SharedServices)}). */
    void release() {
        stepFunctions.release();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * The access key the role of a function or state machine of this stack calls with (its logical id, e.g.
     * {@code PublishArtifactFunction}), with secret {@link LocalIam#SECRET_KEY}: to act as that role, as a test of
     * what it may and may not do; null when the template has no such role.
     */
    public String accessKeyOf(String logicalId) {
        return iam.accessKeyOf(logicalId);
    }

    public LocalTemplate template() {
        return template;
    }

    /** The environment this stack is (its Environment parameter), or "-" for a template without one. */
    public String environment() {
        return template.parameters().getOrDefault("Environment", "-");
    }

    public PlatformConfig platformConfig() {
        return platform.config();
    }

    /** The tables, buckets, routes and state machines of the template, by what they are for. */
    public RuntimeResources resources() {
        return resources;
    }

    /**
     * What an AWS SDK client needs to reach this runtime: AWS_ENDPOINT_URL (the one endpoint), AWS_REGION and
     * credentials (any are accepted), as the functions get them; for {@code AwsClientConfig.configure}.
     */
    public Map<String, String> clientEnvironment() {
        return clientEnvironment;
    }

    /**
     * Fires one of the template's schedules now (enabled or not), as its next firing would: an operator's "run now".
     *
     * @param id the schedule's logical id (or its name)
     * @return the ARN of the execution it started, or which function it invoked
     * @throws IllegalArgumentException when there is no such schedule, or its target refused (naming why)
     */
    public String fireSchedule(String id) {
        return schedules.fireNow(id);
    }

    /** The engine running the template's state machines. */
    public Engine engine() {
        return stepFunctions.engine();
    }

    /** The start-up report: what was wired, found again, generated, and what the template has that is not emulated. */
    public List<String> summary() {
        List<String> all = new ArrayList<>(summary);
        List<String> restore = new ArrayList<>();
        if (stepFunctions.restoredExecutions() > 0) {
            restore.add("executions found again: " + stepFunctions.restoredExecutions()
                    + (stepFunctions.resumedExecutions() > 0 ? " (" + stepFunctions.resumedExecutions() + " resumed)" : ""));
        }
        stepFunctions.restoreNotes().forEach(n -> restore.add("note: " + n));
        all.addAll(restoreLinesAt, restore);
        all.add("iam: " + iam.roles() + " roles enforced on the AWS endpoint: each function and state machine calls with its own;"
                + " other credentials (yours, the AWS CLI's) are an administrator's");
        for (String n : iam.notEvaluated()) all.add("iam, not evaluated: " + n);
        if (template.schedules().stream().anyMatch(s -> s.roleArn() == null)) {
            all.add("iam, not evaluated: the schedules of SAM events start their targets with the role SAM makes for"
                    + " them, not checked here");
        }
        return all;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops everything, newest first: running executions are stopped and journaled to resume on the next start. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
        if (dataDir != null) {
            try {
                Files.deleteIfExists(dataDir.resolve("endpoints.json"));
            } catch (IOException e) {
                // a stale endpoints file is overwritten by the next start
            }
        }
    }
}
