package dev.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.api.StepFunctionsApiServer;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.ExecutionSnapshot;
import dev.aslengine.runtime.ExecutionStatus;
import dev.aslengine.runtime.JournalEntry;
import dev.aslengine.runtime.StateMachine;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine with every state machine of the template, its Lambda tasks served by the {@link FunctionHost} and its
 * service integrations by the local endpoint, and the Step Functions API over it. Each running execution is journaled
 * step by step under the data folder ({@link ExecutionJournalFiles}) and kept as a snapshot once it ends; on the next
 * start, after a clean stop or a crash alike, ended executions are put back and running ones go on from their last
 * completed state. State machines created through the API are kept too (the template's own are always taken from the
 * template).
 */
final class StepFunctionsService implements AutoCloseable {
    /**
     * Journaling is on unless this environment variable is {@code off} (for measuring what it costs): executions are then
     * kept only when they end, and those running at a clean stop are stopped and redriven on the next start.
     */
    static final String JOURNAL_SWITCH = "CONTROLPLANE_EXECUTION_JOURNAL";
    private static final String RESOURCES = "resources.json";
    private static final Set<String> ENDS = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");
    /** The error of an execution stopped because controlplane up stopped: such executions are redriven on the next start. */
    static final String STOPPED_ERROR = "ControlPlane.RuntimeStopped";
    private static final String STOPPED_CAUSE = "controlplane up stopped while this execution was running;"
            + " it is redriven from the state it was in when controlplane up starts again";

    private final Engine engine;
    private final StateMachineRoles roles;
    private final StepFunctionsApiServer api;
    private final Path folder;
    private final Set<String> templateMachines;
    private final PrintStream log;
    private final List<String> restoreNotes = new ArrayList<>();
    /** null when journaling is off */
    private final ExecutionJournalFiles journal;
    private int restored;
    private int resumed;
    /** Where executions found running go on from: at once, or once {@link #release} is called. */
    private final HeldLaunches launches;

    private StepFunctionsService(Engine engine, StepFunctionsApiServer api, Path folder, Set<String> templateMachines, PrintStream log,
            StateMachineRoles roles, ExecutionJournalFiles journal, boolean hold) {
        this.journal = journal;
        this.launches = new HeldLaunches(hold);
        this.roles = roles;
        this.engine = engine;
        this.api = api;
        this.folder = folder;
        this.templateMachines = templateMachines;
        this.log = log;
    }

