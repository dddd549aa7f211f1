package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.DistributedMapStore;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskIntegration;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.model.DefinitionParser;
import dev.aslengine.model.StateMachineDefinition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local Step Functions engine: state machines, their executions, task tokens and the integrations tasks call.
 * It knows nothing of what the workflows do; tasks reach services only through {@link TaskIntegration}s.
 */
public final class Engine implements AutoCloseable {
    private static final DateTimeFormatter CONTEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_VERSIONS = 1000;
    /** An EXPRESS execution runs five minutes at most. */
    private static final long EXPRESS_LIMIT_SECONDS = 300;
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}\\u0080-\\u009f]{1,80}");

    private final String region;
    private final String accountId;
    private final double timeScale;
    private final List<TaskIntegration> integrations;
    private final DistributedMapStore distributedMapStore;
    private final TaskTokens tokens;
    private final Map<String, StateMachine> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, MapRun> mapRuns = new ConcurrentHashMap<>();
    /** Each state machine's published versions by number, and the last number handed out (never reused). */
    private final Map<String, java.util.TreeMap<Integer, StateMachineVersion>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastVersion = new ConcurrentHashMap<>();
    private final Map<String, StateMachineAlias> aliases = new ConcurrentHashMap<>();
    private final java.util.Queue<Execution> startOrder = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final int retainedExecutions;
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.function.Consumer<Execution> onExecutionEnded;
    private final boolean deferExpressions;
    private volatile ScheduledExecutorService timer;
    private final Activities activities;
    private final MockConfig mockConfig;
    private final ExecutionJournal journal;

    private Engine(Builder b) {
        this.region = b.region;
        this.accountId = b.accountId;
        this.tokens = new TaskTokens(region, accountId);
        this.timeScale = b.timeScale;
        List<TaskIntegration> all = new ArrayList<>(b.integrations);
        all.add(new StepFunctionsIntegration(this));
        this.integrations = List.copyOf(all);
        this.distributedMapStore = b.distributedMapStore;
        this.retainedExecutions = b.retainedExecutions;
        this.onExecutionEnded = b.onExecutionEnded;
        this.deferExpressions = b.deferExpressions;
        this.activities = new Activities(region, accountId, b.activityPollTimeout);
        this.mockConfig = b.mockConfig;
        this.journal = b.journal;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private MockConfig mockConfig;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private double timeScale = 1.0;
        private final List<TaskIntegration> integrations = new ArrayList<>();
        private DistributedMapStore distributedMapStore;
        private int retainedExecutions = 1000;
        private java.util.function.Consumer<Execution> onExecutionEnded = e -> { };
        private boolean deferExpressions;
        private java.time.Duration activityPollTimeout = java.time.Duration.ofSeconds(60);
        private ExecutionJournal journal;

        /**
         * Keeps each step of every STANDARD execution while it runs, so that after a crash it can be put back with
         * {@link Engine#resumeExecution} (none by default).
         */
        public Builder journal(ExecutionJournal journal) {
            this.journal = journal;
            return this;
        }

        /** How long GetActivityTask waits for a task before answering with none: 60 seconds, as AWS holds it. */
        public Builder activityPollTimeout(java.time.Duration timeout) {
            if (timeout.isNegative()) throw new IllegalArgumentException("activity poll timeout must be >= 0, got " + timeout);
            this.activityPollTimeout = timeout;
            return this;
        }

        /**
         * Compile each JSONata expression of a definition when it is first evaluated rather than when the definition
         * is created or updated: for definitions whose expressions are known to be valid (e.g. shipped with the
         * program and checked by its build), so that a short-lived process does not compile the ones it never
         * reaches. A syntax error is then not refused by createStateMachine but fails the state that evaluates it
         * (States.QueryEvaluationError). Off by default.
         */
        public Builder deferExpressionCompilation(boolean defer) {
            this.deferExpressions = defer;
            return this;
        }

        /**
         * Told of every execution whose run has ended (succeeded, failed, timed out or stopped; again after each
         * redrive), once its thread is done with it: e.g. to keep {@link Execution#snapshot()}s across restarts.
         */
        public Builder onExecutionEnded(java.util.function.Consumer<Execution> listener) {
            this.onExecutionEnded = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How many executions (and their histories) are kept; the oldest finished ones are forgotten first. */
        public Builder retainedExecutions(int count) {
            if (count < 1) throw new IllegalArgumentException("retained executions must be >= 1, got " + count);
            this.retainedExecutions = count;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Multiplies Wait and Retry intervals: 1 is real time, 0.01 a hundred times faster, 0 no waiting at all. */
        public Builder timeScale(double timeScale) {
            if (timeScale < 0 || Double.isNaN(timeScale)) throw new IllegalArgumentException("time scale must be >= 0, got " + timeScale);
            this.timeScale = timeScale;
            return this;
        }

        public Builder integration(TaskIntegration integration) {
            integrations.add(integration);
            return this;
        }

        public Builder distributedMapStore(DistributedMapStore store) {
            this.distributedMapStore = store;
            return this;
        }

        /** The mocked responses an execution started with a test case answers its Task states with. */
        public Builder mockConfig(MockConfig config) {
            this.mockConfig = config;
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** The activities Task states put work on and workers poll (GetActivityTask). */
    public Activities activities() {
        return activities;
    }

    public TaskTokens tokens() {
        return tokens;
    }

    ExecutorService virtualThreads() {
        return virtualThreads;
    }

    static String timestamp(Instant instant) {
        return CONTEXT_TIME.format(instant);
    }

    void sleep(long millis) throws InterruptedException {
        long scaled = (long) (millis * timeScale);
        if (scaled > 0) Thread.sleep(scaled);
    }

    TaskIntegration integrationFor(ResourceArn resource) {
        for (TaskIntegration i : integrations) if (i.supports(resource)) return i;
        return new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn r) {
                return true;
            }

            @Override
            public JsonNode call(dev.aslengine.integration.TaskCall call) {
                throw new StatesError(StatesError.RUNTIME, "No integration serves the resource \"" + resource.raw()
                        + "\" in this engine (state '" + call.stateName() + "'): register a Lambda handler for it or configure the AWS integration");
            }
        };
    }

    DistributedMapStore distributedMapStore() {
        if (distributedMapStore == null) {
            return new DistributedMapStore() {
                @Override
                public ArrayNode readItems(String executionArn, String readerResource, JsonNode readerConfig, JsonNode arguments) {
                    throw new StatesError(StatesError.ITEM_READER_FAILED, "No S3 endpoint is configured for Distributed Map ItemReader");
                }

                @Override
                public JsonNode writeResults(String executionArn, JsonNode args, String mapRunId, List<JsonNode> succeeded,
                        List<JsonNode> failed) {
                    throw new StatesError(StatesError.RESULT_WRITER_FAILED, "No S3 endpoint is configured for Distributed Map ResultWriter");
                }
            };
        }
        return distributedMapStore;
    }

    // ---------------------------------------------------------------- state machines

    public StateMachine createStateMachine(String name, String definition, String roleArn) {
        return createStateMachine(name, definition, roleArn, "STANDARD");
    }

    /** Creates a STANDARD or EXPRESS state machine; the same one again is answered with the existing. */
    public StateMachine createStateMachine(String name, String definition, String roleArn, String type) {
        checkName(name, "name");
        String arn = "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
        StateMachineDefinition model = parse(definition);
        StateMachine sm = new StateMachine(arn, name, definition, model, roleArn == null ? defaultRole() : roleArn, type, Instant.now());
        StateMachine existing = stateMachines.putIfAbsent(arn, sm);
        if (existing != null) {
            if (existing.definition().equals(definition) && existing.type().equals(type)) return existing;
            throw new EngineException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
        return sm;
    }

    public StateMachine updateStateMachine(String arn, String definition, String roleArn) {
        StateMachine old = stateMachine(arn);
        StateMachineDefinition model = definition == null ? old.model() : parse(definition);
        String newDefinition = definition == null ? old.definition() : definition;
        String newRole = roleArn == null ? old.roleArn() : roleArn;
        if (newDefinition.equals(old.definition()) && newRole.equals(old.roleArn())) return old;
        StateMachine sm = new StateMachine(arn, old.name(), newDefinition, model, newRole, old.type(), old.creationDate(),
                Instant.now(), UUID.randomUUID().toString());
        stateMachines.put(arn, sm);
        return sm;
    }

    /**
     * Puts back a state machine as it was kept (e.g. across a restart of the program holding this engine): its
     * definition, revision and dates as they were; one of the same name is replaced.
     */
    public StateMachine restoreStateMachine(String name, String definition, String roleArn, String type, Instant creationDate,
            Instant updateDate, String revisionId) {
        StateMachine sm = revision(name, definition, roleArn, type, creationDate, updateDate, revisionId);
        stateMachines.put(sm.arn(), sm);
        return sm;
    }

    private StateMachine revision(String name, String definition, String roleArn, String type, Instant creationDate, Instant updateDate,
            String revisionId) {
        checkName(name, "name");
        String arn = "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
        return new StateMachine(arn, name, definition, parse(definition), roleArn == null ? defaultRole() : roleArn, type, creationDate,
                updateDate, revisionId);
    }

    /**
     * Puts back a published version as it was kept: number, frozen revision, description and date; numbers handed out
     * later follow the highest ever put back or published.
     */
    public synchronized StateMachineVersion restoreVersion(int number, String name, String definition, String roleArn, String type,
            Instant revisionCreated, Instant revisionUpdated, String revisionId, String description, Instant creationDate) {
        StateMachine revision = revision(name, definition, roleArn, type, revisionCreated, revisionUpdated, revisionId);
        StateMachineVersion v = new StateMachineVersion(revision.arn() + ":" + number, number, revision, description, creationDate);
        versions.computeIfAbsent(revision.arn(), k -> new java.util.TreeMap<>()).put(number, v);
        lastVersion.merge(revision.arn(), number, Math::max);
        return v;
    }

    /** The number of the last version published of a state machine (0 for none), deleted ones included. */
    public int lastVersionNumber(String stateMachineArn) {
        return lastVersion.getOrDefault(stateMachineArn, 0);
    }

    /** Sets the last version number handed out (kept across a restart, so a deleted version's number is not reused). */
    public void restoreLastVersionNumber(String stateMachineArn, int number) {
        lastVersion.merge(stateMachineArn, number, Math::max);
    }

    /** Puts back an alias as it was kept; the versions it routes to must be there. */
    public synchronized StateMachineAlias restoreAlias(StateMachineAlias alias) {
        checkRouting(alias.routing());
        aliases.put(alias.arn(), alias);
        return alias;
    }

    /** Every alias, of every state machine. */
    public List<StateMachineAlias> allAliases() {
        return aliases.values().stream().sorted(Comparator.comparing(StateMachineAlias::arn)).toList();
    }

    /** Deletes a state machine with its versions and aliases. */
    public synchronized void deleteStateMachine(String arn) {
        stateMachines.remove(arn);
        versions.remove(arn);
        aliases.values().removeIf(a -> unqualified(a.arn()).equals(arn));
    }

    // ---------------------------------------------------------------- versions and aliases

    /**
     * Publishes the state machine's current revision as a new version; when that revision is already the latest
     * version, that version is answered. {@code revisionId}, when given, must be the current revision (ConflictException).
     */
    public synchronized StateMachineVersion publishVersion(String arn, String revisionId, String description) {
        StateMachine sm = stateMachine(arn);
        if (revisionId != null && !revisionId.equals(sm.revisionId())) {
            throw new EngineException("ConflictException", "Failed to publish the State Machine version: revisionId '" + revisionId
                    + "' is not the current revision '" + sm.revisionId() + "' of '" + arn + "'");
        }
        java.util.TreeMap<Integer, StateMachineVersion> published = versions.computeIfAbsent(arn, k -> new java.util.TreeMap<>());
        var latest = published.lastEntry();
        if (latest != null && latest.getValue().revision().revisionId().equals(sm.revisionId())) return latest.getValue();
        if (published.size() >= MAX_VERSIONS) {
            throw new EngineException("ServiceQuotaExceededException", "State machine '" + arn + "' has " + MAX_VERSIONS
                    + " versions, the most it can have; delete one before publishing another");
        }
        int number = lastVersion.merge(arn, 1, Integer::sum);
        StateMachineVersion v = new StateMachineVersion(arn + ":" + number, number, sm, description, Instant.now());
        published.put(number, v);
        return v;
    }

    /** The state machine's versions, newest first. */
    public synchronized List<StateMachineVersion> versions(String arn) {
        stateMachine(arn);
        java.util.TreeMap<Integer, StateMachineVersion> published = versions.get(arn);
        return published == null ? List.of() : List.copyOf(published.descendingMap().values());
    }

    public synchronized StateMachineVersion version(String versionArn) {
        StateMachineVersion v = findVersion(versionArn);
        if (v == null) throw new EngineException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + versionArn + "'");
        return v;
    }

    private StateMachineVersion findVersion(String versionArn) {
        Integer number = versionNumber(versionArn);
        java.util.TreeMap<Integer, StateMachineVersion> published = number == null ? null : versions.get(unqualified(versionArn));
        return published == null ? null : published.get(number);
    }

    /** Deletes a version; one an alias routes to is refused (ConflictException), one that does not exist is no error. */
    public synchronized void deleteVersion(String versionArn) {
        for (StateMachineAlias a : aliases.values()) {
            for (StateMachineAlias.Route r : a.routing()) {
                if (r.versionArn().equals(versionArn)) {
                    throw new EngineException("ConflictException", "Version '" + versionArn + "' cannot be deleted: alias '" + a.arn()
                            + "' routes executions to it; update or delete the alias first");
                }
            }
        }
        java.util.TreeMap<Integer, StateMachineVersion> published = versions.get(unqualified(versionArn));
        Integer number = versionNumber(versionArn);
        if (published != null && number != null) published.remove(number);
    }

    /** Creates an alias routing to versions of one state machine; the same alias again is answered with the existing. */
    public synchronized StateMachineAlias createAlias(String name, String description, List<StateMachineAlias.Route> routing) {
        String machine = checkRouting(routing);
        String arn = machine + ":" + name;
        StateMachineAlias existing = aliases.get(arn);
        if (existing != null) {
            if (java.util.Objects.equals(existing.description(), description) && existing.routing().equals(routing)) return existing;
            throw new EngineException("ConflictException", "Failed to create alias because an alias with the same name '" + name
                    + "' and a different routing configuration or description already exists: '" + arn + "'");
        }
        Instant now = Instant.now();
        StateMachineAlias alias = new StateMachineAlias(arn, name, description, routing, now, now);
        aliases.put(arn, alias);
        return alias;
    }

    public StateMachineAlias alias(String aliasArn) {
        StateMachineAlias a = aliasArn == null ? null : aliases.get(aliasArn);
        if (a == null) throw new EngineException("ResourceNotFound", "Resource not found: '" + aliasArn + "' (no such alias)");
        return a;
    }

    /** Changes an alias's description and/or routing (null keeps it). */
    public synchronized StateMachineAlias updateAlias(String aliasArn, String description, List<StateMachineAlias.Route> routing) {
        StateMachineAlias old = alias(aliasArn);
        if (routing != null && !checkRouting(routing).equals(unqualified(aliasArn))) {
            throw new EngineException("ValidationException", "Routing configuration of alias '" + aliasArn
                    + "' must name versions of its own state machine " + unqualified(aliasArn));
        }
        StateMachineAlias updated = new StateMachineAlias(old.arn(), old.name(), description == null ? old.description() : description,
                routing == null ? old.routing() : routing, old.creationDate(), Instant.now());
        aliases.put(aliasArn, updated);
        return updated;
    }

    public synchronized void deleteAlias(String aliasArn) {
        alias(aliasArn);
        aliases.remove(aliasArn);
    }

    /** The aliases of a state machine (newest first), or those routing to one version when given a version ARN. */
    public synchronized List<StateMachineAlias> aliases(String stateMachineOrVersionArn) {
        boolean ofVersion = versionNumber(stateMachineOrVersionArn) != null;
        if (ofVersion) version(stateMachineOrVersionArn);
        else stateMachine(stateMachineOrVersionArn);
        return aliases.values().stream()
                .filter(a -> ofVersion ? a.routing().stream().anyMatch(r -> r.versionArn().equals(stateMachineOrVersionArn))
                        : unqualified(a.arn()).equals(stateMachineOrVersionArn))
                .sorted(Comparator.comparing(StateMachineAlias::creationDate).reversed().thenComparing(StateMachineAlias::arn))
                .toList();
    }

    /** Checks a routing configuration and returns the state machine whose versions it names. */
    private String checkRouting(List<StateMachineAlias.Route> routing) {
        if (routing.isEmpty() || routing.size() > 2) {
            throw new EngineException("ValidationException", "routingConfiguration must route to one or two versions, got " + routing.size());
        }
        int sum = 0;
        String machine = null;
        for (StateMachineAlias.Route r : routing) {
            if (r.weight() < 0 || r.weight() > 100) {
                throw new EngineException("ValidationException", "weight of " + r.versionArn() + " must be 0 to 100, got " + r.weight());
            }
            sum += r.weight();
            if (versionNumber(r.versionArn()) == null) {
                throw new EngineException("ValidationException", "routingConfiguration must name version ARNs "
                        + "(arn:aws:states:<region>:<account>:stateMachine:<name>:<version>), got '" + r.versionArn() + "'");
            }
            if (findVersion(r.versionArn()) == null) {
                throw new EngineException("ResourceNotFound", "Resource not found: '" + r.versionArn() + "' (no such state machine version)");
            }
            String m = unqualified(r.versionArn());
            if (machine != null && !machine.equals(m)) {
                throw new EngineException("ValidationException", "routingConfiguration must name versions of one state machine, got "
                        + machine + " and " + m);
            }
            if (machine != null && routing.get(0).versionArn().equals(r.versionArn())) {
                throw new EngineException("ValidationException", "routingConfiguration names version " + r.versionArn() + " twice");
            }
            machine = m;
        }
        if (sum != 100) throw new EngineException("ValidationException", "The weights of routingConfiguration must add up to 100, got " + sum);
        return machine;
    }

    /** arn:aws:states:region:account:stateMachine:name of a state machine, version or alias ARN. */
    public static String unqualified(String arn) {
        String[] p = arn.split(":", -1);
        return p.length <= 7 ? arn : String.join(":", java.util.Arrays.copyOf(p, 7));
    }

    /** The qualifier of a version or alias ARN, or null for an unqualified one. */
    public static String qualifier(String arn) {
        // the eighth of exactly eight colon-separated parts, found without splitting the whole ARN
        int at = -1;
        for (int i = 0; i < 7; i++) {
            at = arn.indexOf(':', at + 1);
            if (at < 0) return null;
        }
        return arn.indexOf(':', at + 1) < 0 ? arn.substring(at + 1) : null;
    }

    private static Integer versionNumber(String arn) {
        String q = arn == null ? null : qualifier(arn);
        if (q == null || !q.matches("[0-9]{1,9}")) return null;
        return Integer.valueOf(q);
    }

    private StateMachineDefinition parse(String definition) {
        try {
            return DefinitionParser.parse(definition, deferExpressions);
        } catch (InvalidDefinitionException e) {
            throw new EngineException("InvalidDefinition", e.getMessage());
        }
    }

    private String defaultRole() {
        return "arn:aws:iam::" + accountId + ":role/StatesExecutionRole";
    }

    public StateMachine stateMachine(String arn) {
        StateMachine sm = arn == null ? null : stateMachines.get(arn);
        if (sm == null) throw new EngineException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        return sm;
    }

    public List<StateMachine> stateMachines() {
        return stateMachines.values().stream().sorted(Comparator.comparing(StateMachine::name)).toList();
    }

    // ---------------------------------------------------------------- executions

    /** Starts an execution of a state machine, of one of its versions, or of the version an alias routes to. */
    public Execution startExecution(String stateMachineArn, String name, JsonNode input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    /**
     * Starts an execution whose Task states named in the mock configuration's test case answer with their mocked
     * responses, as Step Functions Local does for {@code stateMachineArn#testCase} (null: no mocks).
     */
    public Execution startExecution(String stateMachineArn, String name, JsonNode input, String testCase) {
        return begin(stateMachineArn, name, input, testCase, false);
    }

    /**
     * Starts an execution as {@link #startExecution(String, String, JsonNode, String)} does and runs it on the calling
     * thread until it ends (its Parallel branches and Map iterations that wait still get threads of their own): for a
     * caller that would only wait for it, which then pays no hand-over to another thread and back. Stopping the
     * execution or its timeout interrupts the calling thread while it runs the execution; that interrupt is cleared
     * before this returns.
     */
    public Execution runExecution(String stateMachineArn, String name, JsonNode input, String testCase) {
        return begin(stateMachineArn, name, input, testCase, true);
    }

    private Execution begin(String stateMachineArn, String name, JsonNode input, String testCase, boolean onCaller) {
        String q = stateMachineArn == null ? null : qualifier(stateMachineArn);
        if (q == null) {
            StateMachine sm = stateMachine(stateMachineArn);
            return start(sm, name, input, null, null, null, testCase(sm, testCase), onCaller);
        }
        String aliasArn = null;
        String versionArn = stateMachineArn;
        if (versionNumber(stateMachineArn) == null) {
            StateMachineAlias alias = aliases.get(stateMachineArn);
            if (alias == null) throw new EngineException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + stateMachineArn + "'");
            aliasArn = alias.arn();
            versionArn = alias.pickVersion();
        }
        StateMachineVersion v = version(versionArn);
        return start(v.revision(), name, input, null, versionArn, aliasArn, testCase(v.revision(), testCase), onCaller);
    }

    private MockConfig.TestCase testCase(StateMachine sm, String name) {
        if (name == null) return null;
        if (mockConfig == null) {
            throw new EngineException("ValidationException", "Test case '" + name + "' asked for, but no mock configuration is loaded"
                    + " (start with a mock configuration file to run test cases)");
        }
        MockConfig.TestCase tc = mockConfig.testCase(sm.name(), name);
        if (tc == null) {
            throw new EngineException("ValidationException", "The mock configuration " + mockConfig.source() + " has no test case '"
                    + name + "' for the state machine '" + sm.name() + "' (it has: " + mockConfig.testCaseNames() + ")");
        }
        var states = sm.model().allStates();
        for (String state : tc.states().keySet()) {
            if (!(states.get(state) instanceof dev.aslengine.model.State.Task)) {
                throw new EngineException("ValidationException", "The mock configuration " + mockConfig.source() + ": StateMachines."
                        + sm.name() + ".TestCases." + name + "." + state + " mocks '" + state + "', which is no Task state of '"
                        + sm.name() + "'" + (states.containsKey(state) ? " (it is a " + states.get(state).common().type() + " state)" : ""));
            }
        }
        return tc;
    }

    Execution start(StateMachine sm, String name, JsonNode input, String parentTaskToken) {
        return start(sm, name, input, parentTaskToken, null, null, null, false);
    }

    /**
     * Runs an EXPRESS state machine (or a version or alias of one) and waits for the execution's end, at most the five
     * minutes an EXPRESS execution may run: StartSyncExecution.
     */
    public Execution startSyncExecution(String stateMachineArn, String name, JsonNode input) throws InterruptedException {
        return startSyncExecution(stateMachineArn, name, input, null);
    }

    /** StartSyncExecution of a mock configuration's test case (null: none), as {@link #startExecution(String, String, JsonNode, String)}. */
    public Execution startSyncExecution(String stateMachineArn, String name, JsonNode input, String testCase) throws InterruptedException {
        // versions and aliases share their state machine's type
        StateMachine sm = stateMachine(stateMachineArn == null ? null : unqualified(stateMachineArn));
        if (!"EXPRESS".equals(sm.type())) {
            throw new EngineException("StateMachineTypeNotSupported", "StartSyncExecution runs EXPRESS state machines only; '"
                    + stateMachineArn + "' is " + sm.type() + " (start it with StartExecution)");
        }
        return runExecution(stateMachineArn, name, input, testCase);
    }

    private Execution start(StateMachine sm, String name, JsonNode input, String parentTaskToken, String versionArn, String aliasArn,
            MockConfig.TestCase testCase, boolean onCaller) {
        // a generated name (a UUID) is valid by construction
        String execName = name == null ? UUID.randomUUID().toString() : name;
        if (name != null) checkName(execName, "name");
        JsonNode in = input == null ? Json.object() : input;
        if (!Json.utf8SizeAtMost(in, Interpreter.PAYLOAD_LIMIT_BYTES) && Json.utf8Size(in) > Interpreter.PAYLOAD_LIMIT_BYTES) {
            throw new EngineException("InvalidExecutionInput", "The execution input exceeds the 262144 byte limit");
        }
        // an EXPRESS execution is not kept to be described, listed or redriven (AWS sends its history to logs only)
        boolean express = "EXPRESS".equals(sm.type());
        String arn = express ? "arn:aws:states:" + region + ":" + accountId + ":express:" + sm.name() + ":" + execName + ":" + UUID.randomUUID()
                : sm.arn().replace(":stateMachine:", ":execution:") + ":" + execName;
        Execution execution = versionArn == null && aliasArn == null ? new Execution(arn, execName, sm, in, parentTaskToken)
                : new Execution(arn, execName, sm, in, versionArn, aliasArn);
        execution.testCase = testCase;
        if (!express) {
            Execution existing = executions.putIfAbsent(arn, execution);
            if (existing != null) {
                if (existing.status() == ExecutionStatus.RUNNING && existing.input().equals(in)) return existing;
                throw new EngineException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            startOrder.add(execution);
            forgetOldExecutions();
        }
        if (!express && journal != null) {
            execution.journal(journal, List.of(new JournalEntry.Begun(execution.snapshot(), versionArn, aliasArn, execution.testCaseName())));
        }
        ObjectNode started = Json.object();
        started.set("input", in);
        started.put("roleArn", sm.roleArn());
        if (aliasArn != null) started.put("stateMachineAliasArn", aliasArn);
        if (versionArn != null) started.put("stateMachineVersionArn", versionArn);
        execution.history().add(0, "ExecutionStarted", "executionStartedEventDetails", started);
        if (onCaller) {
            runOnCaller(execution, sm.model().startAt(), in);
        } else {
            launch(execution, sm.model().startAt(), in, new Variables(null));
        }
        return execution;
    }

    /** Drops the oldest finished executions beyond the retention bound (a running one is never dropped). */
    private void forgetOldExecutions() {
        while (executions.size() > retainedExecutions) {
            Execution oldest = startOrder.peek();
            if (oldest == null || !oldest.status().isTerminal()) return;
            startOrder.poll();
            executions.remove(oldest.arn(), oldest);
        }
    }

    private void launch(Execution execution, String startAt, JsonNode input, Variables variables) {
        launch(execution, startAt, input, variables, null);
    }

    private void launch(Execution execution, String startAt, JsonNode input, Variables variables, Resumption resumption) {
        Thread thread = Thread.ofVirtual().name("execution-" + execution.name())
                .unstarted(() -> runExecution(execution, startAt, input, variables, resumption));
        execution.thread = thread;
        thread.start();
        scheduleTimeout(execution, resumption);
    }

    /** A new execution run on this thread to its end; the interrupts of its stop or timeout do not outlive it. */
    private void runOnCaller(Execution execution, String startAt, JsonNode input) {
        execution.thread = Thread.currentThread();
        scheduleTimeout(execution, null);
        try {
            runExecution(execution, startAt, input, new Variables(null), null);
        } finally {
            synchronized (execution) {
                execution.thread = null;
            }
            if (execution.status() == ExecutionStatus.ABORTED || execution.status() == ExecutionStatus.TIMED_OUT) {
                Thread.interrupted();
            }
        }
    }

    private void scheduleTimeout(Execution execution, Resumption resumption) {
        Long timeout = execution.stateMachine().model().timeoutSeconds();
        if ("EXPRESS".equals(execution.stateMachine().type())) timeout = Math.min(timeout == null ? EXPRESS_LIMIT_SECONDS : timeout, EXPRESS_LIMIT_SECONDS);
        if (timeout != null) {
            long millis = TimeUnit.SECONDS.toMillis(timeout);
            // a resumed execution keeps the deadline it started with
            if (resumption != null) millis = Math.max(0, millis - java.time.Duration.between(execution.startDate(), Instant.now()).toMillis());
            timer().schedule(() -> timeOut(execution), millis, TimeUnit.MILLISECONDS);
        }
    }

    private void runExecution(Execution execution, String startAt, JsonNode input, Variables variables, Resumption resumption) {
        try {
            interpret(execution, startAt, input, variables, resumption);
        } finally {
            if (execution.status().isTerminal()) {
                try {
                    onExecutionEnded.accept(execution);
                } catch (RuntimeException e) {
                    // a listener's failure is its own: the execution's outcome stands
                }
            }
        }
    }

    private void interpret(Execution execution, String startAt, JsonNode input, Variables variables, Resumption resumption) {
        Interpreter interpreter = new Interpreter(this, execution);
        interpreter.resumption = resumption;
        interpreter.resumedEvents = resumption == null ? 0 : execution.history().size();
        // a redrive: the failed Map's or Parallel's iterations and branches that succeeded are not run again
        interpreter.redrivenResults = execution.partialResults;
        execution.partialResults = null;
        Interpreter.Frame frame = new Interpreter.Frame(variables, execution.history().size(), true);
        frame.top = true;
        if (resumption != null) {
            Resumption.Position top = resumption.at("");
            if (top != null && top.entered != null && top.entered.state().equals(startAt)) {
                frame.resume = top;
                frame.lastEvent = top.lastEvent();
            }
        }
        try {
            JsonNode output = interpreter.run(execution.stateMachine().model(), startAt, input, frame);
            synchronized (execution) {
                if (!execution.status().isTerminal()) {
                    execution.history().add(frame.lastEvent, "ExecutionSucceeded", "executionSucceededEventDetails",
                            Json.object().set("output", output));
                    execution.finish(ExecutionStatus.SUCCEEDED, output, null, null);
                }
            }
        } catch (StatesError e) {
            synchronized (execution) {
                if (!execution.status().isTerminal()) {
                    execution.resumePoint = new Execution.ResumePoint(frame.failedState, frame.failedInput, variables.snapshot());
                    execution.history().add(frame.lastEvent, "ExecutionFailed", "executionFailedEventDetails",
                            Json.object().put("error", e.error()).put("cause", e.cause()));
                    execution.finish(ExecutionStatus.FAILED, null, e.error(), e.cause());
                }
            }
        } catch (InterruptedException e) {
            // stopped or timed out: the stopper recorded the outcome
            if (execution.resumePoint == null) execution.resumePoint = new Execution.ResumePoint(frame.failedState, frame.failedInput, variables.snapshot());
        } catch (HistoryLimitExceeded e) {
            synchronized (execution) {
                if (!execution.status().isTerminal()) {
                    // AWS's last event: number 25,000, after the last one the execution wrote (whichever branch wrote it)
                    execution.history().add(execution.history().size(), "ExecutionFailed", "executionFailedEventDetails",
                            Json.object().put("error", StatesError.RUNTIME).put("cause", e.getMessage()));
                    execution.finish(ExecutionStatus.FAILED, null, StatesError.RUNTIME, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            synchronized (execution) {
                if (!execution.status().isTerminal()) {
                    String cause = "The engine failed while running this execution: " + e;
                    execution.history().add(frame.lastEvent, "ExecutionFailed", "executionFailedEventDetails",
                            Json.object().put("error", StatesError.RUNTIME).put("cause", cause));
                    execution.finish(ExecutionStatus.FAILED, null, StatesError.RUNTIME, cause);
                }
            }
        }
    }

    private void timeOut(Execution execution) {
        synchronized (execution) {
            if (execution.status().isTerminal()) return;
            execution.history().add(execution.history().size(), "ExecutionTimedOut", "executionTimedOutEventDetails",
                    Json.object().put("error", StatesError.TIMEOUT).put("cause", "The execution ran longer than the state machine's TimeoutSeconds"));
            execution.finish(ExecutionStatus.TIMED_OUT, null, StatesError.TIMEOUT, null);
            interruptRunner(execution);
        }
    }

    /** Interrupts the thread running the execution, if one still does; called holding the execution's lock. */
    private static void interruptRunner(Execution execution) {
        Thread t = execution.thread;
        if (t != null) t.interrupt();
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "execution-timeouts");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    /**
     * Puts back an ended execution from its {@link ExecutionSnapshot} (e.g. read from disk after a restart): it is
     * described, listed and its history read as before, and one that failed or was stopped can be redriven.
     *
     * @throws EngineException StateMachineDoesNotExist when its state machine is not in this engine,
     *         ExecutionAlreadyExists when an execution with its ARN is
     */
    public Execution restoreExecution(ExecutionSnapshot snapshot) {
        if (!snapshot.status().isTerminal()) {
            throw new IllegalArgumentException("only an ended execution can be restored; " + snapshot.arn() + " is " + snapshot.status());
        }
        Execution execution = Execution.restored(snapshot, stateMachine(snapshot.stateMachineArn()));
        if (executions.putIfAbsent(execution.arn(), execution) != null) {
            throw new EngineException("ExecutionAlreadyExists", "Execution Already Exists: '" + execution.arn() + "'");
        }
        startOrder.add(execution);
        forgetOldExecutions();
        return execution;
    }

    /**
     * Puts back an execution from what an {@link ExecutionJournal} kept of it (after a crash): an ended one as it ended;
     * a running one goes on from its last completed state, each Map iteration and Parallel branch from its own, what
     * had finished kept. A task that was running is run again (its service called again), but a task waiting for its
     * task token waits again for the same token. The execution's journal is started anew with what was read.
     *
     * @throws IllegalArgumentException when the entries do not begin with {@link JournalEntry.Begun} or their events do not follow on
     * @throws EngineException StateMachineDoesNotExist when its state machine is not in this engine,
     *         ExecutionAlreadyExists when an execution with its ARN is
     */
    public Execution resumeExecution(List<JournalEntry> entries) {
        PutBack p = putBack(entries);
        p.launch().run();
        return p.execution();
    }

    /**
     * {@link #resumeExecution} of several executions: every one is put back before any goes on, so that a task
     * starting a child execution by name finds the child there. {@code refused} is told of each journal (by its index)
     * that could not be put back, and why.
     */
    public List<Execution> resumeExecutions(List<List<JournalEntry>> journals, java.util.function.BiConsumer<Integer, RuntimeException> refused) {
        return resumeExecutions(journals, refused, Runnable::run);
    }

    /**
     * {@link #resumeExecutions(List, java.util.function.BiConsumer)} with the going on of each execution put back handed
     * to {@code launcher}: a host that serves several engines side by side holds them until every engine is there.
     */
    public List<Execution> resumeExecutions(List<List<JournalEntry>> journals, java.util.function.BiConsumer<Integer, RuntimeException> refused,
            java.util.concurrent.Executor launcher) {
        List<PutBack> all = new ArrayList<>();
        for (int i = 0; i < journals.size(); i++) {
            try {
                all.add(putBack(journals.get(i)));
            } catch (EngineException | IllegalArgumentException e) {
                refused.accept(i, e);
            }
        }
        all.forEach(p -> launcher.execute(p.launch()));
        return all.stream().map(PutBack::execution).toList();
    }

    private record PutBack(Execution execution, Runnable launch) {}

    private PutBack putBack(List<JournalEntry> entries) {
        if (entries.isEmpty() || !(entries.get(0) instanceof JournalEntry.Begun begun)) {
            throw new IllegalArgumentException("the journal does not begin with the execution's start");
        }
        ExecutionSnapshot s = begun.soFar();
        List<HistoryEvent> history = new ArrayList<>(s.history());
        for (JournalEntry e : entries) {
            if (!(e instanceof JournalEntry.Event ev)) continue;
            if (ev.event().id() != history.size() + 1) {
                throw new IllegalArgumentException("history event " + ev.event().id() + " follows event " + history.size());
            }
            history.add(ev.event());
        }
        StateMachine sm = begun.versionArn() != null ? version(begun.versionArn()).revision() : stateMachine(s.stateMachineArn());
        HistoryEvent last = history.isEmpty() ? null : history.get(history.size() - 1);
        boolean ended = last != null && List.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut").contains(last.type());
        Execution execution = Execution.restored(s, sm, begun.versionArn(), begun.aliasArn(), history);
        if (begun.testCase() != null) execution.testCase = testCase(sm, begun.testCase());
        if (ended) {
            JsonNode d = last.details() == null ? Json.object() : last.details();
            ExecutionStatus status = switch (last.type()) {
                case "ExecutionSucceeded" -> ExecutionStatus.SUCCEEDED;
                case "ExecutionFailed" -> ExecutionStatus.FAILED;
                case "ExecutionAborted" -> ExecutionStatus.ABORTED;
                default -> ExecutionStatus.TIMED_OUT;
            };
            execution.finish(status, d.get("output"), d.path("error").asText(null), d.path("cause").asText(null), last.timestamp());
        }
        if (executions.putIfAbsent(execution.arn(), execution) != null) {
            throw new EngineException("ExecutionAlreadyExists", "Execution Already Exists: '" + execution.arn() + "'");
        }
        startOrder.add(execution);
        if (ended) return new PutBack(execution, () -> { });
        Resumption resumption = Resumption.of(entries);
        List<JournalEntry> anew = new ArrayList<>();
        anew.add(new JournalEntry.Begun(execution.snapshot(), begun.versionArn(), begun.aliasArn(), begun.testCase()));
        anew.addAll(resumption.entries());
        if (journal != null) execution.journal(journal, anew);
        if (history.isEmpty()) {
            ObjectNode started = Json.object();
            started.set("input", s.input());
            started.put("roleArn", sm.roleArn());
            execution.history().add(0, "ExecutionStarted", "executionStartedEventDetails", started);
        }
        // a token handed out before the crash is answered from now on, even before its task waits again
        for (JournalEntry e : anew) if (e instanceof JournalEntry.Token t) tokens.adopt(t.token());
        Resumption.Position top = resumption.at("");
        Execution.ResumePoint redrive = execution.resumePoint;
        if (top != null && top.entered != null) {
            return new PutBack(execution, () -> launch(execution, top.entered.state(), top.entered.input(),
                    Variables.fromJson(top.entered.variables()), resumption));
        } else if (s.redriveCount() > 0 && redrive != null) {
            return new PutBack(execution, () -> launch(execution, redrive.stateName(), redrive.input(), redrive.variables(), resumption));
        }
        return new PutBack(execution, () -> launch(execution, sm.model().startAt(), s.input(), new Variables(null), resumption));
    }

    /**
     * Stops every running execution (as StopExecution does, with this error and cause) and waits up to {@code wait}
     * for their threads to end, so that each is recorded where it stopped.
     *
     * @return the executions stopped
     */
    public List<Execution> stopAll(String error, String cause, java.time.Duration wait) throws InterruptedException {
        List<Execution> stopped = new ArrayList<>();
        for (Execution e : executions.values()) {
            if (e.status().isTerminal()) continue;
            stopExecution(e.arn(), error, cause);
            stopped.add(e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Execution e : stopped) {
            Thread t = e.thread;
            long left = deadline - System.nanoTime();
            if (t != null && left > 0) t.join(java.time.Duration.ofNanos(left));
        }
        return stopped;
    }

    public Execution execution(String arn) {
        Execution e = arn == null ? null : executions.get(arn);
        if (e == null) throw new EngineException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        return e;
    }

    /** A Distributed Map run (DescribeMapRun), by the ARN its MapRunStarted event names. */
    /** The Map Run of that ARN, or null (a redrive finds the run its Map state started). */
    MapRun mapRunOrNull(String arn) {
        return mapRuns.get(arn);
    }

    public MapRun mapRun(String arn) {
        MapRun run = arn == null ? null : mapRuns.get(arn);
        if (run == null) throw new EngineException("ResourceNotFound", "Map Run Does Not Exist: '" + arn + "'");
        return run;
    }

    MapRun startMapRun(String arn, String executionArn, String stateMachineArn, int total, int maxConcurrency, Long toleratedFailureCount,
            Double toleratedFailurePercentage) {
        MapRun run = new MapRun(arn, executionArn, stateMachineArn, total, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage);
        mapRuns.put(arn, run);
        return run;
    }

    /** The Distributed Map runs of an execution (ListMapRuns), newest first. */
    public List<MapRun> mapRuns(String executionArn) {
        execution(executionArn);
        return mapRuns.values().stream().filter(r -> r.executionArn().equals(executionArn))
                .sorted(Comparator.comparing(MapRun::startDate).reversed().thenComparing(MapRun::arn)).toList();
    }

    /** Executions, newest first; of one state machine when {@code stateMachineArn} is not null. */
    public List<Execution> executions(String stateMachineArn) {
        String q = stateMachineArn == null ? null : qualifier(stateMachineArn);
        if (q == null && stateMachineArn != null) stateMachine(stateMachineArn);
        if (q != null && versionNumber(stateMachineArn) != null) version(stateMachineArn);
        if (q != null && versionNumber(stateMachineArn) == null) alias(stateMachineArn);
        return executions.values().stream()
                .filter(e -> stateMachineArn == null || (q == null ? e.stateMachine().arn().equals(stateMachineArn)
                        : stateMachineArn.equals(e.versionArn()) || stateMachineArn.equals(e.aliasArn())))
                .sorted(Comparator.comparing(Execution::startDate).reversed())
                .toList();
    }

    public void stopExecution(String arn, String error, String cause) {
        Execution execution = execution(arn);
        synchronized (execution) {
            if (execution.status().isTerminal()) return;
            ObjectNode d = Json.object();
            if (error != null) d.put("error", error);
            if (cause != null) d.put("cause", cause);
            execution.history().add(execution.history().size(), "ExecutionAborted", "executionAbortedEventDetails", d);
            execution.finish(ExecutionStatus.ABORTED, null, error, cause);
            interruptRunner(execution);
        }
    }

    /** Runs a FAILED, TIMED_OUT or ABORTED execution again from the state where it stopped, with that state's input. */
    public Execution redriveExecution(String arn) {
        Execution execution = execution(arn);
        Execution.ResumePoint resume;
        synchronized (execution) {
            String refused = execution.notRedrivableReason();
            if (refused != null) throw new EngineException("ExecutionNotRedrivable", "Execution '" + arn + "' cannot be redriven: " + refused);
            resume = execution.resumePoint;
            execution.redriven();
            if (journal != null) {
                execution.journal(journal, List.of(new JournalEntry.Begun(execution.snapshot(), execution.versionArn(), execution.aliasArn(),
                        execution.testCaseName())));
            }
            execution.history().add(execution.history().size(), "ExecutionRedriven", "executionRedrivenEventDetails",
                    Json.object().put("redriveCount", execution.redriveCount()));
        }
        launch(execution, resume.stateName(), resume.input(), resume.variables());
        return execution;
    }

    // ---------------------------------------------------------------- task tokens

    public void sendTaskSuccess(String token, JsonNode output) {
        tokens.succeed(token, output);
    }

    public void sendTaskFailure(String token, String error, String cause) {
        tokens.fail(token, error, cause);
    }

    public void sendTaskHeartbeat(String token) {
        tokens.heartbeat(token);
    }

    static void checkName(String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new EngineException("InvalidName", "Invalid " + field + " '" + name
                    + "': 1 to 80 characters, without white space, brackets, wildcards, control characters or any of \"#%\\^|~`$&,;:/");
        }
    }

    @Override
    public void close() {
        for (Execution e : executions.values()) {
            Thread t = e.thread;
            if (t != null && !e.status().isTerminal()) t.interrupt();
        }
        virtualThreads.shutdownNow();
        if (timer != null) timer.shutdownNow();
    }
}