    /**
     * @param timeScale multiplies Wait and Retry intervals (1: real time)
     * @param hold      whether the executions found running wait for {@link #release} to go on (while the environments
     *                  served beside this one, which they may call, are still starting)
     */
    static StepFunctionsService start(LocalTemplate template, FunctionHost functions, LocalIam iam, URI awsEndpoint, Path folder,
            double timeScale, MockConfig mockConfig, PrintStream log, boolean hold) {
        try {
            Files.createDirectories(folder.resolve("executions"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Step Functions data folder " + folder + ": " + e.getMessage(), e);
        }
        StateMachineRoles roles = new StateMachineRoles(template, iam, awsEndpoint, log);
        Path executions = folder.resolve("executions");
        ExecutionJournalFiles journal = "off".equalsIgnoreCase(System.getenv(JOURNAL_SWITCH)) ? null : new ExecutionJournalFiles(executions, log);
        Engine engine = Engine.builder()
                .region(template.stack().region())
                .accountId(template.stack().accountId())
                .timeScale(timeScale)
                .mockConfig(mockConfig)
                .integration(roles.lambdas(functions.lambdas(), template))
                .integration(roles.services())
                .distributedMapStore(roles.distributedMaps())
                .journal(journal)
                .onExecutionEnded(e -> keep(executions, e, journal, log))
                .build();
        List<String> problems = new ArrayList<>();
        for (LocalTemplate.StateMachine sm : template.stateMachines()) {
            try {
                engine.createStateMachine(sm.name(), sm.definition(), null);
            } catch (EngineException e) {
                problems.add(sm.logicalId() + (sm.definitionFile() == null ? "" : " (" + sm.definitionFile() + ")") + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            engine.close();
            roles.close();
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Set<String> own = template.stateMachines().stream().map(LocalTemplate.StateMachine::name).collect(Collectors.toSet());
        StepFunctionsService service = new StepFunctionsService(engine, StepFunctionsApiServer.start(engine, 0), folder, own, log, roles, journal, hold);
        service.restoreResources();
        service.restoreExecutions();
        return service;
    }

    Engine engine() {
        return engine;
    }

    URI url() {
        return api.url();
    }

    int restoredExecutions() {
        return restored;
    }

    int resumedExecutions() {
        return resumed;
    }

    List<String> restoreNotes() {
        return restoreNotes;
    }

    /**
     * State machines created through the API, versions, aliases, activities and tags, as kept in resources.json, which
     * is written again after each change (a whole file moved in place); before there is one, the state-machines folder
     * an earlier up kept at its stop.
     */
    private void restoreResources() {
        Path file = folder.resolve(RESOURCES);
        if (Files.exists(file)) {
            try {
                JsonNode kept = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
                api.api().restoreResources(kept, templateMachines::contains).forEach(p -> restoreNotes.add(p + " (not restored)"));
            } catch (IOException | RuntimeException e) {
                restoreNotes.add(file + " cannot be read (" + e.getMessage() + "): the state machines created through the API, versions,"
                        + " aliases, activities and tags it kept are not restored");
            }
        } else {
            restoreStateMachines();
        }
        api.api().onChange(this::saveResources);
    }

    private synchronized void saveResources() {
        try {
            write(folder.resolve(RESOURCES), Json.write(api.api().resources(templateMachines::contains)));
        } catch (UncheckedIOException e) {
            log.println("step functions: could not keep the state machines, versions, aliases, activities and tags in "
                    + folder.resolve(RESOURCES) + ": " + e.getMessage());
        }
    }

    private void restoreStateMachines() {
        if (!Files.isDirectory(folder.resolve("state-machines"))) return;
        for (Path file : files(folder.resolve("state-machines"))) {
            try {
                JsonNode sm = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
                String name = sm.path("name").asText();
                if (templateMachines.contains(name)) continue;
                engine.createStateMachine(name, sm.path("definition").asText(), sm.path("roleArn").asText(null));
            } catch (IOException | RuntimeException e) {
                restoreNotes.add("state machine " + file.getFileName() + " not restored: " + e.getMessage());
            }
        }
    }

    private void restoreExecutions() {
        Path dir = folder.resolve("executions");
        List<ExecutionSnapshot> snapshots = new ArrayList<>();
        for (Path file : files(dir)) {
            try {
                snapshots.add(ExecutionSnapshot.fromJson(Json.parse(Files.readString(file, StandardCharsets.UTF_8))));
            } catch (IOException | RuntimeException e) {
                restoreNotes.add("execution " + file.getFileName() + " not restored: " + e.getMessage());
            }
        }
        // a journal is newer than its execution's snapshot (which is the end of a run before a redrive), unless it ended too
        List<Journaled> journals = readJournals(dir);
        java.util.Map<String, ExecutionSnapshot> byArn = new java.util.HashMap<>();
        snapshots.forEach(s -> byArn.put(s.arn(), s));
        journals.removeIf(j -> {
            ExecutionSnapshot kept = byArn.get(j.arn());
            if (kept != null && j.endedWithin(kept)) {
                removeQuietly(j.file());
                return true;
            }
            if (kept != null) snapshots.remove(kept);
            return false;
        });
        snapshots.sort(Comparator.comparing(ExecutionSnapshot::startDate));
        for (ExecutionSnapshot s : snapshots) {
            try {
                engine.restoreExecution(s);
                restored++;
            } catch (EngineException e) {
                restoreNotes.add("execution " + s.arn() + " not restored: " + e.getMessage());
            }
        }
        journals.sort(Comparator.comparing(Journaled::startDate));
        java.util.Map<String, Journaled> byExecution = new java.util.HashMap<>();
        journals.forEach(j -> byExecution.put(j.arn(), j));
        List<Execution> back = engine.resumeExecutions(journals.stream().map(Journaled::entries).toList(), (i, e) -> {
            Journaled j = journals.get(i);
            Path aside = j.file().resolveSibling(j.file().getFileName() + ".unrestored");
            moveQuietly(j.file(), aside);
            restoreNotes.add("execution " + j.arn() + " not restored: " + e.getMessage() + " (its journal is kept as " + aside + ")");
        }, launches);
        for (Execution e : back) {
            restored++;
            if (byExecution.get(e.arn()).ended()) {
                keep(dir, e, journal, log);
            } else {
                resumed++;
            }
        }
        for (ExecutionSnapshot s : snapshots) {
            if (s.status() == ExecutionStatus.ABORTED && STOPPED_ERROR.equals(s.error()) && s.resumeState() != null) {
                resumed++;
                launches.execute(() -> {
                    try {
                        engine.redriveExecution(s.arn());
                    } catch (EngineException e) {
                        // a note of the summary, which counts it out (held: on release, before the summary is read)
                        restoreNotes.add("execution " + s.arn() + " not resumed: " + e.getMessage());
                        resumed--;
                    }
                });
            }
        }
    }

    /** Lets the executions found running at start go on, when they were held. */
    void release() {
        launches.release();
    }

    /** Runs what it is given at once, or, while held, keeps it to run in order on release. */
    private static final class HeldLaunches implements java.util.concurrent.Executor {
        private List<Runnable> held;

        HeldLaunches(boolean hold) {
            held = hold ? new ArrayList<>() : null;
        }

        @Override
        public void execute(Runnable launch) {
            synchronized (this) {
                if (held != null) {
                    held.add(launch);
                    return;
                }
            }
            launch.run();
        }

        void release() {
            List<Runnable> go;
            synchronized (this) {
                go = held;
                held = null;
            }
            if (go != null) go.forEach(Runnable::run);
        }
    }

    /** A journal read at start-up. */
    private record Journaled(Path file, List<JournalEntry> entries) {
        JournalEntry.Begun begun() {
            return (JournalEntry.Begun) entries.get(0);
        }

        String arn() {
            return begun().soFar().arn();
        }

        java.time.Instant startDate() {
            return begun().soFar().startDate();
        }

        /** Whether the run this journal kept had ended (its last event is the execution's end). */
        boolean ended() {
            JournalEntry.Event last = null;
            for (JournalEntry e : entries) if (e instanceof JournalEntry.Event ev) last = ev;
            return last != null && ENDS.contains(last.event().type());
        }

        /** Whether this journal's run ended and {@code kept} already holds all of it (up went before removing the journal). */
        boolean endedWithin(ExecutionSnapshot kept) {
            long events = begun().soFar().history().size() + entries.stream().filter(e -> e instanceof JournalEntry.Event).count();
            return kept.status().isTerminal() && kept.history().size() >= events;
        }
    }

    /** The journals of the folder; those that cannot be used are named in the notes with what is wrong, and set aside. */
    private List<Journaled> readJournals(Path dir) {
        List<Journaled> out = new ArrayList<>();
        for (Path file : files(dir, "*" + ExecutionJournalFiles.SUFFIX)) {
            ExecutionJournalFiles.Contents read;
            try {
                read = ExecutionJournalFiles.read(file);
            } catch (UncheckedIOException e) {
                restoreNotes.add("execution journal " + file + " cannot be read (" + e.getMessage() + "): the execution it kept is not restored");
                continue;
            }
            if (read.entries().isEmpty() || !(read.entries().get(0) instanceof JournalEntry.Begun)) {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
                moveQuietly(file, aside);
                restoreNotes.add("execution journal " + file + " cannot be read: "
                        + (read.problem() != null ? read.problem() : "it does not begin with the execution's start")
                        + "; the execution it kept is not restored (the file is kept as " + aside + ")");
                continue;
            }
            Journaled j = new Journaled(file, read.entries());
            if (read.problem() != null && !read.tornTail()) {
                restoreNotes.add("execution journal " + file + " of " + j.arn() + ": " + read.problem()
                        + "; the execution goes on from the record before it");
            }
            out.add(j);
        }
        return out;
    }

    private void moveQuietly(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.println("step functions: could not move " + from + " to " + to + ": " + e.getMessage());
        }
    }

    private void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.println("step functions: could not remove " + file + ": " + e.getMessage());
        }
    }

    private static List<Path> files(Path dir) {
        return files(dir, "*.json");
    }

    private static List<Path> files(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes an ended execution's snapshot, replacing the one from a previous run of it, then drops its journal. */
    private static void keep(Path executions, Execution execution, ExecutionJournalFiles journal, PrintStream log) {
        // once up stops, what its executions still do is not kept: they are resumed from their journals
        if (journal != null && journal.closed()) return;
        try {
            write(executions.resolve(fileName(execution.arn())), Json.write(execution.snapshot().toJson()));
            if (journal != null && execution.status().isTerminal()) journal.ended(execution.arn());
        } catch (UncheckedIOException e) {
            log.println("step functions: could not keep " + execution.arn() + ": " + e.getMessage());
        }
        ObjectNode line = Json.object().put("execution", execution.arn()).put("status", execution.status().name());
        if (execution.error() != null) line.put("error", execution.error());
        log.println("execution ended " + Json.write(line));
    }

    private static String fileName(String arn) {
        return fileName(arn, ".json");
    }

    static String fileName(String arn, String suffix) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".write", ".tmp");
            // on the disk before it replaces anything: an ended execution's journal is removed once this is in place
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) out.write(bytes);
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (journal != null) {
            // the running executions stay journaled where they are: the next start resumes them, their task tokens valid
            journal.close();
            long running = engine.executions(null).stream().filter(e -> e.status() == ExecutionStatus.RUNNING).count();
            if (running > 0) log.println("step functions: stopped " + running + " running execution(s); they resume on the next start");
        } else {
            try {
                List<Execution> stopped = engine.stopAll(STOPPED_ERROR, STOPPED_CAUSE, Duration.ofSeconds(10));
                if (!stopped.isEmpty()) log.println("step functions: stopped " + stopped.size() + " running execution(s); they resume on the next start");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveResources();
        api.close();
        engine.close();
        roles.close();
    }
}
